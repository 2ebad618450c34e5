#include "backends/postgres/pg_connection.h"

#include <poll.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "backends/postgres/pg_status.h"
#include "core/seconds.h"

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
  if (api_->sendQueryParams(conn_.get(), sql, static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0) != 1) {
    return Failure(ResultHandle(nullptr, ClearResult{api_}));
  }
  STATECTL_RETURN_IF_ERROR(Flush());
  auto res = NextResult();
  if (!res) return res.error();
  ExecStatusType st = *res ? api_->resultStatus(res->get()) : PGRES_FATAL_ERROR;
  if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) return res;  // the COPY's data comes next
  STATECTL_RETURN_IF_ERROR(CollectResults(Status::Ok()));
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
  return Failure(*res);
}

void Connection::WatchSilence(std::chrono::milliseconds silence, LivenessProbe probe) {
  silence_ = silence;
  probe_ = std::move(probe);
}

Status Connection::Lost(const std::string& why) const {
  return Status::Database("lost the connection to PostgreSQL at " + endpoint_ + ": " + why);
}

Status Connection::WaitFor(short events) {
  while (true) {
    pollfd p{api_->socket(conn_.get()), events, 0};
    int ready = poll(&p, 1, silence_.count() > 0 ? static_cast<int>(silence_.count()) : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Lost(std::string("poll: ") + std::strerror(errno));
    }
    if (ready > 0) {
      if ((p.revents & (POLLIN | POLLERR | POLLHUP)) && api_->consumeInput(conn_.get()) != 1) {
        return Failure(ResultHandle(nullptr, ClearResult{api_}));
      }
      return Status::Ok();
    }
    std::string silent = "nothing from the server for " + SecondsText(silence_) + " s";
    if (!probe_) return Lost(silent + " (--timeout)");
    Status alive = probe_(api_->backendPID(conn_.get()));
    if (!alive.ok()) return Lost(silent + ", and " + alive.message() + " (--timeout)");
  }
}

Status Connection::Flush() {
  while (true) {
    int left = api_->flush(conn_.get());
    if (left == 0) return Status::Ok();
    if (left < 0) return Failure(ResultHandle(nullptr, ClearResult{api_}));
    STATECTL_RETURN_IF_ERROR(WaitFor(POLLOUT | POLLIN));
  }
}

Result<ResultHandle> Connection::NextResult() {
  while (api_->isBusy(conn_.get())) STATECTL_RETURN_IF_ERROR(WaitFor(POLLIN));
  return ResultHandle(api_->getResult(conn_.get()), ClearResult{api_});
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

bool Connection::IsNull(const ResultHandle& res, int row, int col) const {
  return api_->getisnull(res.get(), row, col) == 1;
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
  while ((len = api_->getCopyData(conn_.get(), &buf, 1)) >= 0) {
    if (len == 0) {  // nothing buffered yet
      STATECTL_RETURN_IF_ERROR(WaitFor(POLLIN));
      continue;
    }
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
      (void)Flush();
      (void)CollectResults(Status::Ok());  // the server's "COPY ... failed"
      return filled.error();
    }
    more = *filled;
    if (chunk.empty()) continue;
    int put;
    while ((put = api_->putCopyData(conn_.get(), chunk.data(), static_cast<int>(chunk.size()))) == 0) {
      STATECTL_RETURN_IF_ERROR(WaitFor(POLLOUT | POLLIN));  // libpq's buffer is full
    }
    if (put < 0) return Failure(*started);
  }
  int ended;
  while ((ended = api_->putCopyEnd(conn_.get(), nullptr)) == 0) {
    STATECTL_RETURN_IF_ERROR(WaitFor(POLLOUT | POLLIN));
  }
  if (ended < 0) return Failure(*started);
  STATECTL_RETURN_IF_ERROR(Flush());
  return CollectResults(Status::Ok());
}

Status Connection::Send(const char* sql) {
  STATECTL_RETURN_IF_ERROR(Drain());
  if (api_->sendQuery(conn_.get(), sql) != 1) return Failure(ResultHandle(nullptr, ClearResult{api_}));
  pending_ = true;
  return Flush();
}

Status Connection::Drain() {
  if (!pending_) return Status::Ok();
  pending_ = false;
  Status outcome;
  while (true) {
    auto next = NextResult();
    if (!next) return next.error();
    if (!*next) break;
    ResultHandle res = std::move(*next);
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
  auto started = Exec(sql);
  if (!started) return started.error();
  if (api_->resultStatus(started->get()) != expected) return Failure(*started);
  return started;
}

Status Connection::CollectResults(Status outcome) {
  while (true) {
    auto next = NextResult();
    if (!next) return next.error();
    if (!*next) break;
    ResultHandle res = std::move(*next);
    ExecStatusType st = api_->resultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && outcome.ok()) outcome = Failure(res);
  }
  return outcome;
}

}  // namespace statectl::pg
