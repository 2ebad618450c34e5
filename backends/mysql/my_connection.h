// One libmariadb connection: statements prepared once and kept, parameters
// always bound, results read row by row.
#ifndef STATECTL_BACKENDS_MYSQL_MY_CONNECTION_H_
#define STATECTL_BACKENDS_MYSQL_MY_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/mysql/mariadb_api.h"
#include "backends/mysql/my_watch.h"
#include "core/status.h"

namespace statectl::my {

// A bound parameter: an integer or text (viewed, not copied: it must live
// until the statement has executed).
struct Param {
  bool is_int = false;
  long long i = 0;
  std::string_view s;
};
inline Param Int(int64_t v) { return Param{true, static_cast<long long>(v), {}}; }
inline Param Text(std::string_view v) { return Param{false, 0, v}; }

class Connection;

// The rows of one executed statement, streamed from the server (the whole
// result is never held). While a Cursor is open its connection runs no
// other statement. Closing it (the destructor) discards unread rows.
class Cursor {
 public:
  Cursor(Cursor&& other) noexcept;
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor();

  // The next row, or false after the last.
  Result<bool> Next();
  // Column i of the current row: its bytes (valid until Next), or nullopt for NULL.
  std::optional<std::string_view> Text(size_t i) const;
  // Column i as an integer; kDatabase if it is NULL or not one.
  Result<int64_t> Integer(size_t i) const;

 private:
  friend class Connection;
  struct Column {
    std::vector<char> buffer;  // grows to the longest value seen
    unsigned long length = 0;
    my_bool is_null = 0;
    my_bool error = 0;
  };
  Cursor(Connection* conn, MYSQL_STMT* stmt, size_t columns);

  Connection* conn_;
  MYSQL_STMT* stmt_;
  std::vector<Column> columns_;
  std::vector<MYSQL_BIND> binds_;
};

class Connection {
 public:
  // Takes the connected handle.
  Connection(const Mariadb* api, MYSQL* handle, std::string endpoint);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs a statement without parameters and discards what it returns.
  Status Run(const char* sql);
  // Runs a statement without parameters; each row's columns as text
  // (NULL as nullopt), to visit.
  Status RunRows(const char* sql,
                 const std::function<Status(const std::vector<std::optional<std::string_view>>&)>& visit);
  // Executes sql (prepared once per connection) with params; its rows.
  Result<Cursor> Query(const char* sql, std::initializer_list<Param> params);
  // Executes sql with params and hands visit each row (the cursor on it);
  // a non-OK status from visit stops the read and is returned.
  Status EachRow(const char* sql, std::initializer_list<Param> params,
                 const std::function<Status(const Cursor&)>& visit);
  // Executes sql with params; the first column of its first row as an
  // integer (COUNT(*) and the like), nullopt without a row or for NULL.
  Result<std::optional<int64_t>> QueryInteger(const char* sql, std::initializer_list<Param> params);
  // Executes sql with params; the rows it changed.
  Result<int64_t> Execute(const char* sql, std::initializer_list<Param> params);
  // Executes sql, prepared for this call only (its text varies: a
  // multi-row INSERT's placeholders), with params; the rows it changed.
  Result<int64_t> ExecuteOnce(const std::string& sql, const std::vector<Param>& params);
  // Execute with params in a vector (a multi-row INSERT's): sql is prepared
  // once per connection and keyed by its address, so it must outlive the
  // connection (a static).
  Result<int64_t> Execute(const char* sql, const std::vector<Param>& params);
  // EachRow for a statement prepared for this call only.
  Status QueryOnce(const std::string& sql, const std::vector<Param>& params,
                   const std::function<Status(const Cursor&)>& visit);
  // Executes an INSERT with params; the AUTO_INCREMENT id it made.
  Result<int64_t> Insert(const char* sql, std::initializer_list<Param> params);

  // From now on a call that waits `silence` on the server runs probe (on
  // another thread) and, unless it says the server works on the statement,
  // ends with kDatabase "lost the connection ..." (see my_watch.h).
  void WatchSilence(std::chrono::milliseconds silence, SilenceWatch::Probe probe);

  // Facts of the database a connection reads once: the byte capacity of
  // object_state.value_json (nullopt until read).
  std::optional<int64_t>& value_capacity() { return value_capacity_; }

  const Mariadb* api() const { return api_; }
  MYSQL* handle() const { return handle_; }
  const std::string& endpoint() const { return endpoint_; }

  // The error of the last call on the connection or stmt, as a Status
  // (the watch's reason when it cut the connection).
  Status LastError(MYSQL_STMT* stmt = nullptr) const;
  // Marks a call that waits on the server, for the watch; while alive.
  SilenceWatch::Waiting Waits() { return SilenceWatch::Waiting(watch_.get()); }

 private:
  struct StmtCloser {
    const Mariadb* api;
    void operator()(MYSQL_STMT* stmt) const { api->stmt_close(stmt); }
  };
  using OnceStmt = std::unique_ptr<MYSQL_STMT, StmtCloser>;

  Result<MYSQL_STMT*> Prepared(const char* sql);
  // A cursor on the rows of executed stmt.
  Result<Cursor> CursorOn(MYSQL_STMT* stmt);
  // Hands visit each row left in rows.
  static Status EachOf(Cursor& rows, const std::function<Status(const Cursor&)>& visit);
  // Prepares sql for this call only and executes it with params.
  Result<OnceStmt> RunOnce(const std::string& sql, const std::vector<Param>& params);
  Result<MYSQL_STMT*> ExecuteStmt(const char* sql, const Param* params, size_t n);
  // Binds n params to stmt and executes it.
  Status BindAndExecute(MYSQL_STMT* stmt, const Param* params, size_t n);

  const Mariadb* api_;
  MYSQL* handle_;
  std::string endpoint_;
  std::map<const char*, MYSQL_STMT*> statements_;  // keyed by the SQL text's address
  std::optional<int64_t> value_capacity_;
  std::unique_ptr<SilenceWatch> watch_;  // before handle_ is closed, it is stopped
};

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_CONNECTION_H_
