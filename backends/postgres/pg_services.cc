#include "backends/postgres/pg_services.h"

#include "backends/postgres/pg_sql.h"
#include "backends/service_claims_sql.h"

namespace statectl::pg {

Result<bool> PgServices::HasServiceTables() {
  auto res = conn_.Exec(sql::kHasServiceTables);
  if (!res) return res.error();
  return conn_.Value(*res, 0, 0) == "t";
}

Status PgServices::ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) {
  auto res = conn_.Exec(kServiceClaims);
  if (!res) return res.error();
  ServiceClaim claim;
  for (int r = 0; r < conn_.Rows(*res); ++r) {
    auto master_id = conn_.Integer(*res, r, 2);
    auto active = conn_.Integer(*res, r, 4);
    auto last_active = conn_.Integer(*res, r, 5);
    if (!master_id) return master_id.error();
    if (!active) return active.error();
    if (!last_active) return last_active.error();
    claim.service = conn_.Value(*res, r, 0);
    claim.kind = conn_.Value(*res, r, 1);
    claim.master_id = *master_id;
    claim.master = conn_.Value(*res, r, 3);
    claim.active = *active != 0;
    claim.last_active = *last_active;
    STATECTL_RETURN_IF_ERROR(visit(claim));
  }
  return Status::Ok();
}

}  // namespace statectl::pg
