#include "core/id_table.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

namespace statectl {
namespace {

// Every id finds its own slot; an id no object has finds none, or (in a gap
// between dense ids) a slot of no object's, still zero after every object's
// slot was written.
void CheckSlots(const std::vector<int64_t>& ids, const std::vector<int64_t>& absent) {
  IdTable<int32_t> table(ids);
  for (size_t i = 0; i < ids.size(); ++i) {
    int32_t* slot = table.Find(ids[i]);
    REQUIRE(slot != nullptr);
    CHECK(*slot == 0);  // value-initialized
    *slot = static_cast<int32_t>(i + 1);
  }
  for (size_t i = 0; i < ids.size(); ++i) CHECK(*table.Find(ids[i]) == static_cast<int32_t>(i + 1));
  for (int64_t id : absent) {
    const int32_t* slot = table.Find(id);
    CHECK((slot == nullptr || *slot == 0));
  }
}

TEST_CASE("an id table gives each object id its own slot, dense or sparse") {
  SUBCASE("Buildbot's serial ids, in dump order (not id order), with gaps") {
    CheckSlots({5, 3, 9, 4, 12, 7}, {0, 1, 2, 6, 8, 13, 1000, -5, INT64_MIN, INT64_MAX});
  }
  SUBCASE("ids spread far apart, negative ones too") {
    CheckSlots({1000000000000, -7, 3, INT64_MAX, INT64_MIN, 42},
               {0, 4, 41, 43, -6, 999999999999, INT64_MAX - 1, INT64_MIN + 1});
  }
  SUBCASE("no objects at all") { CheckSlots({}, {0, 1, -1}); }
}

}  // namespace
}  // namespace statectl
