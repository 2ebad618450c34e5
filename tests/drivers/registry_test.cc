#include "backends/registry.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("a URL no driver reads is a usage error naming those that exist, without the password") {
  for (const char* url : {"mysql://u:topsecret@h/db", "oracle://x", "sqlite://"}) {
    CAPTURE(url);
    auto r = OpenBackend(url, OpenOptions{});
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kUsage);
    CHECK(r.error().message().find("topsecret") == std::string::npos);
  }
  auto mysql = OpenBackend("mysql://u:topsecret@h/db", OpenOptions{});
  CHECK(mysql.error().message() ==
        "database URL mysql://u:****@h/db: unsupported database 'mysql'; this statectl supports "
        "sqlite and postgresql");
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
