#include "core/run_command.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

using std::chrono::milliseconds;

TEST_CASE("standard output is the result") {
  CHECK(*RunShellCommand("printf '{\"a\": 1}'", milliseconds(5000)) == "{\"a\": 1}");
  CHECK(*RunShellCommand("echo 1; echo 2 >&2", milliseconds(5000)) == "1\n");
}

TEST_CASE("a failing command is an error, naming its status") {
  auto r = RunShellCommand("exit 3", milliseconds(5000));
  REQUIRE(!r.has_value());
  CHECK(r.error().code() == Code::kDatabase);
  CHECK(r.error().message().find("status 3") != std::string::npos);
}

TEST_CASE("a command that outlives the timeout is killed with its children") {
  auto start = std::chrono::steady_clock::now();
  auto r = RunShellCommand("sleep 30 | cat", milliseconds(200));
  REQUIRE(!r.has_value());
  CHECK(r.error().message().find("did not finish within 0.2 s") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

}  // namespace
}  // namespace statectl
