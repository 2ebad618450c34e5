#include "backends/mysql/my_backend.h"

#include <algorithm>
#include <string>

#include "backends/mysql/mariadb_api.h"
#include "backends/mysql/my_bulk.h"
#include "backends/mysql/my_connection.h"
#include "backends/mysql/my_services.h"
#include "backends/mysql/my_sql.h"
#include "backends/mysql/my_state.h"
#include "backends/mysql/my_url.h"
#include "backends/txn_of.h"

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
  MYSQL* handle = api->init(nullptr);
  if (!handle) return Status::Database("libmariadb could not allocate a connection");
  auto failed = [&](const std::string& what) -> Status {
    Status st = Status::Database("cannot connect to MySQL at " + target->endpoint + ": " + what);
    api->close(handle);
    return st;
  };
  unsigned seconds = static_cast<unsigned>(WholeSeconds(options.timeout));
  std::string group = target->read_default_group.value_or("client");
  if (api->options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &seconds) != 0 ||
      api->options(handle, MYSQL_READ_DEFAULT_GROUP, group.c_str()) != 0 ||
      (target->read_default_file &&
       api->options(handle, MYSQL_READ_DEFAULT_FILE, target->read_default_file->c_str()) != 0) ||
      api->options(handle, MYSQL_SET_CHARSET_NAME, "utf8") != 0) {
    return failed(api->error(handle));
  }
  if (!api->real_connect(handle, OrNull(target->host), OrNull(target->user),
                         OrNull(target->password), target->database->c_str(), target->port,
                         OrNull(target->unix_socket), CLIENT_FOUND_ROWS)) {
    return failed(api->error(handle));
  }
  // Buildbot's charset, whatever an option file said.
  if (api->set_character_set(handle, "utf8") != 0) return failed(api->error(handle));
  auto conn = std::make_unique<Connection>(api, handle, target->endpoint);
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
