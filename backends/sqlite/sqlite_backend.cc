#include "backends/sqlite/sqlite_backend.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <sqlite3.h>

#include "backends/sqlite/sqlite_connection.h"
#include "backends/sqlite/sqlite_services.h"
#include "backends/sqlite/sqlite_state.h"
#include "backends/sqlite/sqlite_status.h"
#include "backends/sqlite/sqlite_url.h"
#include "backends/txn_of.h"
#include "core/remove_on_signal.h"

namespace statectl::sqlite {
namespace {

// The roles of one transaction; rolls it back unless committed. SQLite has
// no bulk roles: a cached prepared statement per record is as fast as SQL
// gets here, so core goes row by row.
class Transaction {
 public:
  explicit Transaction(Connection& conn)
      : conn_(conn), state_(conn), schema_(conn), services_(conn) {}
  ~Transaction() {
    if (!done_) (void)conn_.Exec("ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Commit() {
    Status st = conn_.Exec("COMMIT");
    if (st.ok()) done_ = true;  // on failure the destructor rolls back
    return st;
  }

  SqliteState& state() { return state_; }
  SqliteSchema& schema() { return schema_; }
  SqliteServices& services() { return services_; }
  BulkMerge* bulk() { return nullptr; }

 private:
  Connection& conn_;
  SqliteState state_;
  SqliteSchema schema_;
  SqliteServices services_;
  bool done_ = false;
};

// The files of a database file at path: the file, its WAL and its journals.
std::vector<std::string> DatabaseFiles(const std::string& path) {
  return {path, path + "-wal", path + "-shm", path + "-journal"};
}

class SqliteBackend final : public Backend {
 public:
  // created: the path of the file this open made, or empty.
  SqliteBackend(std::unique_ptr<Connection> conn, std::string created)
      : conn_(std::move(conn)), created_(std::move(created)) {
    if (!created_.empty()) on_signal_ = std::make_unique<RemoveOnSignal>(DatabaseFiles(created_));
  }
  std::string_view Kind() const override { return "sqlite"; }

  void KeepCreated() override {
    on_signal_.reset();
    created_.clear();
  }

  void DropCreated() override {
    if (created_.empty()) return;
    conn_.reset();  // closed first: SQLite would write the files again
    for (const std::string& file : DatabaseFiles(created_)) unlink(file.c_str());
    KeepCreated();
  }

  Result<std::unique_ptr<ReadTxn>> BeginRead() override {
    STATECTL_RETURN_IF_ERROR(conn_->Exec("BEGIN"));
    return std::unique_ptr<ReadTxn>(std::make_unique<ReadTxnOf<Transaction>>(*conn_));
  }

  Result<std::unique_ptr<WriteTxn>> BeginWrite() override {
    STATECTL_RETURN_IF_ERROR(conn_->Exec("BEGIN IMMEDIATE"));
    return std::unique_ptr<WriteTxn>(std::make_unique<WriteTxnOf<Transaction>>(*conn_));
  }

 private:
  std::unique_ptr<Connection> conn_;
  std::string created_;
  std::unique_ptr<RemoveOnSignal> on_signal_;  // the created files, until kept
};

// "file:/a%3Fb/state.sqlite?immutable=1": path as an SQLite URI.
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  if (path.empty() || path[0] != '/') uri += "./";
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : path) {
    if (c == '?' || c == '#' || c == '%' || c < 0x20 || c == 0x7f) {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

Result<std::unique_ptr<Backend>> OpenSqlite(const std::string& path, const OpenOptions& options) {
  struct stat existing;
  bool is_new = stat(path.c_str(), &existing) != 0;
  if (is_new && !options.create_if_missing) {
    return Status::Database("cannot open SQLite database '" + path + "': " + std::strerror(errno));
  }
  int flags = SQLITE_OPEN_READWRITE | (options.create_if_missing ? SQLITE_OPEN_CREATE : 0);
  std::string name = path;
  struct statvfs fs;
  if (!is_new && statvfs(path.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY)) {
    // Nothing can change a file on a read-only file system, and SQLite could
    // not make the WAL index a reader of a WAL database needs: read it as
    // immutable. Every write then fails, saying the file system is read-only.
    name = ImmutableUri(path);
    flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(db.get(), rc, options.timeout)
        .WithContext("cannot open SQLite database '" + path + "'");
  }
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), static_cast<int>(options.timeout.count()));
  if (is_new) {
    // A file statectl creates gets the journal mode Buildbot gives its own
    // files; an existing file's mode is never touched.
    rc = sqlite3_exec(db.get(), "PRAGMA journal_mode = wal", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(db.get(), rc, options.timeout);
  }
  return std::unique_ptr<Backend>(std::make_unique<SqliteBackend>(
      std::make_unique<Connection>(std::move(db), options.timeout), is_new ? path : ""));
}

Result<std::unique_ptr<Backend>> OpenSqliteUrl(const DbUrl& url, const OpenOptions& options) {
  auto path = SqlitePathFromUrl(url, options.master_dir);
  if (!path) return path.error();
  struct stat existing;
  if (!options.create_if_missing && stat(path->c_str(), &existing) != 0 && errno == ENOENT) {
    // Said with the whole path, and where a relative URL was resolved: run
    // from the wrong directory, the fix is -m or --db, not a new database.
    std::string absolute = std::filesystem::absolute(*path).lexically_normal().string();
    std::string dir = std::filesystem::absolute(options.master_dir.empty() ? "." : options.master_dir)
                          .lexically_normal()
                          .string();
    bool relative = url.database.empty() || url.database[0] != '/';
    return Status::Database("no SQLite database at '" + absolute + "' (" + url.display +
                            (relative ? ", resolved against " + dir : std::string()) +
                            "); give the master's directory with -m, or the URL with --db");
  }
  return OpenSqlite(*path, options);
}

std::string SqliteBuiltWith() { return std::string("SQLite ") + SQLITE_VERSION; }

}  // namespace statectl::sqlite
