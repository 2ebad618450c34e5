// Runs the conformance suite (and the PostgreSQL-only tests) on a real server
// (scripts/pg-sandbox.sh). Without one: exit 77 (skipped), but never in CI.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

#include "tests/conformance/backend_suite.h"
#include "tests/postgres/pg_test_server.h"

namespace statectl::conformance {
namespace {

class PgDatabase final : public Database {
 public:
  std::unique_ptr<Backend> Connect() override { return db_.Connect(); }

 private:
  testing::PgTestDatabase db_;
};

}  // namespace

std::unique_ptr<Database> MakeFreshDatabase() { return std::make_unique<PgDatabase>(); }

}  // namespace statectl::conformance

int main(int argc, char** argv) {
  if (!statectl::testing::HavePgServer()) {
    std::fprintf(stderr, "conformance_postgresql: STATECTL_TEST_PG_HOST/_PORT are not set "
                         "(scripts/test.sh starts a server with scripts/pg-sandbox.sh)\n");
    return std::getenv("CI") ? 1 : 77;
  }
  return doctest::Context(argc, argv).run();
}
