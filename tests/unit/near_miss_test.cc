#include "core/near_miss.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

const std::vector<ObjectName> kKnown = {{"periodic", "Periodic"},
                                        {"nightly", "Nightly"},
                                        {"nightly", "buildbot.schedulers.timed.Nightly"},
                                        {"job-1", "Triggerable"},
                                        {"file:///srv/repo.git", "GitPoller"}};

TEST_CASE("issue 11: a class that exists but for a typo or case is a slip") {
  CHECK(*NearMissOf({"periodic", "Periodc"}, kKnown) ==
        "no object has class 'Periodc'; did you mean 'Periodic'?");
  CHECK(*NearMissOf({"nightly", "nightly"}, kKnown) ==
        "no object has class 'nightly'; did you mean 'Nightly'?");
  CHECK(*NearMissOf({"r", "GitPolller"}, kKnown) ==
        "no object has class 'GitPolller'; did you mean 'GitPoller'?");
}

TEST_CASE("issue 11: a name of the class but for case is a slip; other names are not") {
  CHECK(*NearMissOf({"Nightly", "Nightly"}, kKnown) == "did you mean ('nightly', 'Nightly')?");
  CHECK(!NearMissOf({"job-2", "Triggerable"}, kKnown));  // scripts number their objects
  CHECK(!NearMissOf({"nightly2", "Nightly"}, kKnown));
  CHECK(!NearMissOf({"x", "SingleBranchScheduler"}, kKnown));  // a new class, nothing like it
  CHECK(!NearMissOf({"x", "Periodic"}, {}));
  // A racing writer created the very object meanwhile: not a slip of itself.
  CHECK(!NearMissOf({"nightly", "Nightly"}, kKnown));
}

}  // namespace
}  // namespace statectl
