// What only PostgreSQL has: concurrent writers inside transactions, old
// schema shapes, enforced column lengths, lock timeouts.
#include <doctest/doctest.h>

#include <future>
#include <thread>

#include "core/object_names.h"
#include "core/state_ops.h"
#include "tests/postgres/pg_test_server.h"
#include "tests/support/dump_text.h"
#include "tests/support/interleaving_backend.h"

namespace statectl::pg {
namespace {

using std::chrono::milliseconds;
using testing::PgAdmin;
using testing::PgTestDatabase;

TEST_CASE("a set that loses an insert race returns the winner's value, as setState documents") {
  PgTestDatabase db;
  auto winner = db.Connect();
  auto loser = db.Connect();
  auto id = *ObjectId(*winner, "n", "C", true);
  auto txn = winner->BeginWrite();
  REQUIRE(txn.has_value());
  REQUIRE(*(*txn)->state().InsertValue(id, "k", "\"first\""));  // not yet committed
  auto racing = std::async(std::launch::async, [&] { return SetState(*loser, ObjectRef::Named("n", "C"), "k", "\"second\""); });
  // The loser's UPDATE finds no row; its INSERT waits on the winner's key.
  CHECK(racing.wait_for(milliseconds(300)) == std::future_status::timeout);
  REQUIRE((*txn)->Commit().ok());
  auto stored = racing.get();
  REQUIRE_MESSAGE(stored.has_value(), stored.error().message());
  CHECK(*stored == "\"first\"");
  CHECK(**GetState(*winner, ObjectRef::Named("n", "C"), "k") == "\"first\"");
}

TEST_CASE("old databases with UNIQUE constraints instead of indexes work, and init adds none") {
  PgTestDatabase db(/*with_schema=*/false);
  PgAdmin("CREATE TABLE objects (id SERIAL PRIMARY KEY, name VARCHAR(128) NOT NULL, "
          "class_name VARCHAR(128) NOT NULL, CONSTRAINT object_identity UNIQUE (name, class_name));"
          "CREATE TABLE object_state (objectid INTEGER NOT NULL REFERENCES objects(id) ON DELETE CASCADE, "
          "name VARCHAR(255) NOT NULL, value_json TEXT NOT NULL, "
          "CONSTRAINT name_per_object UNIQUE (objectid, name))",
          db.name());
  auto backend = db.Connect();
  {
    auto txn = backend->BeginWrite();
    REQUIRE((*txn)->schema().CreateSchema().ok());
    REQUIRE((*txn)->Commit().ok());
  }
  CHECK(*ObjectId(*backend, "n", "C", true) == *ObjectId(*backend, "n", "C", true));
  REQUIRE(SetState(*backend, ObjectRef::Named("n", "C"), "k", "1").has_value());
  CHECK(*CreateOnce(*backend, ObjectRef::Named("n", "C"), "k", [] { return Result<std::string>("2"); }) == "1");
  auto txn = backend->BeginWrite();
  auto id = *(*txn)->state().FindObject(ObjectName{"n", "C"});
  CHECK(!*(*txn)->state().InsertValue(*id, "k", "3"));  // the constraint answers as the index does
}

TEST_CASE("orphan values are counted only where no foreign key rules them out") {
  PgTestDatabase db;
  auto backend = db.Connect();
  REQUIRE(SetState(*backend, ObjectRef::Named("n", "C"), "k", "1").has_value());
  auto orphans = [&] {
    auto txn = backend->BeginRead();
    return *(*txn)->schema().CountOrphanValues();
  };
  CHECK(orphans() == 0);  // Buildbot's schema: the foreign key, no scan needed
  // A hand-made schema without it may hold orphans; they are counted.
  PgAdmin("ALTER TABLE object_state DROP CONSTRAINT object_state_objectid_fkey;"
          "INSERT INTO object_state VALUES (999, 'k', '1')",
          db.name());
  CHECK(orphans() == 1);
}

TEST_CASE("PostgreSQL enforces column lengths: a too-long class name is invalid input") {
  PgTestDatabase db;
  auto backend = db.Connect();
  auto id = ObjectId(*backend, "n", std::string(kClassNameLength + 1, 'C'), true);
  REQUIRE(!id.has_value());
  CHECK(id.error().code() == Code::kInvalidData);
  CHECK(ObjectId(*backend, "n", std::string(kClassNameLength, 'C'), true).has_value());
}

TEST_CASE("a row lock held past --timeout is a database error, not a hang") {
  PgTestDatabase db;
  auto holder = db.Connect();
  REQUIRE(SetState(*holder, ObjectRef::Named("n", "C"), "k", "1").has_value());
  auto txn = holder->BeginWrite();
  auto id = *(*txn)->state().FindObject(ObjectName{"n", "C"});
  REQUIRE(*(*txn)->state().UpdateValue(*id, "k", "2"));  // holds the row lock
  auto waiter = db.Connect(milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  auto set = SetState(*waiter, ObjectRef::Named("n", "C"), "k", "3");
  REQUIRE(!set.has_value());
  CHECK(set.error().code() == Code::kDatabase);
  CHECK(set.error().message().find("locked") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(**GetState(*waiter, ObjectRef::Named("n", "C"), "k") == "1");  // reads do not wait
}

TEST_CASE("create-once on one key waits for a concurrent computation and returns its value") {
  PgTestDatabase db;
  auto first = db.Connect();
  auto second = db.Connect();
  std::promise<void> computing;
  std::promise<void> release;
  auto slow = std::async(std::launch::async, [&] {
    return CreateOnce(*first, ObjectRef::Named("n", "C"), "k", [&]() -> Result<std::string> {
      computing.set_value();
      release.get_future().wait();
      return std::string("\"first\"");
    });
  });
  computing.get_future().wait();
  int calls = 0;
  auto fast = std::async(std::launch::async, [&] {
    return CreateOnce(*second, ObjectRef::Named("n", "C"), "k", [&]() -> Result<std::string> {
      ++calls;
      return std::string("\"second\"");
    });
  });
  CHECK(fast.wait_for(milliseconds(300)) == std::future_status::timeout);  // blocked on the lock
  release.set_value();
  CHECK(*slow.get() == "\"first\"");
  CHECK(*fast.get() == "\"first\"");
  CHECK(calls == 0);
}

TEST_CASE("issue 10: another connection's commit between an import's comparison and merge fails it") {
  PgTestDatabase src_db, dst_db;
  auto src = src_db.Connect();
  REQUIRE(SetState(*src, ObjectRef::Named("a", "C"), "k1", "1").has_value());
  REQUIRE(SetState(*src, ObjectRef::Named("a", "C"), "k2", "2").has_value());
  auto dst = dst_db.Connect();
  REQUIRE(SetState(*dst, ObjectRef::Named("a", "C"), "k1", "1").has_value());
  auto other = dst_db.Connect();
  testing::InterleavingBackend interleaved(*dst, [&](StateWriter&) {
    // Committed by another connection while the import's transaction is open.
    REQUIRE(SetState(*other, ObjectRef::Named("a", "C"), "k2", "\"theirs\"").has_value());
  });
  auto report = testing::Import(interleaved, testing::FullDump(*src));
  REQUIRE(!report.has_value());
  CHECK(report.error().code() == Code::kConflict);
  CHECK(report.error().message().find("0 of 1 values inserted") != std::string::npos);
  CHECK(**GetState(*dst, ObjectRef::Named("a", "C"), "k2") == "\"theirs\"");  // theirs kept, nothing of the import
}

}  // namespace
}  // namespace statectl::pg
