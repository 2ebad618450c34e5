#include "backends/sqlite/sqlite_status.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <string>

#include "core/backend.h"
#include "core/seconds.h"

namespace statectl::sqlite {

std::string WhyNotWritable(const std::string& path) {
  if (path.empty()) return "";
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  struct statvfs fs;
  if (statvfs(dir.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY)) {
    return "the file system of '" + dir + "' is mounted read-only";
  }
  if (access(dir.c_str(), W_OK) != 0) {
    return "this user may not write in its directory '" + dir +
           "', where SQLite makes its journal and WAL files (run as the master's user)";
  }
  if (access(path.c_str(), F_OK) == 0 && access(path.c_str(), W_OK) != 0) {
    return "this user may not write the file '" + path + "'";
  }
  return "";
}

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
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR: {
      const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
      std::string why = WhyNotWritable(file ? file : "");
      if (!why.empty()) msg += ": " + why;
      break;
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
