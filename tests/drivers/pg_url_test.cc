#include "backends/postgres/pg_url.h"

#include <doctest/doctest.h>

namespace statectl::pg {
namespace {

PgTarget Target(std::string_view url) {
  auto split = SplitDbUrl(url);
  REQUIRE(split.has_value());
  return PgTargetFromUrl(*split);
}

TEST_CASE("postgresql URLs become libpq keywords, decoded") {
  PgTarget t = Target("postgresql://bb:p%40ss%3Aw@db.example:5433/buildbot");
  CHECK(t.params == Params{{"user", "bb"}, {"password", "p@ss:w"}, {"host", "db.example"},
                           {"port", "5433"}, {"dbname", "buildbot"}});
  CHECK(t.endpoint == "db.example:5433");
}

TEST_CASE("any +driver, IPv6 and the unix-socket form") {
  CHECK(Target("postgresql+psycopg2://bb@h/db").params ==
        Params{{"user", "bb"}, {"host", "h"}, {"dbname", "db"}});
  CHECK(Target("postgresql://[::1]:5433/db").params ==
        Params{{"host", "::1"}, {"port", "5433"}, {"dbname", "db"}});
  PgTarget sock = Target("postgresql://bb@/db?host=/run/postgresql&port=5432");
  CHECK(sock.params == Params{{"user", "bb"}, {"dbname", "db"}, {"host", "/run/postgresql"},
                              {"port", "5432"}});
  CHECK(sock.endpoint == "/run/postgresql:5432");
  CHECK(Target("postgresql:///db").params == Params{{"dbname", "db"}});  // libpq's env fills in
  CHECK(Target("postgresql:///db").endpoint == "the default host:5432");
}

TEST_CASE("SQLAlchemy/Buildbot-only query arguments are dropped, libpq's kept") {
  PgTarget t = Target(
      "postgresql://h/db?pool_size=5&max_overflow=10&pool_recycle=3600&pool_timeout=30&max_idle=5"
      "&serialize_access=1&sslmode=require&connect_timeout=3&application_name=ops%20tool");
  CHECK(t.params == Params{{"host", "h"}, {"dbname", "db"}, {"sslmode", "require"},
                           {"connect_timeout", "3"}, {"application_name", "ops tool"}});
}

}  // namespace
}  // namespace statectl::pg
