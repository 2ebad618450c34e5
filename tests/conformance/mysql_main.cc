// Runs the conformance suite (and the MySQL-only tests) on a real MariaDB
// server (scripts/mariadb-sandbox.sh), on InnoDB tables, where a write
// transaction rolls back as the suite expects (MyISAM's case is in
// tests/mysql/my_backend_test.cc). Without a server: exit 77 (skipped), but
// never in CI.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

#include "tests/conformance/backend_suite.h"
#include "tests/mysql/my_test_server.h"

namespace statectl::conformance {
namespace {

class MysqlDatabase final : public Database {
 public:
  std::unique_ptr<Backend> Connect() override { return db_.Connect(); }
  bool HoldsAstralCharacters() const override { return false; }  // utf8mb3

 private:
  testing::MysqlTestDatabase db_;
};

}  // namespace

std::unique_ptr<Database> MakeFreshDatabase() { return std::make_unique<MysqlDatabase>(); }

}  // namespace statectl::conformance

int main(int argc, char** argv) {
  if (!statectl::testing::HaveMysqlServer()) {
    std::fprintf(stderr, "conformance_mysql: STATECTL_TEST_MYSQL_SOCKET is not set "
                         "(scripts/test.sh starts a server with scripts/mariadb-sandbox.sh)\n");
    return std::getenv("CI") ? 1 : 77;
  }
  return doctest::Context(argc, argv).run();
}
