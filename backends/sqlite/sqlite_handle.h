// Owning handles for SQLite's C objects.
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_HANDLE_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_HANDLE_H_

#include <sqlite3.h>

#include <memory>

namespace statectl::sqlite {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

using DbHandle = std::unique_ptr<sqlite3, CloseDb>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, FinalizeStmt>;

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_HANDLE_H_
