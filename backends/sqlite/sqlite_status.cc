#include "backends/sqlite/sqlite_status.h"

#include <string>

namespace statectl::sqlite {

Status SqliteStatus(sqlite3* db, int rc, std::chrono::milliseconds timeout) {
  std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict(msg);
  }
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: {
      double seconds = static_cast<double>(timeout.count()) / 1000.0;
      std::string shown = std::to_string(seconds);
      shown.erase(shown.find_last_not_of('0') + 1);
      if (shown.back() == '.') shown.pop_back();
      return Status::Database("database is locked by another connection (waited " + shown +
                              " s; raise --timeout)");
    }
    case SQLITE_ERROR:
      if (msg.rfind("no such table", 0) == 0) {
        return Status::Database("database has no Buildbot state tables (" + msg +
                                "); run 'statectl init' first");
      }
      break;
    default:
      break;
  }
  return Status::Database(msg);
}

}  // namespace statectl::sqlite
