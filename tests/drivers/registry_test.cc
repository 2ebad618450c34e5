#include "backends/registry.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("a URL no driver reads is a usage error naming those that exist, without the password") {
  for (const char* url : {"oracle://u:topsecret@h/db", "mariadb://x/db", "sqlite://",
                          "mysql://u:topsecret@h"}) {
    CAPTURE(url);
    auto r = OpenBackend(url, OpenOptions{});
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
    CHECK(r.error().message().find("topsecret") == std::string::npos);
  }
  auto oracle = OpenBackend("oracle://u:topsecret@h/db", OpenOptions{});
  CHECK(oracle.error().message() ==
        "database URL oracle://u:****@h/db: unsupported database 'oracle'; this statectl supports "
        "sqlite, postgresql and mysql");
}

TEST_CASE("postgres:// is PostgreSQL's other spelling") {
  OpenOptions options;
  options.timeout = std::chrono::milliseconds(1);
  auto r = OpenBackend("postgres://u@127.0.0.1:1/db?bogus_option=1", options);
  REQUIRE(!r.has_value());
  CHECK(r.error().message().find("unsupported database") == std::string::npos);
}

}  // namespace
}  // namespace statectl
