#include "core/state_ops.h"

#include <doctest/doctest.h>

#include "core/object_names.h"
#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::MemoryDatabase;
using testing::MemoryTables;

TEST_CASE("getObjectId: found without a write transaction, created once, or not found") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  auto id = ObjectId(*db, "nightly", "Nightly", true);
  REQUIRE(id.has_value());
  CHECK(mem.calls("BeginWrite") == 1);
  CHECK(*ObjectId(*db, "nightly", "Nightly", true) == *id);
  CHECK(mem.calls("BeginWrite") == 1);  // an existing object costs no write lock
  auto missing = ObjectId(*db, "other", "Nightly", false);
  CHECK(missing.error().code() == Code::kNotFound);
  CHECK(missing.error().message() == "no object ('other', 'Nightly')");
  CHECK(mem.committed().objects.size() == 1);
}

TEST_CASE("getState: the stored bytes, nothing for an absent key or object, never a write") {
  MemoryDatabase mem;
  mem.Put("n", "C", "k", " {\"a\" :1} ");
  auto db = mem.Connect();
  CHECK(**GetState(*db, ObjectRef::Named("n", "C"), "k") == " {\"a\" :1} ");
  CHECK(!GetState(*db, ObjectRef::Named("n", "C"), "absent")->has_value());
  CHECK(!GetState(*db, ObjectRef::Named("nobody", "C"), "k")->has_value());
  CHECK(mem.calls("BeginWrite") == 0);
  auto by_id = GetState(*db, ObjectRef::WithId(42), "k");
  CHECK(by_id.error().code() == Code::kNotFound);
  CHECK(by_id.error().message() == "no object with id 42");
}

TEST_CASE("setState: stores json.dumps(json.loads(value)), shortening long names and keys") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  std::string name(200, 'n'), key(300, 'k');
  auto stored = SetState(*db, ObjectRef::Named(name, "C"), key, "{\"b\":1e16,\"a\":[NaN,-0]}");
  REQUIRE(stored.has_value());
  CHECK(*stored == "{\"b\": 1e+16, \"a\": [NaN, 0]}");
  REQUIRE(mem.committed().values.size() == 1);
  const auto& [at, json] = *mem.committed().values.begin();
  CHECK(mem.committed().objects.at(at.first).name == *EnsureLength(name, kObjectNameLength));
  CHECK(at.second == *EnsureLength(key, kStateKeyLength));
  CHECK(json == *stored);
  CHECK(*SetState(*db, ObjectRef::Named(name, "C"), key, "2") == "2");  // an update
  CHECK(mem.committed().values.begin()->second == "2");
}

TEST_CASE("setState refuses bad JSON and unknown ids before writing anything") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  auto bad = SetState(*db, ObjectRef::Named("n", "C"), "k", "{bad");
  CHECK(bad.error().code() == Code::kInvalidData);
  CHECK(bad.error().message().find("value: invalid JSON") == 0);
  CHECK(mem.calls("BeginWrite") == 0);
  auto orphan = SetState(*db, ObjectRef::WithId(987654), "k", "1");
  CHECK(orphan.error().code() == Code::kNotFound);
  CHECK(mem.committed().objects.empty());
  CHECK(mem.committed().values.empty());
}

TEST_CASE("setState that loses an insert race keeps the winner's value, as setState does") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  int64_t id = mem.Object("n", "C");
  mem.set_hook([&](std::string_view op, MemoryTables& t) {
    if (op == "InsertValue") t.values[{id, "k"}] = "\"winner\"";  // inserted in between
    return Status::Ok();
  });
  CHECK(*SetState(*db, ObjectRef::Named("n", "C"), "k", "\"mine\"") == "\"winner\"");
}

TEST_CASE("a failed commit leaves nothing, and its error comes back") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  mem.set_hook([](std::string_view op, MemoryTables&) {
    return op == "Commit" ? Status::Database("disk I/O error") : Status::Ok();
  });
  auto set = SetState(*db, ObjectRef::Named("n", "C"), "k", "1");
  CHECK(set.error().message() == "disk I/O error");
  CHECK(mem.committed().objects.empty());
}

TEST_CASE("atomicCreateState: computes only for an absent key, inside the write transaction") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  int calls = 0;
  auto make = [&]() -> Result<std::string> {
    ++calls;
    CHECK(mem.calls("LockKey") == 1);  // the lock is held while it computes
    return std::string("{\"x\":1}");
  };
  CHECK(*CreateOnce(*db, ObjectRef::Named("n", "C"), "k", make) == "{\"x\": 1}");
  CHECK(*CreateOnce(*db, ObjectRef::Named("n", "C"), "k", make) == "{\"x\": 1}");
  CHECK(calls == 1);
  CHECK(mem.calls("BeginWrite") == 1);  // the second found it without a write lock
}

TEST_CASE("atomicCreateState: a value created since the fast path wins, and nothing is computed") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  mem.set_hook([&](std::string_view op, MemoryTables& t) {
    if (op == "LockKey") {
      int64_t id = t.objects.begin()->first;
      t.values[{id, "k"}] = "\"theirs\"";
    }
    return Status::Ok();
  });
  bool called = false;
  auto stored = CreateOnce(*db, ObjectRef::Named("n", "C"), "k", [&]() -> Result<std::string> {
    called = true;
    return std::string("1");
  });
  CHECK(*stored == "\"theirs\"");
  CHECK(!called);
}

TEST_CASE("atomicCreateState: a failing computation writes nothing, not even the object") {
  MemoryDatabase mem;
  auto db = mem.Connect();
  auto bad = CreateOnce(*db, ObjectRef::Named("m", "C"), "k", [] { return Result<std::string>("{bad"); });
  CHECK(bad.error().code() == Code::kInvalidData);
  auto failed = CreateOnce(*db, ObjectRef::Named("m", "C"), "k",
                           [] { return Result<std::string>(Status::Database("exit 7")); });
  CHECK(failed.error().message() == "exit 7");
  CHECK(mem.committed().objects.empty());
}

}  // namespace
}  // namespace statectl
