// One SQLite connection and its prepared statements.
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_CONNECTION_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_CONNECTION_H_

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "backends/sqlite/sqlite_handle.h"
#include "core/status.h"

namespace statectl::sqlite {

// Not thread-safe: used by one thread at a time, as the transaction on it.
class Connection {
 public:
  Connection(DbHandle db, std::chrono::milliseconds timeout)
      : db_(std::move(db)), timeout_(timeout) {}
  ~Connection() { statements_.clear(); }  // finalized before the handle closes

  // rc (with this connection's message) as a Status.
  Status Error(int rc) const;

  // Runs sql; first resets every cached statement so none holds the
  // transaction open (COMMIT and ROLLBACK need that).
  Status Exec(const char* sql);

  // A reset statement for sql, a string constant (its address is the cache
  // key), prepared once; valid until the connection closes.
  Result<sqlite3_stmt*> Prepare(const char* sql);

  sqlite3* db() const { return db_.get(); }

  // Steps stmt through its rows, calling on_row at each (it reads the
  // columns); stops at on_row's first error and returns it. The statement
  // is reset however it ends.
  Status EachStep(sqlite3_stmt* stmt, const std::function<Status()>& on_row);

 private:
  DbHandle db_;
  std::chrono::milliseconds timeout_;
  std::map<const char*, StmtHandle> statements_;
};

// A text column as a view, valid until the statement steps again.
std::string_view ColumnView(sqlite3_stmt* stmt, int col);

// Binds a text parameter; SQLite copies it, so the view need not outlive the call.
int BindText(sqlite3_stmt* stmt, int index, std::string_view text);

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_CONNECTION_H_
