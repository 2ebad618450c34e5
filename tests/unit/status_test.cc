#include "core/status.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

Status Fails() { return Status::Conflict("inner"); }
Status Propagates() {
  STATECTL_RETURN_IF_ERROR(Fails());
  return Status::Ok();
}

TEST_CASE("Status carries a code and context reads outer to inner") {
  CHECK(Status().ok());
  Status s = Status::NotFound("no key").WithContext("get");
  CHECK(s.code() == Code::kNotFound);
  CHECK(s.message() == "get: no key");
  CHECK(Propagates().code() == Code::kConflict);
}

TEST_CASE("Result holds a value or an error; value() on an error is a bug") {
  Result<int> ok = 3;
  CHECK(ok.has_value());
  CHECK(*ok == 3);
  Result<int> bad = Status::Database("down");
  CHECK(!bad.has_value());
  CHECK(bad.error().message() == "down");
  CHECK_THROWS_AS(bad.value(), BadResultAccess);
  CHECK_THROWS(Result<int>(Status::Ok()));
}

}  // namespace
}  // namespace statectl
