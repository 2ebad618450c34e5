#include "core/seconds.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("seconds print without trailing zeros") {
  using std::chrono::milliseconds;
  CHECK(SecondsText(milliseconds(10000)) == "10");
  CHECK(SecondsText(milliseconds(300)) == "0.3");
  CHECK(SecondsText(milliseconds(1250)) == "1.25");
  CHECK(SecondsText(milliseconds(0)) == "0");
}

}  // namespace
}  // namespace statectl
