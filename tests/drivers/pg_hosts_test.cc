#include "backends/postgres/pg_hosts.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

namespace statectl::pg {
namespace {

// A resolver that answers from a table, and notes what it was asked.
struct FakeDns {
  std::map<std::string, std::vector<std::string>> table;
  std::vector<std::string> asked = {};
  Resolver resolver() {
    return [this](const std::string& name) -> Result<std::vector<std::string>> {
      asked.push_back(name);
      if (name == "stuck") return Status::Database("cannot look up host name 'stuck'");
      auto it = table.find(name);
      return it == table.end() ? std::vector<std::string>() : it->second;
    };
  }
};

TEST_CASE("each address of the host name becomes an entry; host and port repeat to match") {
  FakeDns dns{{{"db", {"10.0.0.1", "::1"}}}};
  auto out = ResolveHost("db", "5432", dns.resolver());
  REQUIRE(out.has_value());
  REQUIRE(out->has_value());
  CHECK((*out)->host == "db,db");
  CHECK((*out)->hostaddr == "10.0.0.1,::1");
  CHECK((*out)->port == "5432,5432");
  auto no_port = ResolveHost("db", "", dns.resolver());
  CHECK((*no_port)->port.empty());  // libpq's default stays
}

TEST_CASE("nothing to do: sockets, numeric addresses, unknown names, lists of hosts") {
  FakeDns dns{{{"db", {"10.0.0.1"}}}};
  for (const char* host : {"", "/run/postgresql", "@abstract", "127.0.0.1", "::1", "nowhere",
                           "db,replica", "db,/tmp"}) {
    auto out = ResolveHost(host, "5432", dns.resolver());
    REQUIRE(out.has_value());
    CHECK_FALSE(out->has_value());
  }
  CHECK(dns.asked == std::vector<std::string>{"nowhere"});  // libpq reports it as it does
}

TEST_CASE("a lookup that does not answer in time is the error") {
  FakeDns dns;
  auto out = ResolveHost("stuck", "5432", dns.resolver());
  REQUIRE_FALSE(out.has_value());
  CHECK(out.error().code() == Code::kDatabase);
  CHECK(out.error().message() == "cannot look up host name 'stuck'");
}

// Giving up at the deadline is pinned end to end (pg_failure_test.py, with a
// getaddrinfo that never answers).
TEST_CASE("the real lookup gives localhost's numeric addresses") {
  auto local = statectl::LookUpHost("localhost", std::chrono::steady_clock::now() + std::chrono::seconds(5));
  REQUIRE(local.has_value());
  CHECK(std::find(local->begin(), local->end(), "127.0.0.1") != local->end());
}

}  // namespace
}  // namespace statectl::pg
