#include "backends/mysql/my_connection.h"

#include <errmsg.h>

#include <charconv>
#include <cstring>

#include "backends/mysql/my_status.h"

namespace statectl::my {

Cursor::Cursor(Connection* conn, MYSQL_STMT* stmt, size_t columns)
    : conn_(conn), stmt_(stmt), columns_(columns), binds_(columns) {
  for (size_t i = 0; i < columns; ++i) {
    Column& c = columns_[i];
    c.buffer.resize(256);
    MYSQL_BIND& b = binds_[i];
    std::memset(&b, 0, sizeof b);
    b.buffer_type = MYSQL_TYPE_STRING;
    b.buffer = c.buffer.data();
    b.buffer_length = c.buffer.size();
    b.length = &c.length;
    b.is_null = &c.is_null;
    b.error = &c.error;
  }
}

Cursor::Cursor(Cursor&& other) noexcept
    : conn_(other.conn_),
      stmt_(other.stmt_),
      columns_(std::move(other.columns_)),
      binds_(std::move(other.binds_)) {
  other.stmt_ = nullptr;
}

Cursor::~Cursor() {
  if (!stmt_) return;
  auto waiting = conn_->Waits();  // unread rows are read and dropped
  conn_->api()->stmt_free_result(stmt_);
}

Result<bool> Cursor::Next() {
  const Mariadb* api = conn_->api();
  auto waiting = conn_->Waits();
  int rc = api->stmt_fetch(stmt_);
  if (rc == MYSQL_NO_DATA) return false;
  if (rc == 1) return conn_->LastError(stmt_);
  if (rc == MYSQL_DATA_TRUNCATED) {  // a value longer than its buffer: fetch it whole
    bool rebind = false;
    for (size_t i = 0; i < columns_.size(); ++i) {
      Column& c = columns_[i];
      if (c.is_null || c.length <= c.buffer.size()) continue;
      c.buffer.resize(c.length);
      binds_[i].buffer = c.buffer.data();
      binds_[i].buffer_length = c.buffer.size();
      if (api->stmt_fetch_column(stmt_, &binds_[i], static_cast<unsigned>(i), 0) != 0) {
        return conn_->LastError(stmt_);
      }
      rebind = true;
    }
    if (rebind && api->stmt_bind_result(stmt_, binds_.data()) != 0) return conn_->LastError(stmt_);
  }
  return true;
}

std::optional<std::string_view> Cursor::Text(size_t i) const {
  const Column& c = columns_[i];
  if (c.is_null) return std::nullopt;
  return std::string_view(c.buffer.data(), c.length);
}

Result<int64_t> Cursor::Integer(size_t i) const {
  std::optional<std::string_view> text = Text(i);
  int64_t v = 0;
  if (text) {
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec == std::errc() && end == text->data() + text->size()) return v;
  }
  return Status::Database("MySQL returned '" + std::string(text.value_or("NULL")) +
                          "' where a number was expected");
}

Connection::Connection(const Mariadb* api, MYSQL* handle, std::string endpoint)
    : api_(api), handle_(handle), endpoint_(std::move(endpoint)) {}

Connection::~Connection() {
  watch_.reset();
  for (auto& [sql, stmt] : statements_) api_->stmt_close(stmt);
  api_->close(handle_);
}

void Connection::WatchSilence(std::chrono::milliseconds silence, SilenceWatch::Probe probe) {
  watch_ = std::make_unique<SilenceWatch>(silence, api_->get_socket(handle_), std::move(probe));
}

Status Connection::LastError(MYSQL_STMT* stmt) const {
  if (watch_) {
    if (auto why = watch_->cut_because()) {
      return Status::Database("lost the connection to MySQL at " + endpoint_ + ": " + *why);
    }
  }
  unsigned code = stmt ? api_->stmt_errno(stmt) : api_->errnum(handle_);
  if (code == CR_SERVER_GONE_ERROR || code == CR_SERVER_LOST) {
    return Status::Database("lost the connection to MySQL at " + endpoint_ + ": " +
                            (stmt ? api_->stmt_error(stmt) : api_->error(handle_)));
  }
  if (stmt) return MyStatus(api_->stmt_errno(stmt), api_->stmt_error(stmt));
  return MyStatus(api_->errnum(handle_), api_->error(handle_));
}

Status Connection::Run(const char* sql) {
  return RunRows(sql, [](const auto&) { return Status::Ok(); });
}

Status Connection::RunRows(
    const char* sql,
    const std::function<Status(const std::vector<std::optional<std::string_view>>&)>& visit) {
  auto waiting = Waits();
  if (api_->real_query(handle_, sql, std::strlen(sql)) != 0) return LastError();
  Status status;
  for (;;) {  // every result of the statement (CHECK TABLE gives one per table)
    MYSQL_RES* res = api_->store_result(handle_);
    if (res) {
      unsigned n = api_->num_fields(res);
      std::vector<std::optional<std::string_view>> row(n);
      while (MYSQL_ROW r = api_->fetch_row(res)) {
        unsigned long* lengths = api_->fetch_lengths(res);
        for (unsigned i = 0; i < n; ++i) {
          row[i] = r[i] ? std::optional<std::string_view>(std::string_view(r[i], lengths[i]))
                        : std::nullopt;
        }
        if (status.ok()) status = visit(row);
      }
      api_->free_result(res);
    } else if (api_->errnum(handle_) != 0) {
      return LastError();
    }
    int next = api_->next_result(handle_);
    if (next > 0) return LastError();
    if (next < 0) break;
  }
  return status;
}

Result<MYSQL_STMT*> Connection::Prepared(const char* sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return found->second;
  MYSQL_STMT* stmt = api_->stmt_init(handle_);
  if (!stmt) return LastError();
  auto waiting = Waits();
  if (api_->stmt_prepare(stmt, sql, std::strlen(sql)) != 0) {
    Status error = LastError(stmt);
    api_->stmt_close(stmt);
    return error;
  }
  statements_.emplace(sql, stmt);
  return stmt;
}

Status Connection::BindAndExecute(MYSQL_STMT* stmt, const Param* params, size_t n) {
  if (api_->stmt_param_count(stmt) != n) {
    return Status::Database("statement takes " + std::to_string(api_->stmt_param_count(stmt)) +
                            " parameters, given " + std::to_string(n));
  }
  std::vector<MYSQL_BIND> binds(n);
  std::vector<unsigned long> lengths(n);
  for (size_t i = 0; i < n; ++i) {
    const Param& p = params[i];
    MYSQL_BIND& b = binds[i];
    std::memset(&b, 0, sizeof b);
    if (p.is_int) {
      b.buffer_type = MYSQL_TYPE_LONGLONG;
      b.buffer = const_cast<long long*>(&p.i);
    } else {
      b.buffer_type = MYSQL_TYPE_STRING;
      b.buffer = const_cast<char*>(p.s.data());
      lengths[i] = p.s.size();
      b.buffer_length = p.s.size();
      b.length = &lengths[i];
    }
  }
  if (n > 0 && api_->stmt_bind_param(stmt, binds.data()) != 0) return LastError(stmt);
  auto waiting = Waits();
  if (api_->stmt_execute(stmt) != 0) return LastError(stmt);
  return Status::Ok();
}

Result<MYSQL_STMT*> Connection::ExecuteStmt(const char* sql, const Param* params, size_t n) {
  auto stmt = Prepared(sql);
  if (!stmt) return stmt.error();
  STATECTL_RETURN_IF_ERROR(BindAndExecute(*stmt, params, n));
  return *stmt;
}

Result<Cursor> Connection::CursorOn(MYSQL_STMT* stmt) {
  Cursor cursor(this, stmt, api_->stmt_field_count(stmt));
  if (!cursor.binds_.empty() && api_->stmt_bind_result(stmt, cursor.binds_.data()) != 0) {
    return LastError(stmt);
  }
  return cursor;
}

Status Connection::EachOf(Cursor& rows, const std::function<Status(const Cursor&)>& visit) {
  for (;;) {
    auto more = rows.Next();
    if (!more) return more.error();
    if (!*more) return Status::Ok();
    STATECTL_RETURN_IF_ERROR(visit(rows));
  }
}

Result<Connection::OnceStmt> Connection::RunOnce(const std::string& sql,
                                                const std::vector<Param>& params) {
  OnceStmt stmt(api_->stmt_init(handle_), StmtCloser{api_});
  if (!stmt) return LastError();
  auto waiting = Waits();
  if (api_->stmt_prepare(stmt.get(), sql.data(), sql.size()) != 0) return LastError(stmt.get());
  STATECTL_RETURN_IF_ERROR(BindAndExecute(stmt.get(), params.data(), params.size()));
  return stmt;
}

Result<int64_t> Connection::ExecuteOnce(const std::string& sql, const std::vector<Param>& params) {
  auto stmt = RunOnce(sql, params);
  if (!stmt) return stmt.error();
  return static_cast<int64_t>(api_->stmt_affected_rows(stmt->get()));
}

Status Connection::QueryOnce(const std::string& sql, const std::vector<Param>& params,
                             const std::function<Status(const Cursor&)>& visit) {
  auto stmt = RunOnce(sql, params);
  if (!stmt) return stmt.error();
  auto rows = CursorOn(stmt->get());  // destroyed before *stmt is closed
  if (!rows) return rows.error();
  return EachOf(*rows, visit);
}

Result<Cursor> Connection::Query(const char* sql, std::initializer_list<Param> params) {
  auto stmt = ExecuteStmt(sql, params.begin(), params.size());
  if (!stmt) return stmt.error();
  return CursorOn(*stmt);
}

Status Connection::EachRow(const char* sql, std::initializer_list<Param> params,
                           const std::function<Status(const Cursor&)>& visit) {
  auto rows = Query(sql, params);
  if (!rows) return rows.error();
  return EachOf(*rows, visit);
}

Result<std::optional<int64_t>> Connection::QueryInteger(const char* sql,
                                                        std::initializer_list<Param> params) {
  auto rows = Query(sql, params);
  if (!rows) return rows.error();
  auto more = rows->Next();
  if (!more) return more.error();
  if (!*more || !rows->Text(0)) return std::optional<int64_t>();
  auto v = rows->Integer(0);
  if (!v) return v.error();
  return std::optional<int64_t>(*v);
}

Result<int64_t> Connection::Execute(const char* sql, std::initializer_list<Param> params) {
  auto stmt = ExecuteStmt(sql, params.begin(), params.size());
  if (!stmt) return stmt.error();
  return static_cast<int64_t>(api_->stmt_affected_rows(*stmt));
}

Result<int64_t> Connection::Execute(const char* sql, const std::vector<Param>& params) {
  auto stmt = ExecuteStmt(sql, params.data(), params.size());
  if (!stmt) return stmt.error();
  return static_cast<int64_t>(api_->stmt_affected_rows(*stmt));
}

Result<int64_t> Connection::Insert(const char* sql, std::initializer_list<Param> params) {
  auto stmt = ExecuteStmt(sql, params.begin(), params.size());
  if (!stmt) return stmt.error();
  return static_cast<int64_t>(api_->stmt_insert_id(*stmt));
}

}  // namespace statectl::my
