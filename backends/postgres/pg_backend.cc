#include "backends/postgres/pg_backend.h"

#include <poll.h>

#include <cerrno>
#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "backends/postgres/pg_handle.h"
#include "backends/postgres/pg_status.h"
#include "core/seconds.h"

namespace statectl::pg {
namespace {

// Buildbot's schema as SQLAlchemy creates it on PostgreSQL: a serial id
// (sequence objects_id_seq, constraint objects_pkey), the FK
// object_state_objectid_fkey, and the two unique indexes. Each index is
// created with its table only: databases upgraded from old Buildbot have
// the uniques as constraints, and must not get a second copy.
constexpr const char* kCreateObjects =
    "CREATE TABLE objects (\n"
    "\tid SERIAL NOT NULL, \n"
    "\tname VARCHAR(128) NOT NULL, \n"
    "\tclass_name VARCHAR(128) NOT NULL, \n"
    "\tPRIMARY KEY (id)\n"
    ")";
constexpr const char* kCreateObjectIdentity =
    "CREATE UNIQUE INDEX object_identity ON objects (name, class_name)";
constexpr const char* kCreateObjectState =
    "CREATE TABLE object_state (\n"
    "\tobjectid INTEGER NOT NULL, \n"
    "\tname VARCHAR(255) NOT NULL, \n"
    "\tvalue_json TEXT NOT NULL, \n"
    "\tFOREIGN KEY(objectid) REFERENCES objects (id) ON DELETE CASCADE\n"
    ")";
constexpr const char* kCreateNamePerObject =
    "CREATE UNIQUE INDEX name_per_object ON object_state (objectid, name)";
constexpr const char* kTableExists = "SELECT to_regclass($1) IS NOT NULL";

constexpr const char* kFindObject = "SELECT id FROM objects WHERE name = $1 AND class_name = $2";
constexpr const char* kObjectById = "SELECT name, class_name FROM objects WHERE id = $1";
constexpr const char* kInsertObject =
    "INSERT INTO objects (name, class_name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id";
constexpr const char* kGetValue =
    "SELECT value_json FROM object_state WHERE objectid = $1 AND name = $2";
constexpr const char* kInsertValue =
    "INSERT INTO object_state (objectid, name, value_json) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kUpdateValue =
    "UPDATE object_state SET value_json = $3 WHERE objectid = $1 AND name = $2";
// COLLATE "C" compares bytes: the same order as SQLite's BINARY, whatever
// the database's locale.
constexpr const char* kDeclareScan =
    "DECLARE statectl_scan NO SCROLL CURSOR FOR "
    "SELECT o.class_name, o.name, s.name, s.value_json FROM objects AS o "
    "LEFT JOIN object_state AS s ON s.objectid = o.id "
    "ORDER BY o.class_name COLLATE \"C\", o.name COLLATE \"C\", s.name COLLATE \"C\" NULLS FIRST";
constexpr const char* kFetchScan = "FETCH FORWARD 1000 FROM statectl_scan";
constexpr const char* kCloseScan = "CLOSE statectl_scan";
constexpr const char* kCountOrphans =
    "SELECT count(*) FROM object_state WHERE objectid NOT IN (SELECT id FROM objects)";
constexpr const char* kLockKey = "SELECT pg_advisory_xact_lock($1::int4, hashtext($2))";
constexpr const char* kSetLockTimeout = "SELECT set_config('lock_timeout', $1, false)";

void IgnoreNotice(void*, const char*) {}  // "relation exists, skipping" and the like

std::string OneLine(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  for (char& c : msg) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return msg;
}

class Connection {
 public:
  Connection(const Libpq* api, ConnHandle conn, std::string endpoint)
      : api_(api), conn_(std::move(conn)), endpoint_(std::move(endpoint)) {}

  // Runs sql with text parameters (every value bound, never spliced).
  Result<ResultHandle> Exec(const char* sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
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
    if (api_->status(conn_.get()) == CONNECTION_BAD) {
      return Status::Database("lost the connection to PostgreSQL at " + endpoint_ + ": " +
                              OneLine(api_->errorMessage(conn_.get())));
    }
    const char* sqlstate = res ? api_->resultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = res ? api_->resultErrorMessage(res.get()) : api_->errorMessage(conn_.get());
    return PgStatus(sqlstate ? sqlstate : "", OneLine(msg));
  }

  std::string Value(const ResultHandle& res, int row, int col) const {
    return std::string(api_->getvalue(res.get(), row, col),
                       static_cast<size_t>(api_->getlength(res.get(), row, col)));
  }
  bool IsNull(const ResultHandle& res, int row, int col) const {
    return api_->getisnull(res.get(), row, col) != 0;
  }
  int Rows(const ResultHandle& res) const { return api_->ntuples(res.get()); }
  int Affected(const ResultHandle& res) const { return std::atoi(api_->cmdTuples(res.get())); }

 private:
  const Libpq* api_;
  ConnHandle conn_;
  std::string endpoint_;
};

class PgTxn final : public Txn {
 public:
  explicit PgTxn(Connection& conn) : conn_(conn) {}
  ~PgTxn() override {
    if (!done_) (void)conn_.Exec("ROLLBACK");
  }

  Result<std::optional<int64_t>> FindObject(const ObjectName& obj) override {
    auto res = conn_.Exec(kFindObject, {obj.name, obj.class_name});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 0) return std::optional<int64_t>();
    return std::optional<int64_t>(std::stoll(conn_.Value(*res, 0, 0)));
  }

  Result<std::optional<ObjectName>> ObjectById(int64_t id) override {
    if (id < INT_MIN || id > INT_MAX) return std::optional<ObjectName>();  // not an integer id
    auto res = conn_.Exec(kObjectById, {std::to_string(id)});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 0) return std::optional<ObjectName>();
    return std::optional<ObjectName>(ObjectName{conn_.Value(*res, 0, 0), conn_.Value(*res, 0, 1)});
  }

  Result<int64_t> InsertObject(const ObjectName& obj) override {
    // ON CONFLICT DO NOTHING waits for a racing inserter, then yields no row;
    // the next statement (READ COMMITTED) sees the winner.
    auto res = conn_.Exec(kInsertObject, {obj.name, obj.class_name});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 1) return std::stoll(conn_.Value(*res, 0, 0));
    auto winner = FindObject(obj);
    if (!winner) return winner.error();
    if (!*winner) return Status::Database("object vanished after an insert conflict");
    return **winner;
  }

  Result<std::optional<std::string>> GetValue(int64_t id, std::string_view key) override {
    auto res = conn_.Exec(kGetValue, {std::to_string(id), std::string(key)});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 0) return std::optional<std::string>();
    return std::optional<std::string>(conn_.Value(*res, 0, 0));
  }

  Result<bool> InsertValue(int64_t id, std::string_view key, std::string_view json) override {
    auto res = conn_.Exec(kInsertValue, {std::to_string(id), std::string(key), std::string(json)});
    if (!res) return res.error();
    return conn_.Affected(*res) == 1;
  }

  Result<bool> UpdateValue(int64_t id, std::string_view key, std::string_view json) override {
    auto res = conn_.Exec(kUpdateValue, {std::to_string(id), std::string(key), std::string(json)});
    if (!res) return res.error();
    return conn_.Affected(*res) > 0;
  }

  Status Scan(const RowSink& sink) override {
    auto declared = conn_.Exec(kDeclareScan);
    if (!declared) return declared.error();
    Row row;
    while (true) {
      auto batch = conn_.Exec(kFetchScan);
      if (!batch) return batch.error();
      int rows = conn_.Rows(*batch);
      if (rows == 0) break;
      for (int r = 0; r < rows; ++r) {
        row.class_name = conn_.Value(*batch, r, 0);
        row.name = conn_.Value(*batch, r, 1);
        if (conn_.IsNull(*batch, r, 2)) {
          row.key.reset();
          row.value_json.reset();
        } else {
          row.key = conn_.Value(*batch, r, 2);
          row.value_json = conn_.Value(*batch, r, 3);
        }
        STATECTL_RETURN_IF_ERROR(sink(row));
      }
    }
    auto closed = conn_.Exec(kCloseScan);
    return closed ? Status::Ok() : closed.error();
  }

  Result<int64_t> CountOrphanValues() override {
    auto res = conn_.Exec(kCountOrphans);
    if (!res) return res.error();
    return std::stoll(conn_.Value(*res, 0, 0));
  }

  Status CreateSchema() override {
    struct Table {
      const char* name;
      const char* create;
      const char* index;
    };
    for (const Table& t : {Table{"objects", kCreateObjects, kCreateObjectIdentity},
                           Table{"object_state", kCreateObjectState, kCreateNamePerObject}}) {
      auto exists = conn_.Exec(kTableExists, {t.name});
      if (!exists) return exists.error();
      if (conn_.Value(*exists, 0, 0) == "t") continue;
      for (const char* ddl : {t.create, t.index}) {
        auto done = conn_.Exec(ddl);
        if (!done) return done.error();
      }
    }
    return Status::Ok();
  }

  Status LockKey(int64_t id, std::string_view key) override {
    auto res = conn_.Exec(kLockKey, {std::to_string(id), std::string(key)});
    return res ? Status::Ok() : res.error();
  }

  Status Commit() override {
    auto res = conn_.Exec("COMMIT");
    if (!res) return res.error();
    done_ = true;
    return Status::Ok();
  }

 private:
  Connection& conn_;
  bool done_ = false;
};

class PgBackend final : public Backend {
 public:
  explicit PgBackend(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  std::string_view Kind() const override { return "postgresql"; }

  Result<std::unique_ptr<Txn>> Begin(TxnMode mode) override {
    auto res = conn_->Exec(mode == TxnMode::kWrite ? "BEGIN"
                                                   : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!res) return res.error();
    return std::unique_ptr<Txn>(std::make_unique<PgTxn>(*conn_));
  }

 private:
  std::unique_ptr<Connection> conn_;
};

// "host:port" as libpq last tried it, else as the URL says.
std::string Endpoint(const Libpq* api, PGconn* conn, const DbUrl& url) {
  const char* host = conn ? api->host(conn) : nullptr;
  const char* port = conn ? api->port(conn) : nullptr;
  if (host && *host && port && *port) return std::string(host) + ":" + port;
  return url.endpoint;
}

}  // namespace

Result<std::unique_ptr<Backend>> OpenPostgres(const DbUrl& url, const OpenOptions& options) {
  auto api = LoadLibpq();
  if (!api) return api.error();
  const Libpq* pq = *api;
  std::vector<std::pair<std::string, std::string>> params = url.params;
  auto has = [&](std::string_view key) {
    for (const auto& p : params) {
      if (p.first == key) return true;
    }
    return false;
  };
  if (!has("client_encoding")) params.emplace_back("client_encoding", "UTF8");
  params.emplace_back("fallback_application_name", "statectl");
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
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
      return Status::Usage("database URL " + url.display + ": " + msg);
    }
    return Status::Database("cannot connect to PostgreSQL at " + Endpoint(pq, conn.get(), url) +
                            ": " + (why.empty() ? msg : why));
  };
  if (pq->status(conn.get()) == CONNECTION_BAD) return failed("");
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) return failed("");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return failed("no answer within " + SecondsText(options.timeout) + " s (--timeout)");
    }
    pollfd p{pq->socket(conn.get()),
             static_cast<short>(polling == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return failed("poll failed");
    if (ready > 0) polling = pq->connectPoll(conn.get());
  }
  pq->setNoticeProcessor(conn.get(), &IgnoreNotice, nullptr);
  std::string endpoint = Endpoint(pq, conn.get(), url);
  auto connection = std::make_unique<Connection>(pq, std::move(conn), endpoint);
  // Lock waits (row locks, a racing insert, the create-once lock) end with
  // SQLSTATE 55P03 after --timeout; 0 would mean "wait forever" to PostgreSQL.
  int64_t lock_ms = std::max<int64_t>(1, options.timeout.count());
  auto set = connection->Exec(kSetLockTimeout, {std::to_string(lock_ms) + "ms"});
  if (!set) return set.error();
  return std::unique_ptr<Backend>(std::make_unique<PgBackend>(std::move(connection)));
}

}  // namespace statectl::pg
