#include "core/db_url.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("sqlite URLs resolve as Buildbot resolves them") {
  CHECK(ParseDbUrl("sqlite:///state.sqlite", "")->path == "state.sqlite");
  CHECK(ParseDbUrl("sqlite:///state.sqlite", "/srv/master")->path == "/srv/master/state.sqlite");
  CHECK(ParseDbUrl("sqlite:///sub/s.db", "/srv/master/")->path == "/srv/master/sub/s.db");
  CHECK(ParseDbUrl("sqlite:////abs/s.db", "/srv/master")->path == "/abs/s.db");
  CHECK(ParseDbUrl("sqlite+pysqlite:///s.db", "m")->path == "m/s.db");
  CHECK(ParseDbUrl("sqlite:///%(basedir)s/s.db", "/srv/m")->path == "/srv/m/s.db");
  CHECK(ParseDbUrl("sqlite:///%(basedir)s/s.db", "/srv/m/")->path == "/srv/m/s.db");
  CHECK(ParseDbUrl("sqlite:///a%20b.db", "")->path == "a%20b.db");  // SQLAlchemy keeps %XX
  CHECK(ParseDbUrl("sqlite:///s.db?serialize_access=1", "")->path == "s.db");
  CHECK(ParseDbUrl("sqlite:///s.db", "")->dialect == "sqlite");
}

TEST_CASE("unusable URLs are usage errors") {
  for (const char* bad : {"sqlite://", "sqlite:///:memory:", "sqlite://host/x", "state.sqlite",
                          "sqlite:///s.db?uri=true", "mysql://u@h/db", "oracle://x"}) {
    CAPTURE(bad);
    auto r = ParseDbUrl(bad, "");
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
  }
}

TEST_CASE("passwords never reach a message") {
  CHECK(RedactUrl("postgresql://bb:s3cret@db:5432/bb") == "postgresql://bb:****@db:5432/bb");
  CHECK(RedactUrl("postgresql://bb@db/bb") == "postgresql://bb@db/bb");
  CHECK(RedactUrl("sqlite:///state.sqlite") == "sqlite:///state.sqlite");
  CHECK(RedactUrl("mysql://u:p@ss@h/db") == "mysql://u:****@h/db");
  CHECK(RedactUrl("unknown option '--dbb=postgresql://a:pw1@h/db' and sqlite:///x, "
                  "postgres://b:pw2@[::1]:5/db?host=/s") ==
        "unknown option '--dbb=postgresql://a:****@h/db' and sqlite:///x, "
        "postgres://b:****@[::1]:5/db?host=/s");
  auto r = ParseDbUrl("mysql://u:topsecret@h/db", "");
  REQUIRE(!r.has_value());
  CHECK(r.error().message().find("topsecret") == std::string::npos);
}

}  // namespace
}  // namespace statectl

namespace statectl {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("postgresql URLs become libpq keywords, decoded") {
  auto url = ParseDbUrl("postgresql://bb:p%40ss%3Aw@db.example:5433/buildbot", "");
  REQUIRE(url.has_value());
  CHECK(url->dialect == "postgresql");
  CHECK(url->params == Params{{"user", "bb"}, {"password", "p@ss:w"}, {"host", "db.example"},
                              {"port", "5433"}, {"dbname", "buildbot"}});
  CHECK(url->endpoint == "db.example:5433");
  CHECK(url->display == "postgresql://bb:****@db.example:5433/buildbot");
}

TEST_CASE("any +driver, postgres://, IPv6 and the unix-socket form") {
  CHECK(ParseDbUrl("postgresql+psycopg2://bb@h/db", "")->params ==
        Params{{"user", "bb"}, {"host", "h"}, {"dbname", "db"}});
  CHECK(ParseDbUrl("postgres://h/db", "")->dialect == "postgresql");
  CHECK(ParseDbUrl("postgresql://[::1]:5433/db", "")->params ==
        Params{{"host", "::1"}, {"port", "5433"}, {"dbname", "db"}});
  auto sock = ParseDbUrl("postgresql://bb@/db?host=/run/postgresql&port=5432", "");
  CHECK(sock->params == Params{{"user", "bb"}, {"dbname", "db"}, {"host", "/run/postgresql"},
                               {"port", "5432"}});
  CHECK(sock->endpoint == "/run/postgresql:5432");
  CHECK(ParseDbUrl("postgresql:///db", "")->params == Params{{"dbname", "db"}});  // libpq's env fills in
}

TEST_CASE("SQLAlchemy/Buildbot-only query arguments are dropped, libpq's kept") {
  auto url = ParseDbUrl(
      "postgresql://h/db?pool_size=5&max_overflow=10&pool_recycle=3600&pool_timeout=30&max_idle=5"
      "&serialize_access=1&sslmode=require&connect_timeout=3&application_name=ops%20tool",
      "");
  REQUIRE(url.has_value());
  CHECK(url->params == Params{{"host", "h"}, {"dbname", "db"}, {"sslmode", "require"},
                              {"connect_timeout", "3"}, {"application_name", "ops tool"}});
}

TEST_CASE("malformed postgresql URLs are usage errors without the password") {
  for (const char* bad : {"postgresql://u:secret@h:port/db", "postgresql://u:secret%zz@h/db",
                          "postgresql://u:secret@[::1/db"}) {
    CAPTURE(bad);
    auto r = ParseDbUrl(bad, "");
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
    CHECK(r.error().message().find("secret") == std::string::npos);
  }
}

}  // namespace
}  // namespace statectl
