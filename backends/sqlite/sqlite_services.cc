#include "backends/sqlite/sqlite_services.h"

#include "backends/service_claims_sql.h"

namespace statectl::sqlite {
namespace {

constexpr const char* kServiceTableCount =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
    "('masters', 'schedulers', 'scheduler_masters', 'changesources', 'changesource_masters')";

}  // namespace

Result<bool> SqliteServices::HasServiceTables() {
  auto stmt = conn_.Prepare(kServiceTableCount);
  if (!stmt) return stmt.error();
  int rc = sqlite3_step(*stmt);
  if (rc != SQLITE_ROW) return conn_.Error(rc);
  bool all = sqlite3_column_int64(*stmt, 0) == 5;
  sqlite3_reset(*stmt);
  return all;
}

Status SqliteServices::ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) {
  auto stmt = conn_.Prepare(kServiceClaims);
  if (!stmt) return stmt.error();
  sqlite3_stmt* s = *stmt;
  ServiceClaim claim;
  return conn_.EachStep(s, [&] {
    claim.service.assign(ColumnView(s, 0));
    claim.kind.assign(ColumnView(s, 1));
    claim.master_id = sqlite3_column_int64(s, 2);
    claim.master.assign(ColumnView(s, 3));
    claim.active = sqlite3_column_int64(s, 4) != 0;
    claim.last_active = sqlite3_column_int64(s, 5);
    return visit(claim);
  });
}

}  // namespace statectl::sqlite
