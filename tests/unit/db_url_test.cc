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
  auto r = ParseDbUrl("mysql://u:topsecret@h/db", "");
  REQUIRE(!r.has_value());
  CHECK(r.error().message().find("topsecret") == std::string::npos);
}

}  // namespace
}  // namespace statectl
