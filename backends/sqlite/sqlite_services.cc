#include "backends/sqlite/sqlite_services.h"

namespace statectl::sqlite {
namespace {

constexpr const char* kServiceTables =
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
    "('masters', 'schedulers', 'scheduler_masters', 'changesources', 'changesource_masters')";
// Buildbot's model (buildbot/db/model.py): a scheduler or change source is
// claimed by inserting (its id, the master's id) into its *_masters table.
constexpr const char* kClaims =
    "SELECT s.name, 'scheduler', m.id, m.name, m.active, m.last_active FROM schedulers AS s "
    "JOIN scheduler_masters AS sm ON sm.schedulerid = s.id JOIN masters AS m ON m.id = sm.masterid "
    "UNION ALL "
    "SELECT c.name, 'change source', m.id, m.name, m.active, m.last_active FROM changesources AS c "
    "JOIN changesource_masters AS cm ON cm.changesourceid = c.id "
    "JOIN masters AS m ON m.id = cm.masterid";

}  // namespace

Result<bool> SqliteServices::HasServiceTables() {
  auto stmt = conn_.Prepare(kServiceTables);
  if (!stmt) return stmt.error();
  int rc = sqlite3_step(*stmt);
  if (rc != SQLITE_ROW) return conn_.Error(rc);
  bool all = sqlite3_column_int64(*stmt, 0) == 5;
  sqlite3_reset(*stmt);
  return all;
}

Status SqliteServices::ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) {
  auto stmt = conn_.Prepare(kClaims);
  if (!stmt) return stmt.error();
  ServiceClaim claim;
  int rc;
  while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    claim.service.assign(ColumnView(*stmt, 0));
    claim.kind.assign(ColumnView(*stmt, 1));
    claim.master_id = sqlite3_column_int64(*stmt, 2);
    claim.master.assign(ColumnView(*stmt, 3));
    claim.active = sqlite3_column_int64(*stmt, 4) != 0;
    claim.last_active = sqlite3_column_int64(*stmt, 5);
    Status st = visit(claim);
    if (!st.ok()) {
      sqlite3_reset(*stmt);
      return st;
    }
  }
  sqlite3_reset(*stmt);
  return rc == SQLITE_DONE ? Status::Ok() : conn_.Error(rc);
}

}  // namespace statectl::sqlite
