#include "backends/sqlite/sqlite_url.h"

#include <doctest/doctest.h>

namespace statectl::sqlite {
namespace {

std::string Path(std::string_view url, std::string_view master_dir) {
  auto split = SplitDbUrl(url);
  REQUIRE(split.has_value());
  auto path = SqlitePathFromUrl(*split, master_dir);
  return path ? *path : "ERROR: " + path.error().message();
}

TEST_CASE("sqlite URLs resolve as Buildbot resolves them") {
  CHECK(Path("sqlite:///state.sqlite", "") == "state.sqlite");
  CHECK(Path("sqlite:///state.sqlite", "/srv/master") == "/srv/master/state.sqlite");
  CHECK(Path("sqlite:///sub/s.db", "/srv/master/") == "/srv/master/sub/s.db");
  CHECK(Path("sqlite:////abs/s.db", "/srv/master") == "/abs/s.db");
  CHECK(Path("sqlite+pysqlite:///s.db", "m") == "m/s.db");
  CHECK(Path("sqlite:///%(basedir)s/s.db", "/srv/m") == "/srv/m/s.db");
  CHECK(Path("sqlite:///%(basedir)s/s.db", "/srv/m/") == "/srv/m/s.db");
  CHECK(Path("sqlite:///a%20b.db", "") == "a%20b.db");  // SQLAlchemy keeps %XX
  CHECK(Path("sqlite:///s.db?serialize_access=1&timeout=5", "") == "s.db");
}

TEST_CASE("in-memory databases, hosts and unknown arguments are usage errors") {
  for (const char* bad : {"sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite://host/x",
                          "sqlite://u:secret@/x", "sqlite:///s.db?uri=true"}) {
    CAPTURE(bad);
    auto r = SqlitePathFromUrl(*SplitDbUrl(bad), "");
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
    CHECK(r.error().message().find("secret") == std::string::npos);
  }
}

}  // namespace
}  // namespace statectl::sqlite
