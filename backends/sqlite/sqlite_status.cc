#include "backends/sqlite/sqlite_status.h"

#include <string>

#include "core/backend.h"
#include "core/seconds.h"

namespace statectl::sqlite {

Status SqliteStatus(sqlite3* db, int rc, std::chrono::milliseconds timeout) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict(msg);
  }
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: {
      return LockedError("waited " + SecondsText(timeout) + " s");
    }
    case SQLITE_ERROR:
      if (msg.rfind("no such table", 0) == 0) {
        return NoStateTablesError(msg);
      }
      break;
    default:
      break;
  }
  return Status::Database(msg);
}

}  // namespace statectl::sqlite
