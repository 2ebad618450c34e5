#include "core/edit_distance.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("edit distance counts single-byte edits, bounded") {
  CHECK(EditDistance("Periodic", "Periodic", 2) == 0);
  CHECK(EditDistance("Periodc", "Periodic", 2) == 1);     // one deletion
  CHECK(EditDistance("Nigthly", "Nightly", 2) == 1);      // a swap of neighbours is one
  CHECK(EditDistance("ab", "ba", 2) == 1);
  CHECK(EditDistance("abc", "ca", 3) == 3);               // no swap across an edit (OSA)
  CHECK(EditDistance("lst", "list", 2) == 1);
  CHECK(EditDistance("", "abc", 5) == 3);
  CHECK(EditDistance("GitPoller", "Nightly", 2) == 3);    // past the bound: max + 1
  CHECK(EditDistance("a", "abcdefgh", 2) == 3);           // lengths alone rule it out
}

TEST_CASE("near misses: case, one edit, two past 8 characters, none under 4") {
  CHECK(IsNearMiss("periodic", "Periodic"));
  CHECK(IsNearMiss("Periodc", "Periodic"));
  CHECK(IsNearMiss("GitPolller", "GitPoller"));    // 9 characters: two edits allowed
  CHECK(IsNearMiss("GitPolr", "GitPoller"));
  CHECK(IsNearMiss("Nigthly", "Nightly"));
  CHECK(!IsNearMiss("Nigthyl", "Nightly"));        // 7 characters: one edit only
  CHECK(IsNearMiss("dmp", "dump"));
  CHECK(!IsNearMiss("lst", "get"));                // "get" is too short to guess at
  CHECK(IsNearMiss("GET", "get"));
  CHECK(IsNearMiss("job-2", "job-1"));  // so object names are matched by case alone
}

}  // namespace
}  // namespace statectl
