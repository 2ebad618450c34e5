#include "backends/postgres/pg_connection.h"

#include <charconv>
#include <cstring>
#include <utility>

#include "backends/postgres/pg_status.h"

namespace statectl::pg {
namespace {

Status UnexpectedRow() { return Status::Database("unexpected row in PostgreSQL's COPY stream"); }

}  // namespace

std::string OneLine(std::string msg) {
  // libpq adds the statement's text ("LINE 1: SELECT ...") and a caret line
  // under an error: SQL the user never wrote.
  if (size_t context = msg.find("\nLINE "); context != std::string::npos) msg.resize(context);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  for (char& c : msg) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return msg;
}

Result<ResultHandle> Connection::Exec(const char* sql, const std::vector<std::string>& params) {
  STATECTL_RETURN_IF_ERROR(Drain());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    // A text parameter ends at NUL: refuse rather than store a cut value.
    if (p.find('\0') != std::string::npos) {
      return Status::InvalidData("PostgreSQL text cannot hold a NUL byte");
    }
    values.push_back(p.c_str());
  }
  ResultHandle res(api_->execParams(conn_.get(), sql, static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0),
                   ClearResult{api_});
  ExecStatusType st = res ? api_->resultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
  return Failure(res);
}

Status Connection::Failure(const ResultHandle& res) const {
  if (api_->status(conn_.get()) == CONNECTION_BAD) {
    return Status::Database("lost the connection to PostgreSQL at " + endpoint_ + ": " +
                            OneLine(api_->errorMessage(conn_.get())));
  }
  const char* sqlstate = res ? api_->resultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res ? api_->resultErrorMessage(res.get()) : api_->errorMessage(conn_.get());
  return PgStatus(sqlstate ? sqlstate : "", OneLine(msg));
}

std::string Connection::Value(const ResultHandle& res, int row, int col) const {
  return std::string(api_->getvalue(res.get(), row, col),
                     static_cast<size_t>(api_->getlength(res.get(), row, col)));
}

Result<int64_t> Connection::Integer(const ResultHandle& res, int row, int col) const {
  const char* text = api_->getvalue(res.get(), row, col);
  const char* end = text + api_->getlength(res.get(), row, col);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text, end, v);
  if (ec != std::errc() || ptr != end) {
    return Status::Database("PostgreSQL returned '" + std::string(text, end) +
                            "' where a number was expected");
  }
  return v;
}

int Connection::Rows(const ResultHandle& res) const { return api_->ntuples(res.get()); }

Result<int64_t> Connection::ExecCount(const char* sql, const std::vector<std::string>& params) {
  auto res = Exec(sql, params);
  if (!res) return res.error();
  const char* text = api_->cmdTuples(res->get());
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text, text + std::strlen(text), v);
  if (ec != std::errc()) return Status::Database("PostgreSQL reported no row count");
  return v;
}

Status Connection::CopyRows(const char* sql, size_t columns,
                            const std::function<Status(const BinaryCopyReader::Fields&)>& visit) {
  auto started = StartCopy(sql, PGRES_COPY_OUT);
  if (!started) return started.error();
  BinaryCopyReader reader;
  Status outcome;
  char* buf = nullptr;
  int len;
  while ((len = api_->getCopyData(conn_.get(), &buf, 0)) >= 0) {
    if (outcome.ok()) {
      auto tuple = reader.Tuple(std::string_view(buf, static_cast<size_t>(len)));
      if (!tuple) {
        outcome = tuple.error();
      } else if (!(*tuple)->empty()) {  // the header's and the trailer's messages have none
        outcome = (*tuple)->size() == columns ? visit(**tuple) : UnexpectedRow();
      }
    }
    api_->freemem(buf);  // after a failure, read on to the end: the connection stays usable
  }
  if (len == -2) return Failure(*started);
  return CollectResults(std::move(outcome));
}

Status Connection::CopyIn(const char* sql, const std::function<Result<bool>(std::string&)>& fill) {
  auto started = StartCopy(sql, PGRES_COPY_IN);
  if (!started) return started.error();
  std::string chunk;
  bool more = true;
  while (more) {
    chunk.clear();
    auto filled = fill(chunk);
    if (!filled) {
      (void)api_->putCopyEnd(conn_.get(), "statectl stopped on bad input");
      (void)CollectResults(Status::Ok());  // the server's "COPY ... failed"
      return filled.error();
    }
    more = *filled;
    if (!chunk.empty() &&
        api_->putCopyData(conn_.get(), chunk.data(), static_cast<int>(chunk.size())) != 1) {
      return Failure(*started);
    }
  }
  if (api_->putCopyEnd(conn_.get(), nullptr) != 1) return Failure(*started);
  return CollectResults(Status::Ok());
}

Status Connection::Send(const char* sql) {
  STATECTL_RETURN_IF_ERROR(Drain());
  if (api_->sendQuery(conn_.get(), sql) != 1) return Failure(ResultHandle(nullptr, ClearResult{api_}));
  pending_ = true;
  return Status::Ok();
}

Status Connection::Drain() {
  if (!pending_) return Status::Ok();
  pending_ = false;
  Status outcome;
  while (PGresult* raw = api_->getResult(conn_.get())) {
    ResultHandle res(raw, ClearResult{api_});
    ExecStatusType st = api_->resultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      if (outcome.ok()) outcome = Failure(res);
      continue;
    }
    const char* text = api_->cmdTuples(res.get());
    int64_t rows = 0;
    std::from_chars(text, text + std::strlen(text), rows);
    sent_counts_.push_back(rows);
  }
  return outcome;
}

std::vector<int64_t> Connection::TakeSentCounts() { return std::exchange(sent_counts_, {}); }

Result<ResultHandle> Connection::StartCopy(const char* sql, ExecStatusType expected) {
  STATECTL_RETURN_IF_ERROR(Drain());
  ResultHandle started(api_->execParams(conn_.get(), sql, 0, nullptr, nullptr, nullptr, nullptr, 0),
                       ClearResult{api_});
  if (!started || api_->resultStatus(started.get()) != expected) return Failure(started);
  return started;
}

Status Connection::CollectResults(Status outcome) {
  while (PGresult* raw = api_->getResult(conn_.get())) {
    ResultHandle res(raw, ClearResult{api_});
    ExecStatusType st = api_->resultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && outcome.ok()) outcome = Failure(res);
  }
  return outcome;
}

}  // namespace statectl::pg
