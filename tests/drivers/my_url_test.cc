#include "backends/mysql/my_url.h"

#include <doctest/doctest.h>

namespace statectl::my {
namespace {

Result<MyTarget> Target(std::string_view url) {
  auto split = SplitDbUrl(url);
  REQUIRE(split.has_value());
  return MyTargetFromUrl(*split);
}

TEST_CASE("mysql URLs become libmariadb's connect arguments, decoded") {
  auto t = Target("mysql://bb:p%40ss%3Aw@db.example:3307/buildbot");
  REQUIRE(t.has_value());
  CHECK(t->user == "bb");
  CHECK(t->password == "p@ss:w");
  CHECK(t->host == "db.example");
  CHECK(t->port == 3307);
  CHECK(t->database == "buildbot");
  CHECK(t->storage_engine == "MyISAM");  // Buildbot's default
  CHECK(t->endpoint == "db.example:3307");
}

TEST_CASE("any +driver, the unix socket, and what the option files fill in") {
  auto sock = Target("mysql+mysqldb://bb@localhost/bb?unix_socket=/run/mysqld/mysqld.sock");
  REQUIRE(sock.has_value());
  CHECK(sock->unix_socket == "/run/mysqld/mysqld.sock");
  CHECK(sock->endpoint == "/run/mysqld/mysqld.sock");
  auto bare = Target("mysql+pymysql:///bb");
  REQUIRE(bare.has_value());
  CHECK(!bare->user);
  CHECK(!bare->password);
  CHECK(!bare->host);
  CHECK(bare->port == 0);
  CHECK(bare->endpoint == "localhost:3306");
  auto files = Target("mysql://h/bb?read_default_file=/etc/bb.cnf&read_default_group=bb");
  REQUIRE(files.has_value());
  CHECK(files->read_default_file == "/etc/bb.cnf");
  CHECK(files->read_default_group == "bb");
}

TEST_CASE("Buildbot's own arguments are read as Buildbot reads them") {
  auto t = Target("mysql://h/bb?max_idle=300&storage_engine=InnoDB&charset=utf8&use_unicode=True");
  REQUIRE(t.has_value());
  CHECK(t->storage_engine == "InnoDB");
  for (const auto& refused : {
           std::pair{"mysql://h/bb?charset=utf8mb4", "Buildbot requires charset=utf8"},
           std::pair{"mysql://h/bb?use_unicode=False", "Buildbot requires use_unicode=True"},
           std::pair{"mysql://h/bb?max_idle=soon", "max_idle must be a number"},
           std::pair{"mysql://h/bb?pool_size=5", "unknown argument 'pool_size'"},
       }) {
    const char* url = refused.first;
    const char* says = refused.second;
    CAPTURE(url);
    auto r = Target(url);
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
    CHECK(r.error().message().find(says) != std::string::npos);
  }
}

}  // namespace
}  // namespace statectl::my
