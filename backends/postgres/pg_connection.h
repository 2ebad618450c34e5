// One libpq connection: statements with bound parameters, and COPY both ways.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_CONNECTION_H_
#define STATECTL_BACKENDS_POSTGRES_PG_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/postgres/pg_copy.h"
#include "backends/postgres/pg_handle.h"
#include "core/status.h"

namespace statectl::pg {

// libpq's message on one line, trailing newlines and the "LINE 1: ... ^"
// context it adds dropped.
std::string OneLine(std::string msg);

// Not thread-safe: used by one thread at a time, as the transaction on it.
class Connection {
 public:
  // endpoint: "host:port" for messages.
  // The connection is put in libpq's nonblocking mode: every wait for the
  // server is statectl's own (WatchSilence).
  Connection(const Libpq* api, ConnHandle conn, std::string endpoint)
      : api_(api), conn_(std::move(conn)), endpoint_(std::move(endpoint)) {
    api_->setnonblocking(conn_.get(), 1);
  }

  // Ok while the server is still working on the statement of the backend
  // with this pid; else why not (it is gone, idle, or waiting for the
  // network), in a few words.
  using LivenessProbe = std::function<Status(int backend_pid)>;
  // Bounds every wait for the server: after each `silence` with nothing to
  // read or no room to write, probe says whether to wait on (a long
  // statement) or give up with kDatabase "lost the connection ...". Without
  // a probe, the first silence gives up. silence 0 (the default) waits as
  // long as the server takes. A peer that stops answering (a dead host, a
  // proxy that stops forwarding) so ends the command within about twice
  // `silence`.
  void WatchSilence(std::chrono::milliseconds silence, LivenessProbe probe);

  // Runs sql with text parameters (every value bound, never spliced).
  // kInvalidData for a parameter holding a NUL byte (text cannot hold one).
  Result<ResultHandle> Exec(const char* sql, const std::vector<std::string>& params = {});

  // Exec, then how many rows the statement touched.
  Result<int64_t> ExecCount(const char* sql, const std::vector<std::string>& params = {});

  // The error of a failed statement (res may be null), worded for the user.
  Status Failure(const ResultHandle& res) const;

  std::string Value(const ResultHandle& res, int row, int col) const;
  bool IsNull(const ResultHandle& res, int row, int col) const;
  // A column of int8/int4/bigint text as a number; kDatabase if it is not one.
  Result<int64_t> Integer(const ResultHandle& res, int row, int col) const;
  int Rows(const ResultHandle& res) const;

  // COPY ... TO STDOUT (FORMAT binary): hands each row's fields (exactly
  // `columns` of them) to visit, as views valid during the call. After
  // visit fails, reads on to the end (the connection stays usable) and
  // returns that failure.
  Status CopyRows(const char* sql, size_t columns,
                  const std::function<Status(const BinaryCopyReader::Fields&)>& visit);

  // Sends sql (constant statements without parameters, ';'-separated)
  // without waiting: the server works while the caller goes on. Its outcome
  // is collected by the next call, or Drain(): an error then, or each
  // statement's row count in SentCounts().
  Status Send(const char* sql);
  // Waits for what Send() started; its first error, if any.
  Status Drain();
  // The row counts of the statements sent since the last call, in order.
  std::vector<int64_t> TakeSentCounts();

  // COPY ... FROM STDIN, the data produced by `fill` a chunk at a time
  // (fill appends to its buffer and returns false when it has no more). An
  // error from fill aborts the COPY at the server and is returned.
  Status CopyIn(const char* sql, const std::function<Result<bool>(std::string&)>& fill);

 private:
  // Sends a COPY statement; its error unless the server answered `expected`.
  Result<ResultHandle> StartCopy(const char* sql, ExecStatusType expected);
  // Reads the connection's remaining results; `outcome` unless it is OK and
  // one of them failed.
  Status CollectResults(Status outcome);
  // Waits, bounded as WatchSilence says, until the socket has input (read
  // into libpq's buffer) or, with POLLOUT, room to write.
  Status WaitFor(short events);
  // Sends all libpq has queued.
  Status Flush();
  // The next result of the statement sent (null at its end), waited for.
  Result<ResultHandle> NextResult();
  Status Lost(const std::string& why) const;

  const Libpq* api_;
  ConnHandle conn_;
  std::string endpoint_;
  std::chrono::milliseconds silence_{0};
  LivenessProbe probe_;
  bool pending_ = false;             // a Send() whose results are not yet collected
  std::vector<int64_t> sent_counts_;  // what collected Send()s touched
};

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_CONNECTION_H_
