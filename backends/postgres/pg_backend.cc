#include "backends/postgres/pg_backend.h"

#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "backends/postgres/pg_connection.h"
#include "backends/postgres/pg_hosts.h"
#include "backends/postgres/pg_import.h"
#include "backends/postgres/pg_services.h"
#include "backends/postgres/pg_sql.h"
#include "backends/postgres/pg_state.h"
#include "backends/postgres/pg_url.h"
#include "backends/txn_of.h"
#include "core/seconds.h"

namespace statectl::pg {
namespace {

// The roles of one transaction; rolls it back unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& conn)
      : conn_(conn), state_(conn), schema_(conn), services_(conn), bulk_(conn) {}
  ~Transaction() {
    if (!done_) (void)conn_.Exec("ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Commit() {
    auto res = conn_.Exec("COMMIT");
    if (!res) return res.error();
    done_ = true;
    return Status::Ok();
  }

  PgState& state() { return state_; }
  PgSchema& schema() { return schema_; }
  PgServices& services() { return services_; }
  PgBulk* bulk() { return &bulk_; }

 private:
  Connection& conn_;
  PgState state_;
  PgSchema schema_;
  PgServices services_;
  PgBulk bulk_;
  bool done_ = false;
};

class PgBackend final : public Backend {
 public:
  explicit PgBackend(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  std::string_view Kind() const override { return "postgresql"; }

  // Not READ ONLY: a dry run's comparison writes its staging table, which
  // is temporary and rolled back; nothing else a read does writes.
  Result<std::unique_ptr<ReadTxn>> BeginRead() override {
    auto res = conn_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
    if (!res) return res.error();
    return std::unique_ptr<ReadTxn>(std::make_unique<ReadTxnOf<Transaction>>(*conn_));
  }

  Result<std::unique_ptr<WriteTxn>> BeginWrite() override {
    auto res = conn_->Exec("BEGIN");
    if (!res) return res.error();
    return std::unique_ptr<WriteTxn>(std::make_unique<WriteTxnOf<Transaction>>(*conn_));
  }

 private:
  std::unique_ptr<Connection> conn_;
};

void IgnoreNotice(void*, const char*) {}  // "relation exists, skipping" and the like

// "host:port" as libpq last tried it, else as the URL says.
std::string Endpoint(const Libpq* api, PGconn* conn, const PgTarget& target) {
  const char* host = conn ? api->host(conn) : nullptr;
  const char* port = conn ? api->port(conn) : nullptr;
  if (host && *host && port && *port) return std::string(host) + ":" + port;
  return target.endpoint;
}

// Gives params the addresses of the host names they (or $PGHOST) name, looked
// up before deadline, as hostaddr: libpq's own lookup cannot be bounded.
// Left alone: an explicit hostaddr, and a service (its file is libpq's).
Status ResolveHostsBefore(std::chrono::steady_clock::time_point deadline,
                          std::chrono::milliseconds timeout, PgTarget& target) {
  Params& params = target.params;
  if (FindParam(params, "hostaddr") || FindParam(params, "service")) return Status::Ok();
  auto from_env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  std::string* host_param = FindParam(params, "host");
  std::string* port_param = FindParam(params, "port");
  std::string host = host_param ? *host_param : from_env("PGHOST");
  std::string port = port_param ? *port_param : from_env("PGPORT");
  auto resolved = ResolveHost(host, port, [&](const std::string& name) {
    return LookUpHost(name, deadline);
  });
  if (!resolved) {
    return Status::Database("cannot connect to PostgreSQL at " + target.endpoint + ": " +
                            resolved.error().message() + " within " + SecondsText(timeout) +
                            " s (--timeout)");
  }
  if (!*resolved) return Status::Ok();
  auto set = [&](const char* key, const std::string& value) {
    if (std::string* existing = FindParam(params, key)) {
      *existing = value;
    } else {
      params.emplace_back(key, value);
    }
  };
  set("host", (*resolved)->host);
  set("hostaddr", (*resolved)->hostaddr);
  if (!(*resolved)->port.empty()) set("port", (*resolved)->port);
  return Status::Ok();
}

// Starts the connection and polls it until it is up or deadline passes.
Result<ConnHandle> Connect(const Libpq* pq, const DbUrl& url, const PgTarget& target,
                           std::chrono::steady_clock::time_point deadline,
                           std::chrono::milliseconds timeout) {
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : target.params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  ConnHandle conn(pq->connectStartParams(keys.data(), values.data(), 0), FinishConn{pq});
  if (!conn) return Status::Database("libpq could not allocate a connection");
  auto failed = [&](const std::string& why) -> Status {
    std::string msg = OneLine(pq->errorMessage(conn.get()));
    if (msg.rfind("invalid connection option", 0) == 0 || msg.rfind("invalid URI", 0) == 0) {
      return UrlUsageError(url, msg);
    }
    return Status::Database("cannot connect to PostgreSQL at " + Endpoint(pq, conn.get(), target) +
                            ": " + (why.empty() ? msg : why));
  };
  if (pq->status(conn.get()) == CONNECTION_BAD) return failed("");
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) return failed("");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return failed("no answer within " + SecondsText(timeout) + " s (--timeout)");
    }
    pollfd p{pq->socket(conn.get()),
             static_cast<short>(polling == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return failed("poll failed");
    if (ready > 0) polling = pq->connectPoll(conn.get());
  }
  return conn;
}

// Whether the server's backend `pid` is working on a statement, asked over
// a new connection (bounded by silence): Ok, or why not.
Status StillWorking(const Libpq* pq, const DbUrl& url, const PgTarget& target,
                    std::chrono::milliseconds silence, const std::string& endpoint, int pid) {
  auto conn = Connect(pq, url, target, std::chrono::steady_clock::now() + silence, silence);
  if (!conn) return Status::Database("a second connection failed too");
  pq->setNoticeProcessor(conn->get(), &IgnoreNotice, nullptr);
  Connection probe(pq, std::move(*conn), endpoint);
  probe.WatchSilence(silence, nullptr);
  auto res = probe.Exec(sql::kBackendActivity, {std::to_string(pid)});
  if (!res) return Status::Database("the server did not say what it is doing");
  if (probe.Rows(*res) == 0) return Status::Database("statectl's server process is gone");
  std::string state = probe.Value(*res, 0, 0), wait_event = probe.Value(*res, 0, 1);
  if (state != "active") {
    return Status::Database("the server is not working on statectl's statement (it is '" + state +
                            "'): its answer was lost on the way");
  }
  if (wait_event == "ClientRead" || wait_event == "ClientWrite") {
    return Status::Database("the server is waiting for the network (" + wait_event + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Backend>> OpenPostgres(const DbUrl& url, const OpenOptions& options) {
  auto api = LoadLibpq();
  if (!api) return api.error();
  const Libpq* pq = *api;
  PgTarget target = PgTargetFromUrl(url);
  if (!FindParam(target.params, "client_encoding")) {
    target.params.emplace_back("client_encoding", "UTF8");
  }
  target.params.emplace_back("fallback_application_name", "statectl");
  // --timeout bounds the whole connect, host name lookups included.
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  STATECTL_RETURN_IF_ERROR(ResolveHostsBefore(deadline, options.timeout, target));
  auto conn = Connect(pq, url, target, deadline, options.timeout);
  if (!conn) return conn.error();
  pq->setNoticeProcessor(conn->get(), &IgnoreNotice, nullptr);
  std::string endpoint = Endpoint(pq, conn->get(), target);
  auto connection = std::make_unique<Connection>(pq, std::move(*conn), endpoint);
  // A server that sends nothing for half of --timeout is asked, over a
  // second connection, whether it is still working on the statement; a
  // silent peer (a dead host, a proxy that stopped forwarding) so ends the
  // command within about --timeout.
  auto silence = std::max<std::chrono::milliseconds>(options.timeout / 2, std::chrono::seconds(1));
  connection->WatchSilence(silence, [pq, url, target, silence, endpoint](int pid) {
    return StillWorking(pq, url, target, silence, endpoint, pid);
  });
  // Lock waits (row locks, a racing insert, the create-once lock) end with
  // SQLSTATE 55P03 after --timeout; 0 would mean "wait forever" to PostgreSQL.
  int64_t lock_ms = std::max<int64_t>(1, options.timeout.count());
  auto set = connection->Exec(sql::kSessionSettings, {std::to_string(lock_ms) + "ms"});
  if (!set) return set.error();
  return std::unique_ptr<Backend>(std::make_unique<PgBackend>(std::move(connection)));
}

std::string PostgresBuiltWith() { return "PostgreSQL through libpq.so.5, loaded on first use"; }

}  // namespace statectl::pg
