// What only SQLite has: files, a busy timeout, rows without their object.
#include "backends/sqlite/sqlite_backend.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/dump.h"
#include "core/scan.h"
#include "core/state_ops.h"
#include "tests/support/temp_dir.h"

namespace statectl::sqlite {
namespace {

using std::chrono::milliseconds;

void Exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE_MESSAGE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
  sqlite3_close(db);
}

std::unique_ptr<Backend> Open(const std::string& path, bool create = false,
                              milliseconds timeout = milliseconds(10000)) {
  OpenOptions options;
  options.create_if_missing = create;
  options.timeout = timeout;
  auto db = OpenSqlite(path, options);
  REQUIRE_MESSAGE(db.has_value(), db.error().message());
  return std::move(*db);
}

std::unique_ptr<Backend> Init(const std::string& path) {
  auto db = Open(path, true);
  auto txn = db->BeginWrite();
  REQUIRE((*txn)->schema().CreateSchema().ok());
  REQUIRE((*txn)->Commit().ok());
  return db;
}

TEST_CASE("opening a missing file fails and creates nothing") {
  testing::TempDir dir;
  auto db = OpenSqlite(dir.File("state.sqlite"), OpenOptions{});
  REQUIRE(!db.has_value());
  CHECK(db.error().code() == Code::kDatabase);
  CHECK(db.error().message().find("No such file or directory") != std::string::npos);
  CHECK(db.error().message().find("statectl init") == std::string::npos);  // no stray database
  CHECK(!std::filesystem::exists(dir.File("state.sqlite")));
}

TEST_CASE("a database without the tables says to run init") {
  testing::TempDir dir;
  Exec(dir.File("state.sqlite"), "CREATE TABLE other (x)");
  auto db = Open(dir.File("state.sqlite"));
  auto id = ObjectId(*db, "n", "C", true);
  REQUIRE(!id.has_value());
  CHECK(id.error().code() == Code::kDatabase);
  CHECK(id.error().message().find("run 'statectl init'") != std::string::npos);
}

TEST_CASE("a new file gets WAL like Buildbot's; an existing file keeps its mode") {
  testing::TempDir dir;
  Init(dir.File("new.sqlite"));
  Exec(dir.File("old.sqlite"), "PRAGMA journal_mode = delete; CREATE TABLE t (x)");
  Init(dir.File("old.sqlite"));
  auto mode = [](const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    std::string m = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return m;
  };
  CHECK(mode(dir.File("new.sqlite")) == "wal");
  CHECK(mode(dir.File("old.sqlite")) == "delete");
}

TEST_CASE("a writer held past the timeout is a database error naming it") {
  testing::TempDir dir;
  auto holder = Init(dir.File("state.sqlite"));
  auto held = holder->BeginWrite();
  REQUIRE(held.has_value());
  auto waiter = Open(dir.File("state.sqlite"), false, milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  auto id = ObjectId(*waiter, "n", "C", true);
  auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE(!id.has_value());
  CHECK(id.error().code() == Code::kDatabase);
  CHECK(id.error().message().find("locked") != std::string::npos);
  CHECK(id.error().message().find("0.3 s") != std::string::npos);
  CHECK(waited >= milliseconds(250));
  // Reads go on beside the writer (WAL).
  auto read = ObjectId(*waiter, "n", "C", false);
  CHECK(read.error().code() == Code::kNotFound);
}

std::vector<std::string> ScanKeys(Backend& db, bool temp_files) {
  auto txn = db.BeginRead();
  REQUIRE(txn.has_value());
  std::vector<std::string> keys;
  ScanOptions options;
  options.temp_files = temp_files;
  Status st = ScanState((*txn)->state(), options, [&](const Row& row) {
    keys.push_back(row.class_name + "/" + row.name + "/" + row.key.value_or("-") + "=" +
                   row.value_json.value_or("-"));
    return Status::Ok();
  });
  REQUIRE_MESSAGE(st.ok(), st.message());
  return keys;
}

TEST_CASE("state rows whose object is gone are not dumped, and are counted") {
  testing::TempDir dir;
  auto db = Init(dir.File("state.sqlite"));
  REQUIRE(SetState(*db, ObjectRef::Named("n", "C"), "k", "1").has_value());
  REQUIRE(SetState(*db, ObjectRef::Named("kept", "C"), "k", "2").has_value());
  // Buildbot's FK never fires on SQLite.
  Exec(dir.File("state.sqlite"), "DELETE FROM objects WHERE name = 'n'");
  ScanOptions options;
  SUBCASE("sorted in temporary files") { options.temp_files = true; }
  SUBCASE("read through the index") { options.temp_files = false; }
  FILE* out = std::tmpfile();
  auto stats = WriteDump(*db, options, out);
  std::fclose(out);
  REQUIRE(stats.has_value());
  CHECK(stats->objects == 1);
  CHECK(stats->values == 1);
  CHECK(stats->orphans_skipped == 1);
  CHECK(ScanKeys(*db, options.temp_files) == std::vector<std::string>{"C/kept/k=2"});
}

TEST_CASE("a scan too big for one sorted run yields what the index path yields") {
  testing::TempDir dir;
  auto db = Init(dir.File("state.sqlite"));
  // 40 objects (one without values), 24,000 values of ~400 bytes: about 10 MB,
  // past one 6 MiB run; rows stored in an order unlike the dump's.
  Exec(dir.File("state.sqlite"),
       "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 40) "
       "INSERT INTO objects (id, name, class_name) "
       "SELECT (n * 7919) % 1000, 'obj-' || (n * 31 % 40), 'Class' || (n % 3) FROM i;"
       "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 24000) "
       "INSERT INTO object_state (objectid, name, value_json) "
       "SELECT ((n % 39 + 1) * 7919) % 1000, 'key-' || ((n * 7) % 24000), "
       "'\"' || char(65 + n % 26) || hex(zeroblob(200)) || '\"' FROM i ORDER BY random();");
  auto by_index = ScanKeys(*db, false);
  CHECK(by_index.size() == 24001);
  CHECK(ScanKeys(*db, true) == by_index);
  SUBCASE("and with no usable temporary directory, the index path itself") {
    const char* old = getenv("TMPDIR");
    std::string saved = old ? old : "";
    setenv("TMPDIR", dir.File("missing").c_str(), 1);
    auto fallback = ScanKeys(*db, true);
    if (old) setenv("TMPDIR", saved.c_str(), 1); else unsetenv("TMPDIR");
    CHECK(fallback == by_index);
  }
}

}  // namespace
}  // namespace statectl::sqlite
