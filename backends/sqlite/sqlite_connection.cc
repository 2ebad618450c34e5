#include "backends/sqlite/sqlite_connection.h"

#include "backends/sqlite/sqlite_status.h"

namespace statectl::sqlite {

Status Connection::Error(int rc) const { return SqliteStatus(db_.get(), rc, timeout_); }

Status Connection::Exec(const char* sql) {
  for (auto& entry : statements_) sqlite3_reset(entry.second.get());
  int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(rc);
}

Result<sqlite3_stmt*> Connection::Prepare(const char* sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc);
    slot.reset(stmt);
  }
  sqlite3_reset(slot.get());
  sqlite3_clear_bindings(slot.get());
  return slot.get();
}

Status Connection::EachStep(sqlite3_stmt* stmt, const std::function<Status()>& on_row) {
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    Status st = on_row();
    if (!st.ok()) {
      sqlite3_reset(stmt);
      return st;
    }
  }
  sqlite3_reset(stmt);
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc);
}

std::string_view ColumnView(sqlite3_stmt* stmt, int col) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt, col)))
              : std::string_view();
}

int BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  return sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT,
                             SQLITE_UTF8);
}

}  // namespace statectl::sqlite
