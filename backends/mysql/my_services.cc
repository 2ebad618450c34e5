#include "backends/mysql/my_services.h"

#include "backends/mysql/my_sql.h"
#include "backends/service_claims_sql.h"

namespace statectl::my {

Result<bool> MyServices::HasServiceTables() {
  auto n = conn_.QueryInteger(sql::kHasServiceTables, {});
  if (!n) return n.error();
  return n->value_or(0) == 5;
}

Status MyServices::ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) {
  // Read whole before visiting: the visitor may run statements of its own.
  std::vector<ServiceClaim> claims;
  STATECTL_RETURN_IF_ERROR(conn_.EachRow(kServiceClaims, {}, [&](const Cursor& row) -> Status {
    auto master_id = row.Integer(2);
    auto active = row.Integer(4);
    auto last_active = row.Integer(5);
    if (!master_id) return master_id.error();
    if (!active) return active.error();
    if (!last_active) return last_active.error();
    ServiceClaim& claim = claims.emplace_back();
    claim.service.assign(row.Text(0).value_or(""));
    claim.kind.assign(row.Text(1).value_or(""));
    claim.master_id = *master_id;
    claim.master.assign(row.Text(3).value_or(""));
    claim.active = *active != 0;
    claim.last_active = *last_active;
    return Status::Ok();
  }));
  for (const ServiceClaim& claim : claims) STATECTL_RETURN_IF_ERROR(visit(claim));
  return Status::Ok();
}

}  // namespace statectl::my
