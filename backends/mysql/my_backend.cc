#include "backends/mysql/my_backend.h"

#include <errmsg.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "backends/mysql/mariadb_api.h"
#include "backends/mysql/my_bulk.h"
#include "backends/mysql/my_connection.h"
#include "backends/mysql/my_services.h"
#include "backends/mysql/my_sql.h"
#include "backends/mysql/my_state.h"
#include "backends/mysql/my_url.h"
#include "backends/host_lookup.h"
#include "backends/txn_of.h"
#include "core/seconds.h"

namespace statectl::my {
namespace {

// The roles of one transaction; rolls it back unless committed, and
// releases the create-once locks it took either way.
class Transaction {
 public:
  Transaction(Connection& conn, std::chrono::milliseconds timeout)
      : conn_(conn), state_(conn, timeout), schema_(conn), services_(conn), bulk_(conn, state_) {}
  ~Transaction() {
    if (!done_) (void)conn_.Run("ROLLBACK");
    if (state_.holds_locks()) (void)conn_.Run(sql::kReleaseLocks);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Commit() {
    STATECTL_RETURN_IF_ERROR(conn_.Run("COMMIT"));
    done_ = true;
    return Status::Ok();
  }

  // Asked when a command is about to write several rows (not at BeginWrite:
  // most writes are of one value, and init's tables do not exist yet).
  std::optional<std::string> CannotRollBack() const {
    auto why = WhyNoRollback(conn_);
    if (!why) return "cannot tell whether the state tables roll back (" + why.error().message() + ")";
    return *why;
  }
  MyState& state() { return state_; }
  MySchema& schema() { return schema_; }
  MyServices& services() { return services_; }
  MyBulk* bulk() { return &bulk_; }

 private:
  Connection& conn_;
  MyState state_;
  MySchema schema_;
  MyServices services_;
  MyBulk bulk_;
  bool done_ = false;
};

class MyBackend final : public Backend {
 public:
  MyBackend(std::unique_ptr<Connection> conn, std::chrono::milliseconds timeout)
      : conn_(std::move(conn)), timeout_(timeout) {}
  std::string_view Kind() const override { return "mysql"; }

  Result<std::unique_ptr<ReadTxn>> BeginRead() override {
    STATECTL_RETURN_IF_ERROR(conn_->Run(sql::kReadIsolation));
    STATECTL_RETURN_IF_ERROR(conn_->Run(sql::kBeginRead));
    return std::unique_ptr<ReadTxn>(std::make_unique<ReadTxnOf<Transaction>>(*conn_, timeout_));
  }

  Result<std::unique_ptr<WriteTxn>> BeginWrite() override {
    STATECTL_RETURN_IF_ERROR(conn_->Run(sql::kWriteIsolation));
    STATECTL_RETURN_IF_ERROR(conn_->Run(sql::kBeginWrite));
    return std::unique_ptr<WriteTxn>(std::make_unique<WriteTxnOf<Transaction>>(*conn_, timeout_));
  }

 private:
  std::unique_ptr<Connection> conn_;
  std::chrono::milliseconds timeout_;
};

const char* OrNull(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

// Errors of a connect that another address of the host may not give.
bool CouldNotReach(unsigned code) {
  return code == CR_CONNECTION_ERROR || code == CR_CONN_HOST_ERROR || code == CR_UNKNOWN_HOST;
}

// A connection to target, in Buildbot's charset, before deadline (the host
// name's lookup included: libmariadb's own cannot be bounded), its reads
// and writes bounded by io_seconds if not 0. On failure, what went wrong.
Result<MYSQL*> ConnectTo(const Mariadb* api, const MyTarget& target,
                         std::chrono::steady_clock::time_point deadline,
                         std::chrono::milliseconds timeout, unsigned io_seconds) {
  auto failed = [&](const std::string& what) {
    return Status::Database("cannot connect to MySQL at " + target.endpoint + ": " + what);
  };
  // libmariadb takes "localhost" (and no host) for its unix socket.
  std::vector<std::string> addresses;
  if (target.host && *target.host != "localhost" && IsHostName(*target.host)) {
    auto found = LookUpHost(*target.host, deadline);
    if (!found) {
      return failed(found.error().message() + " within " + SecondsText(timeout) +
                    " s (--timeout)");
    }
    addresses = std::move(*found);
  }
  if (addresses.empty()) addresses.emplace_back(target.host.value_or(""));  // as given
  std::string group = target.read_default_group.value_or("client");
  std::string last_error;
  for (const std::string& address : addresses) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return failed(last_error.empty() ? "no answer within " + SecondsText(timeout) + " s (--timeout)"
                                       : last_error);
    }
    MYSQL* handle = api->init(nullptr);
    if (!handle) return Status::Database("libmariadb could not allocate a connection");
    unsigned seconds = static_cast<unsigned>(WholeSeconds(left));
    bool set = api->options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &seconds) == 0 &&
               api->options(handle, MYSQL_READ_DEFAULT_GROUP, group.c_str()) == 0 &&
               (!target.read_default_file ||
                api->options(handle, MYSQL_READ_DEFAULT_FILE, target.read_default_file->c_str()) ==
                    0) &&
               api->options(handle, MYSQL_SET_CHARSET_NAME, "utf8") == 0 &&
               (io_seconds == 0 ||
                (api->options(handle, MYSQL_OPT_READ_TIMEOUT, &io_seconds) == 0 &&
                 api->options(handle, MYSQL_OPT_WRITE_TIMEOUT, &io_seconds) == 0));
    const char* host = address.empty() ? nullptr : address.c_str();
    if (set && api->real_connect(handle, host, OrNull(target.user), OrNull(target.password),
                                 target.database->c_str(), target.port,
                                 OrNull(target.unix_socket), CLIENT_FOUND_ROWS)) {
      // Buildbot's charset, whatever an option file said.
      if (api->set_character_set(handle, "utf8") == 0) return handle;
    }
    last_error = api->error(handle);
    unsigned code = api->errnum(handle);
    api->close(handle);
    if (!set || !CouldNotReach(code)) break;
  }
  return failed(last_error);
}

// Whether the server's thread `thread_id` is working on a statement, asked
// over a new connection (bounded by silence): Ok, or why not.
Status StillWorking(const Mariadb* api, const MyTarget& target, std::chrono::milliseconds silence,
                    unsigned long thread_id) {
  unsigned seconds = static_cast<unsigned>(WholeSeconds(silence));
  auto handle = ConnectTo(api, target, std::chrono::steady_clock::now() + silence, silence, seconds);
  if (!handle) return Status::Database("a second connection failed too");
  Connection probe(api, *handle, target.endpoint);
  std::optional<std::string> command, state;
  Status asked = probe.EachRow(sql::kThreadActivity, {Int(static_cast<int64_t>(thread_id))},
                               [&](const Cursor& row) {
                                 command = std::string(row.Text(0).value_or(""));
                                 state = std::string(row.Text(1).value_or(""));
                                 return Status::Ok();
                               });
  if (!asked.ok()) return Status::Database("the server did not say what it is doing");
  if (!command) return Status::Database("statectl's server thread is gone");
  if (*command == "Sleep") {
    return Status::Database("the server is not working on statectl's statement (it is idle): "
                            "its answer was lost on the way");
  }
  if (*command == "Killed") return Status::Database("statectl's server thread was killed");
  if (*state == "Reading from net" || *state == "Writing to net") {
    return Status::Database("the server is waiting for the network (" + *state + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Backend>> OpenMysql(const DbUrl& url, const OpenOptions& options) {
  auto target = MyTargetFromUrl(url);
  if (!target) return target.error();
  if (!target->database) {
    return UrlUsageError(url, "names no database; e.g. mysql://user@host/buildbot");
  }
  auto loaded = LoadMariadb();
  if (!loaded) return loaded.error();
  const Mariadb* api = *loaded;
  // --timeout bounds the whole connect, the host name's lookup included.
  auto handle = ConnectTo(api, *target, std::chrono::steady_clock::now() + options.timeout,
                          options.timeout, 0);
  if (!handle) return handle.error();
  auto conn = std::make_unique<Connection>(api, *handle, target->endpoint);
  // A server that sends nothing for half of --timeout is asked, over a
  // second connection, whether it is still working on the statement; a
  // silent peer (a dead host, a proxy that stopped forwarding) so ends the
  // command within about --timeout.
  auto silence = std::max<std::chrono::milliseconds>(options.timeout / 2, std::chrono::seconds(1));
  unsigned long thread_id = api->thread_id(*handle);
  conn->WatchSilence(silence, [api, target = *target, silence, thread_id] {
    return StillWorking(api, target, silence, thread_id);
  });
  unsigned seconds = static_cast<unsigned>(WholeSeconds(options.timeout));
  STATECTL_RETURN_IF_ERROR(conn->Run(sql::kStrictMode));
  auto engine = conn->Execute(sql::kSetStorageEngine, {Text(target->storage_engine)});
  if (!engine) {
    return UrlUsageError(url, "storage_engine '" + target->storage_engine +
                                  "' is not an engine of this server (" +
                                  engine.error().message() + ")");
  }
  auto waits = conn->Execute(sql::kSetLockWaits, {Int(seconds), Int(seconds)});
  if (!waits) return waits.error();
  return std::unique_ptr<Backend>(std::make_unique<MyBackend>(std::move(conn), options.timeout));
}

std::string MysqlBuiltWith() { return "MySQL/MariaDB through libmariadb.so.3, loaded on first use"; }

}  // namespace statectl::my
