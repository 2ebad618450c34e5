// Commands that write several rows are all or nothing, or, on a database
// that cannot roll back, written only with --non-atomic (core/all_or_nothing.h).
#include <doctest/doctest.h>

#include "core/delete.h"
#include "core/rename.h"
#include "core/state_ops.h"
#include "tests/support/dump_text.h"
#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::MemoryDatabase;

constexpr const char* kWhy = "the state tables t (MyISAM) cannot roll back";

struct NoRollback {
  MemoryDatabase mem;
  std::unique_ptr<Backend> db;
  NoRollback() {
    mem.Put("n", "C", "a", "1");
    mem.Put("n", "C", "b", "2");
    mem.set_cannot_roll_back(std::string(kWhy));
    db = mem.Connect();
  }
  size_t values() { return mem.committed().values.size(); }
};

void CheckRefused(const Status& st) {
  CHECK(st.code() == Code::kDatabase);
  CHECK(st.message().find(kWhy) != std::string::npos);
  CHECK(st.message().find("--non-atomic") != std::string::npos);
}

TEST_CASE("all or nothing: several rows need --non-atomic where nothing rolls back") {
  NoRollback t;
  WriteOptions plain, non_atomic;
  non_atomic.non_atomic = true;
  auto ref = ObjectRef::Named("n", "C");
  SUBCASE("delete") {
    auto two = DeleteValues(*t.db, ref, {"a", "b"}, plain);
    REQUIRE(!two.has_value());
    CheckRefused(two.error());
    auto all = DeleteAllValues(*t.db, ref, plain);
    REQUIRE(!all.has_value());
    CheckRefused(all.error());
    auto whole = DeleteWholeObject(*t.db, ref, plain);
    REQUIRE(!whole.has_value());
    CheckRefused(whole.error());
    CHECK(t.values() == 2);
    REQUIRE(DeleteWholeObject(*t.db, ref, non_atomic).has_value());
    CHECK(t.values() == 0);
  }
  SUBCASE("rename") {
    RenameRequest request;
    request.name = "n";
    request.to = "m";
    auto refused = RenameObjects(*t.db, request, plain);
    REQUIRE(!refused.has_value());
    CheckRefused(refused.error());
    CHECK(t.mem.committed().objects.begin()->second.name == "n");
    REQUIRE(RenameObjects(*t.db, request, non_atomic).has_value());
    CHECK(t.mem.committed().objects.begin()->second.name == "m");
  }
  SUBCASE("import, but not its dry run") {
    std::string dump = testing::FullDump(*t.db);
    ImportOptions options;
    auto refused = testing::Import(*t.db, dump, options);
    REQUIRE(!refused.has_value());
    CheckRefused(refused.error());
    options.dry_run = true;
    CHECK(testing::Import(*t.db, dump, options).has_value());
    options.dry_run = false;
    options.non_atomic = true;
    CHECK(testing::Import(*t.db, dump, options).has_value());
  }
}

TEST_CASE("all or nothing: a write of one value needs no leave") {
  NoRollback t;
  auto ref = ObjectRef::Named("n", "C");
  REQUIRE(SetState(*t.db, ref, "a", "3").has_value());
  REQUIRE(DeleteValues(*t.db, ref, {"b"}, WriteOptions{}).has_value());
  CHECK(t.values() == 1);
  CHECK(t.mem.committed().values.at({1, "a"}) == "3");
}

}  // namespace
}  // namespace statectl
