// Runs the conformance suite (and the SQLite-only tests) on real SQLite files.
#include <doctest/doctest.h>

#include "backends/sqlite/sqlite_backend.h"
#include "tests/conformance/backend_suite.h"
#include "tests/support/temp_dir.h"

namespace statectl::conformance {
namespace {

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase() {
    OpenOptions options;
    options.create_if_missing = true;
    auto db = sqlite::OpenSqlite(path_, options);
    REQUIRE_MESSAGE(db.has_value(), db.error().message());
    auto txn = (*db)->BeginWrite();
    REQUIRE(txn.has_value());
    REQUIRE((*txn)->schema().CreateSchema().ok());
    REQUIRE((*txn)->Commit().ok());
  }
  std::unique_ptr<Backend> Connect() override {
    auto db = sqlite::OpenSqlite(path_, OpenOptions{});
    REQUIRE_MESSAGE(db.has_value(), db.error().message());
    return std::move(*db);
  }

 private:
  testing::TempDir dir_;
  std::string path_ = dir_.File("state.sqlite");
};

}  // namespace

std::unique_ptr<Database> MakeFreshDatabase() { return std::make_unique<SqliteDatabase>(); }

}  // namespace statectl::conformance

int main(int argc, char** argv) {
  return doctest::Context(argc, argv).run();
}
