#include "tests/conformance/backend_suite.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/dump.h"
#include "core/glob.h"
#include "core/import.h"
#include "core/object_names.h"
#include "core/scan.h"
#include "core/state_ops.h"
#include "tests/support/dump_text.h"
#include "tests/support/interleaving_backend.h"
#include "tests/support/memory_backend.h"

namespace statectl::conformance {
namespace {

struct Fixture {
  std::unique_ptr<Database> database = MakeFreshDatabase();
  std::unique_ptr<Backend> db = database->Connect();
};

std::unique_ptr<ReadTxn> BeginRead(Backend& db) {
  auto txn = db.BeginRead();
  REQUIRE_MESSAGE(txn.has_value(), txn.error().message());
  return std::move(*txn);
}

std::unique_ptr<WriteTxn> BeginWrite(Backend& db) {
  auto txn = db.BeginWrite();
  REQUIRE_MESSAGE(txn.has_value(), txn.error().message());
  return std::move(*txn);
}

std::vector<Row> Scan(StateReader& state, const ScanOptions& options = {}) {
  std::vector<Row> rows;
  Status st = ScanState(state, options, [&](const Row& row) {
    rows.push_back(row);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(st.ok(), st.message());
  return rows;
}

std::vector<Row> ScanAll(Backend& db, const ScanOptions& options = {}) {
  return Scan(BeginRead(db)->state(), options);
}

std::vector<std::string> Keys(const std::vector<Row>& rows) {
  std::vector<std::string> keys;
  for (const Row& row : rows) {
    keys.push_back(row.class_name + "/" + row.name + "/" + row.key.value_or("-") + "=" +
                   row.value_json.value_or("-"));
  }
  return keys;
}

using testing::DumpText;
using testing::FullDump;
using testing::Import;

TEST_CASE("object-id is idempotent and distinguishes (name, class)") {
  Fixture f;
  auto a = ObjectId(*f.db, "nightly", "Nightly", true);
  REQUIRE(a.has_value());
  CHECK(*ObjectId(*f.db, "nightly", "Nightly", true) == *a);
  CHECK(*ObjectId(*f.db, "nightly", "Nightly", false) == *a);
  auto b = ObjectId(*f.db, "nightly", "buildbot.schedulers.timed.Nightly", true);
  CHECK(*b != *a);
  auto missing = ObjectId(*f.db, "other", "Nightly", false);
  REQUIRE(!missing.has_value());
  CHECK(missing.error().code() == Code::kNotFound);
}

TEST_CASE("an insert that loses to an existing object returns the winner's id") {
  Fixture f;
  auto id = ObjectId(*f.db, "n", "C", true);
  auto txn = BeginWrite(*f.db);
  auto again = txn->state().InsertObject(ObjectName{"n", "C"});
  REQUIRE_MESSAGE(again.has_value(), again.error().message());
  CHECK(again->id == *id);
  CHECK(!again->created);
  auto other = txn->state().InsertObject(ObjectName{"m", "C"});
  REQUIRE(other.has_value());
  CHECK(other->created);
  REQUIRE(txn->Commit().ok());
}

TEST_CASE("values are stored byte for byte") {
  Fixture f;
  auto id = *ObjectId(*f.db, "n", "C", true);
  std::vector<std::string> values = {"123456789012345678901234567890", "NaN", "-Infinity",
                                     "{\"a\": \"\\u00e9\\ud800\"}", " 1 ", "not json"};
  {
    auto txn = BeginWrite(*f.db);
    for (size_t i = 0; i < values.size(); ++i) {
      auto ok = txn->state().InsertValue(id, "k" + std::to_string(i), values[i]);
      REQUIRE_MESSAGE(ok.has_value(), ok.error().message());
      CHECK(*ok);
    }
    REQUIRE(txn->Commit().ok());
  }
  auto txn = BeginRead(*f.db);
  for (size_t i = 0; i < values.size(); ++i) {
    CHECK(*txn->state().GetValue(id, "k" + std::to_string(i)) == values[i]);
  }
  CHECK(!txn->state().GetValue(id, "absent")->has_value());
}

TEST_CASE("InsertValue on an existing key writes nothing; UpdateValue needs a row") {
  Fixture f;
  auto id = *ObjectId(*f.db, "n", "C", true);
  auto txn = BeginWrite(*f.db);
  StateWriter& state = txn->state();
  CHECK(*state.InsertValue(id, "k", "1"));
  CHECK(!*state.InsertValue(id, "k", "2"));
  CHECK(**state.GetValue(id, "k") == "1");
  CHECK(!*state.UpdateValue(id, "absent", "3"));
  CHECK(*state.UpdateValue(id, "k", "4"));
  CHECK(**state.GetValue(id, "k") == "4");
}

TEST_CASE("a transaction not committed leaves no trace") {
  Fixture f;
  {
    auto txn = BeginWrite(*f.db);
    auto obj = txn->state().InsertObject(ObjectName{"n", "C"});
    REQUIRE(obj.has_value());
    REQUIRE(*txn->state().InsertValue(obj->id, "k", "1"));
  }
  CHECK(ScanAll(*f.db).empty());
}

TEST_CASE("Unicode names, classes and keys round-trip") {
  Fixture f;
  std::string name = "d\xC3\xA9p\xC3\xB4t \xF0\x9F\x98\x80";  // U+1F600 is beyond U+FFFF
  if (!f.database->HoldsAstralCharacters()) {
    auto refused = SetState(*f.db, ObjectRef::Named(name, "Cl\xC3\xA4ss"), "k", "1");
    REQUIRE(!refused.has_value());
    CHECK(refused.error().code() == Code::kInvalidData);
    CHECK(ScanAll(*f.db).empty());
    name = "d\xC3\xA9p\xC3\xB4t \xE2\x82\xAC";  // U+20AC
  }
  ObjectRef ref = ObjectRef::Named(name, "Cl\xC3\xA4ss");
  auto stored = SetState(*f.db, ref, "cl\xC3\xA9", "\"v\"");
  REQUIRE_MESSAGE(stored.has_value(), stored.error().message());
  CHECK(**GetState(*f.db, ref, "cl\xC3\xA9") == "\"v\"");
  auto rows = ScanAll(*f.db);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == name);
  CHECK(rows[0].class_name == "Cl\xC3\xA4ss");
}

TEST_CASE("scan order is bytewise: 'B' < 'Z' < 'a' < multi-byte UTF-8") {
  Fixture f;
  for (const char* cls : {"\xC3\xA9", "a", "Z", "B"}) {
    REQUIRE(SetState(*f.db, ObjectRef::Named("n", cls), "k", "1").has_value());
  }
  REQUIRE(SetState(*f.db, ObjectRef::Named("n", "B"), "a", "1").has_value());
  REQUIRE(SetState(*f.db, ObjectRef::Named("n", "B"), "B", "1").has_value());
  REQUIRE(ObjectId(*f.db, "m", "B", true).has_value());
  ScanOptions options;
  SUBCASE("the driver may sort in temporary files") { options.temp_files = true; }
  SUBCASE("the driver may not") { options.temp_files = false; }
  std::vector<std::string> order;
  for (const Row& row : ScanAll(*f.db, options)) {
    order.push_back(row.class_name + "/" + row.name + "/" + row.key.value_or("-"));
  }
  CHECK(order == std::vector<std::string>{"B/m/-", "B/n/B", "B/n/a", "B/n/k", "Z/n/k", "a/n/k",
                                          "\xC3\xA9/n/k"});
}

TEST_CASE("a sorting scan reports the values it read; other scans report nothing") {
  Fixture f;
  for (int i = 0; i < 5000; ++i) {
    REQUIRE(SetState(*f.db, ObjectRef::Named("n" + std::to_string(i % 7), "C"), "k" + std::to_string(i), "1")
                .has_value());
  }
  REQUIRE(ObjectId(*f.db, "empty", "C", true).has_value());
  std::vector<int64_t> reported;
  ScanOptions options;
  options.sorting_progress = [&](int64_t values_read) { reported.push_back(values_read); };
  CHECK(ScanAll(*f.db, options).size() == 5001);
  CHECK(reported == std::vector<int64_t>{4096, 5000});
  reported.clear();
  options.temp_files = false;
  CHECK(ScanAll(*f.db, options).size() == 5001);
  options.temp_files = true;
  options.class_glob = "C";
  CHECK(ScanAll(*f.db, options).size() == 5001);
  CHECK(reported.empty());
}

TEST_CASE("set stores json.dumps(json.loads(VALUE)) and returns it") {
  Fixture f;
  auto stored = SetState(*f.db, ObjectRef::Named("n", "C"), "k", "{\"b\":1e16,\"a\":[NaN,-0]}");
  REQUIRE(stored.has_value());
  CHECK(*stored == "{\"b\": 1e+16, \"a\": [NaN, 0]}");
  CHECK(**GetState(*f.db, ObjectRef::Named("n", "C"), "k") == *stored);
  stored = SetState(*f.db, ObjectRef::Named("n", "C"), "k", "2");
  CHECK(**GetState(*f.db, ObjectRef::Named("n", "C"), "k") == "2");
}

TEST_CASE("set refuses bad JSON and unknown ids, writing nothing") {
  Fixture f;
  auto bad = SetState(*f.db, ObjectRef::Named("n", "C"), "k", "{bad");
  REQUIRE(!bad.has_value());
  CHECK(bad.error().code() == Code::kInvalidData);
  auto orphan = SetState(*f.db, ObjectRef::WithId(987654), "k", "1");
  REQUIRE(!orphan.has_value());
  CHECK(orphan.error().code() == Code::kNotFound);
  CHECK(ScanAll(*f.db).empty());
}

TEST_CASE("long names and keys are shortened as Buildbot's ensureLength does") {
  Fixture f;
  std::string name(200, 'n'), key(300, 'k');
  REQUIRE(SetState(*f.db, ObjectRef::Named(name, "C"), key, "1").has_value());
  auto rows = ScanAll(*f.db);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].name == *EnsureLength(name, kObjectNameLength));
  CHECK(*rows[0].key == *EnsureLength(key, kStateKeyLength));
  CHECK(**GetState(*f.db, ObjectRef::Named(name, "C"), key) == "1");  // every command shortens alike
}

TEST_CASE("create-once computes the value only when the key is absent") {
  Fixture f;
  int calls = 0;
  auto make = [&]() -> Result<std::string> {
    ++calls;
    return std::string("{\"x\":1}");
  };
  CHECK(*CreateOnce(*f.db, ObjectRef::Named("n", "C"), "k", make) == "{\"x\": 1}");
  CHECK(*CreateOnce(*f.db, ObjectRef::Named("n", "C"), "k", make) == "{\"x\": 1}");
  CHECK(calls == 1);
  auto failing = CreateOnce(*f.db, ObjectRef::Named("m", "C"), "k",
                            []() -> Result<std::string> { return std::string("{bad"); });
  CHECK(failing.error().code() == Code::kInvalidData);
  CHECK(!ObjectId(*f.db, "m", "C", false).has_value());  // rolled back with its object
}

TEST_CASE("issue 10: a read transaction is one snapshot, across every read in it") {
  Fixture f;
  REQUIRE(SetState(*f.db, ObjectRef::Named("a", "C"), "k", "1").has_value());
  REQUIRE(SetState(*f.db, ObjectRef::Named("m", "C"), "k", "1").has_value());
  REQUIRE(ObjectId(*f.db, "z", "C", true).has_value());
  ScanOptions options;
  SUBCASE("sorted in temporary files") { options.temp_files = true; }
  SUBCASE("sorted by the database") { options.temp_files = false; }
  SUBCASE("filtered") { options.name_glob = "[amz]"; }
  auto before = Keys(ScanAll(*f.db, options));
  auto writer = f.database->Connect();
  auto reader = BeginRead(*f.db);
  auto orphans = reader->schema().CountOrphanValues();
  REQUIRE(orphans.has_value());
  bool wrote = false;
  std::vector<Row> rows;
  Status st = ScanState(reader->state(), options, [&](const Row& row) {
    if (!wrote) {
      // Another connection commits while the scan is under way: a new
      // object between two old ones, a new value of a later object, a
      // changed value.
      wrote = true;
      REQUIRE(SetState(*writer, ObjectRef::Named("b", "C"), "k", "2").has_value());
      REQUIRE(SetState(*writer, ObjectRef::Named("m", "C"), "k2", "2").has_value());
      REQUIRE(SetState(*writer, ObjectRef::Named("a", "C"), "k", "99").has_value());
    }
    rows.push_back(row);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(Keys(rows) == before);
  // Later reads of the same transaction see the same snapshot.
  CHECK(Keys(Scan(reader->state(), options)) == before);
  CHECK(!reader->state().FindObject({"b", "C"})->has_value());
  auto a = *reader->state().FindObject({"a", "C"});
  CHECK(**reader->state().GetValue(*a, "k") == "1");
  CHECK(*reader->schema().CountOrphanValues() == *orphans);
  reader.reset();
  CHECK(**GetState(*f.db, ObjectRef::Named("a", "C"), "k") == "99");  // a new transaction sees them
  CHECK(ScanAll(*f.db).size() == 5);
}

TEST_CASE("issue 10: a write between an import's comparison and merge fails it, on every driver") {
  Fixture src, dst;
  REQUIRE(SetState(*src.db, ObjectRef::Named("a", "C"), "k1", "1").has_value());
  REQUIRE(SetState(*src.db, ObjectRef::Named("a", "C"), "k2", "2").has_value());
  REQUIRE(SetState(*src.db, ObjectRef::Named("b", "C"), "k", "3").has_value());
  REQUIRE(SetState(*dst.db, ObjectRef::Named("a", "C"), "k1", "1").has_value());
  std::string dump = FullDump(*src.db);
  auto before = Keys(ScanAll(*dst.db));
  ImportOptions options;
  SUBCASE("--on-conflict fail") { options.on_conflict = OnConflict::kFail; }
  SUBCASE("--on-conflict skip") { options.on_conflict = OnConflict::kSkip; }
  SUBCASE("--on-conflict overwrite") { options.on_conflict = OnConflict::kOverwrite; }
  for (const char* written : {"2", "\"other\""}) {  // the dump's value, and another
    CAPTURE(written);
    testing::InterleavingBackend interleaved(*dst.db, [&](StateWriter& state) {
      auto a = *state.FindObject({"a", "C"});
      REQUIRE(*state.InsertValue(*a, "k2", written));
    });
    auto report = Import(interleaved, dump, options);
    REQUIRE(!report.has_value());
    CHECK(report.error().code() == Code::kConflict);
    CHECK(report.error().message().find("another connection wrote values") != std::string::npos);
    CHECK(Keys(ScanAll(*dst.db)) == before);  // nothing written
  }
}

TEST_CASE("issue 14: an import of new objects, one spanning batches, and stored ones writes exactly the dump") {
  testing::MemoryDatabase memory;  // the source: its dump is the same from any driver
  auto add = [&](const char* name, int values, const char* first_value = "1") {
    memory.Object(name, "C");
    for (int i = 0; i < values; ++i) {
      memory.Put(name, "C", "k" + std::to_string(i), i == 0 ? first_value : std::to_string(i));
    }
  };
  add("a", 3);
  add("big", 45000);  // more records than a batch holds: it continues into the next two
  add("c", 2);
  add("d \"q\\,{} NULL", 1, "\"tab\\t and \\\\ \\n\"");  // what COPY and text[] escape
  memory.Put("d \"q\\,{} NULL", "C", "key\twith\nbreaks\\", "2");
  add("e", 0);  // an object without values
  auto src = memory.Connect();
  Fixture dst;
  {
    auto txn = BeginWrite(*dst.db);
    REQUIRE(txn->state().InsertObject({"zz", "Other"}).has_value());
    auto c = txn->state().InsertObject({"c", "C"});
    REQUIRE(*txn->state().InsertValue(c->id, "k0", "1"));
    REQUIRE(*txn->state().InsertValue(c->id, "k1", "\"old\""));
    REQUIRE(txn->Commit().ok());
  }
  ImportOptions options;
  options.on_conflict = OnConflict::kOverwrite;
  auto report = Import(*dst.db, FullDump(*src), options);
  REQUIRE_MESSAGE(report.has_value(), report.error().message());
  CHECK(report->objects_new == 4);
  CHECK(report->objects_existing == 1);
  CHECK(report->values_new == 3 + 45000 + 2);
  CHECK(report->values_identical == 1);
  CHECK(report->values_overwritten == 1);
  ScanOptions only_c;
  only_c.class_glob = "C";
  CHECK(DumpText(*dst.db, only_c) == DumpText(*src));
  auto reader = BeginRead(*dst.db);
  std::vector<int64_t> ids;
  for (const char* name : {"a", "big", "d \"q\\,{} NULL", "e"}) ids.push_back(**reader->state().FindObject({name, "C"}));
  CHECK(std::is_sorted(ids.begin(), ids.end()));  // new objects get ids in dump order
  reader.reset();
  auto again = Import(*dst.db, FullDump(*src));  // now every object is stored
  REQUIRE_MESSAGE(again.has_value(), again.error().message());
  CHECK(again->objects_existing == 5);
  CHECK(again->values_identical == 45007);
  CHECK(again->values_new == 0);
}

TEST_CASE("issue 10: an object another writer creates during an import is counted as existing") {
  Fixture src, dst;
  REQUIRE(SetState(*src.db, ObjectRef::Named("a", "C"), "k", "1").has_value());
  std::string dump = FullDump(*src.db);
  testing::InterleavingBackend interleaved(*dst.db, [&](StateWriter& state) {
    REQUIRE(state.InsertObject({"a", "C"}).has_value());
  });
  auto report = Import(interleaved, dump);
  REQUIRE_MESSAGE(report.has_value(), report.error().message());
  CHECK(report->objects_new == 0);
  CHECK(report->objects_existing == 1);
  CHECK(report->values_new == 1);
  CHECK(DumpText(*dst.db) == DumpText(*src.db));
}

TEST_CASE("dump and import round-trip every byte, by (name, class), not by id") {
  Fixture src;
  REQUIRE(ObjectId(*src.db, "nightly", "buildbot.schedulers.timed.Nightly", true).has_value());
  REQUIRE(SetState(*src.db, ObjectRef::Named("nightly", "Nightly"), "last_build", "1795460700.0").has_value());
  REQUIRE(SetState(*src.db, ObjectRef::Named("file:///srv/repo.git", "GitPoller"), "lastRev",
                   "{\"master\": \"e2bd82\", \"dev\": \"b3d9\"}")
              .has_value());
  auto id = *ObjectId(*src.db, "nightly", "Nightly", false);
  {
    auto txn = BeginWrite(*src.db);
    REQUIRE(*txn->state().InsertValue(id, "odd", " NaN\n"));
    REQUIRE(txn->Commit().ok());
  }
  Fixture dst;
  REQUIRE(ObjectId(*dst.db, "unrelated", "X", true).has_value());  // ids differ
  auto report = Import(*dst.db, FullDump(*src.db));
  REQUIRE_MESSAGE(report.has_value(), report.error().message());
  CHECK(report->objects_new == 3);
  CHECK(report->objects_existing == 0);
  CHECK(report->values_new == 3);
  CHECK(DumpText(*dst.db, {"*Nightly*", "*"}) == DumpText(*src.db, {"*Nightly*", "*"}));
  CHECK(DumpText(*dst.db, {"GitPoller", "*"}) == DumpText(*src.db, {"GitPoller", "*"}));
  // Importing the same dump again changes nothing and is not a conflict.
  auto again = Import(*dst.db, FullDump(*src.db));
  REQUIRE(again.has_value());
  CHECK(again->values_identical == 3);
  CHECK(again->values_new == 0);
  CHECK(again->objects_existing == 3);
}

TEST_CASE("import conflicts: fail writes nothing, skip keeps, overwrite replaces") {
  Fixture src, dst;
  REQUIRE(SetState(*src.db, ObjectRef::Named("a", "C"), "k", "1").has_value());
  REQUIRE(SetState(*src.db, ObjectRef::Named("b", "C"), "k", "2").has_value());
  REQUIRE(SetState(*dst.db, ObjectRef::Named("b", "C"), "k", "99").has_value());
  std::string dump = FullDump(*src.db);
  auto failed = Import(*dst.db, dump);
  REQUIRE(!failed.has_value());
  CHECK(failed.error().code() == Code::kConflict);
  CHECK(failed.error().message().find("line 3") != std::string::npos);
  CHECK(!ObjectId(*dst.db, "a", "C", false).has_value());  // the earlier line left no trace

  ImportOptions dry;
  dry.dry_run = true;
  dry.on_conflict = OnConflict::kOverwrite;
  auto report = Import(*dst.db, dump, dry);
  REQUIRE(report.has_value());
  CHECK(report->objects_new == 1);
  CHECK(report->objects_existing == 1);
  CHECK(report->values_new == 1);
  CHECK(report->values_conflicting == 1);
  CHECK(report->values_overwritten == 1);
  REQUIRE(report->conflicts.size() == 1);
  CHECK(report->conflicts[0].line == 3);
  CHECK(report->conflicts[0].name == "b");
  CHECK(report->conflicts[0].key == "k");
  CHECK(!ObjectId(*dst.db, "a", "C", false).has_value());  // a dry run writes nothing

  ImportOptions skip;
  skip.on_conflict = OnConflict::kSkip;
  REQUIRE(Import(*dst.db, dump, skip).has_value());
  CHECK(**GetState(*dst.db, ObjectRef::Named("b", "C"), "k") == "99");
  CHECK(**GetState(*dst.db, ObjectRef::Named("a", "C"), "k") == "1");

  ImportOptions overwrite;
  overwrite.on_conflict = OnConflict::kOverwrite;
  REQUIRE(Import(*dst.db, dump, overwrite).has_value());
  CHECK(**GetState(*dst.db, ObjectRef::Named("b", "C"), "k") == "2");
}

TEST_CASE("a damaged dump is refused whole, naming the line") {
  Fixture src, dst;
  REQUIRE(SetState(*src.db, ObjectRef::Named("a", "C"), "k", "1").has_value());
  REQUIRE(SetState(*src.db, ObjectRef::Named("b", "C"), "k", "2").has_value());
  std::string dump = FullDump(*src.db);
  std::string without_end = dump.substr(0, dump.rfind('{'));
  std::string altered = dump;
  altered.replace(altered.find("\"value\":2"), 9, "\"value\":3");
  std::string bad_line = dump;
  bad_line.insert(bad_line.find('\n') + 1, "{oops\n");
  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {without_end, "truncated: no end line"},
           {altered, "checksum mismatch"},
           {bad_line, "line 2: invalid JSON"},
           {"", "empty"},
           {dump.substr(dump.find('\n') + 1), "line 1: not a statectl dump"},
           {dump + "{}\n", "data after the dump's end line"},
       }) {
    CAPTURE(c.message);
    auto r = Import(*dst.db, c.text);
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kInvalidData);
    CHECK(r.error().message().find(c.message) != std::string::npos);
    CHECK(ScanAll(*dst.db).empty());
  }
}

TEST_CASE("dump filters by class and name glob; counts match the records") {
  Fixture f;
  REQUIRE(SetState(*f.db, ObjectRef::Named("nightly", "Nightly"), "k", "1").has_value());
  REQUIRE(SetState(*f.db, ObjectRef::Named("file:///srv/repo.git", "GitPoller"), "lastRev", "{}").has_value());
  REQUIRE(ObjectId(*f.db, "file:///srv/other.git", "GitPoller", true).has_value());
  std::string text = DumpText(*f.db, {"Git*", "*repo*"});
  CHECK(text.find("Nightly") == std::string::npos);
  CHECK(text.find("other.git") == std::string::npos);
  CHECK(text.find("\"objects\":1,\"values\":1,") != std::string::npos);
  text = DumpText(*f.db, {"GitPoller", "*"});
  CHECK(text.find("{\"class_name\":\"GitPoller\",\"name\":\"file:///srv/other.git\"}\n") !=
        std::string::npos);
  CHECK(text.find("\"objects\":2,\"values\":1,") != std::string::npos);
}

TEST_CASE("the driver's filter keeps every match: SQL's % and _ are literal, [..] works") {
  Fixture f;
  for (const char* name : {"a_b%", "aXbY", "a_b%c", "[x]", "x", "caf\xc3\xa9"}) {
    REQUIRE(ObjectId(*f.db, name, "C", true).has_value());
  }
  auto names = [&](ScanOptions filter) {
    std::vector<std::string> out;
    auto txn = BeginRead(*f.db);
    auto st = txn->state().ReadJoined({filter.class_glob, filter.name_glob}, [&](const Row& row) {
      if (GlobMatch(filter.name_glob, row.name)) out.push_back(row.name);
      return Status::Ok();
    });
    REQUIRE(st.ok());
    return out;
  };
  CHECK(names({"C", "a_b%"}) == std::vector<std::string>{"a_b%"});
  CHECK(names({"C", "a_b%*"}) == std::vector<std::string>{"a_b%", "a_b%c"});
  CHECK(names({"C", "a?b?"}) == std::vector<std::string>{"aXbY", "a_b%"});  // bytewise
  CHECK(names({"C", "[[]x]"}) == std::vector<std::string>{"[x]"});
  CHECK(names({"C", "[!a]*"}) == std::vector<std::string>{"[x]", "caf\xc3\xa9", "x"});
  CHECK(names({"C", "caf?"}) == std::vector<std::string>{"caf\xc3\xa9"});  // ? is a character
  CHECK(names({"D", "*"}).empty());
}

TEST_CASE("import in many batches: objects spanning batches, a late conflict rolls back all") {
  Fixture src, dst;
  // More records than one import batch, in few objects, so objects span batches.
  {
    auto txn = BeginWrite(*src.db);
    for (int o = 0; o < 3; ++o) {
      auto obj = txn->state().InsertObject({"obj" + std::to_string(o), "C"});
      REQUIRE(obj.has_value());
      for (int k = 0; k < 15000; ++k) {
        REQUIRE(*txn->state().InsertValue(obj->id, "k" + std::to_string(k), std::to_string(o * k)));
      }
    }
    REQUIRE(txn->Commit().ok());
  }
  std::string dump = FullDump(*src.db);
  REQUIRE(SetState(*dst.db, ObjectRef::Named("obj2", "C"), "k9999", "-1").has_value());  // late in the dump
  ImportOptions dry;
  dry.dry_run = true;
  auto report = Import(*dst.db, dump, dry);
  REQUIRE(report.has_value());
  CHECK(report->objects_new == 2);
  CHECK(report->objects_existing == 1);
  CHECK(report->values_new == 44999);
  CHECK(report->values_conflicting == 1);
  REQUIRE(report->conflicts.size() == 1);
  CHECK(report->conflicts[0].name == "obj2");
  auto failed = Import(*dst.db, dump);
  REQUIRE(!failed.has_value());
  CHECK(failed.error().code() == Code::kConflict);
  CHECK(ScanAll(*dst.db).size() == 1);  // the batches before the conflict were rolled back

  ImportOptions overwrite;
  overwrite.on_conflict = OnConflict::kOverwrite;
  auto done = Import(*dst.db, dump, overwrite);
  REQUIRE(done.has_value());
  CHECK(done->objects_new == 2);
  CHECK(done->values_new == 44999);
  CHECK(done->values_overwritten == 1);
  CHECK(DumpText(*dst.db) == DumpText(*src.db));
  // new objects get ids in the dump's order (PostgreSQL's sequence moved on
  // in the rolled-back import, so not necessarily 2 and 3)
  int64_t existing = *ObjectId(*dst.db, "obj2", "C", false);
  int64_t first = *ObjectId(*dst.db, "obj0", "C", false);
  CHECK(first > existing);
  CHECK(*ObjectId(*dst.db, "obj1", "C", false) == first + 1);
}

TEST_CASE("import carries tabs, newlines, backslashes and non-ASCII in every field") {
  // The set-based drivers move rows through COPY's text format, which escapes these.
  Fixture src, dst;
  const std::string name = "tab\there\\back\nline\rcr \xc3\xa9";
  {
    auto txn = BeginWrite(*src.db);
    StateWriter& state = txn->state();
    auto obj = state.InsertObject({name, "C\t\\"});
    REQUIRE(obj.has_value());
    REQUIRE(*state.InsertValue(obj->id, "k\t\\\n\r", "\"a\\tb\\\\\" "));
    REQUIRE(*state.InsertValue(obj->id, "\\N", "\t[1,\r\n 2]"));
    REQUIRE(*state.InsertValue(obj->id, "plain", "\"\\N\""));
    REQUIRE(txn->Commit().ok());
  }
  auto report = Import(*dst.db, FullDump(*src.db));
  REQUIRE_MESSAGE(report.has_value(), report.error().message());
  CHECK(report->values_new == 3);
  CHECK(ScanAll(*dst.db).size() == 3);
  CHECK(DumpText(*dst.db) == DumpText(*src.db));
  auto again = Import(*dst.db, FullDump(*src.db));  // compared byte for byte: all identical
  REQUIRE(again.has_value());
  CHECK(again->values_identical == 3);
}

TEST_CASE("import reports the first conflicts, then counts the rest") {
  Fixture src, dst;
  for (int i = 0; i < 25; ++i) {
    REQUIRE(SetState(*src.db, ObjectRef::Named("n", "C"), "k" + std::to_string(100 + i), "1").has_value());
    REQUIRE(SetState(*dst.db, ObjectRef::Named("n", "C"), "k" + std::to_string(100 + i), "2").has_value());
  }
  ImportOptions skip;
  skip.on_conflict = OnConflict::kSkip;
  auto report = Import(*dst.db, FullDump(*src.db), skip);
  REQUIRE(report.has_value());
  CHECK(report->values_conflicting == 25);
  CHECK(report->values_skipped == 25);
  REQUIRE(report->conflicts.size() == kConflictsReported);
  CHECK(report->conflicts[0].key == "k100");
  CHECK(report->conflicts[0].line == 2);
  CHECK(report->conflicts[19].key == "k119");
  CHECK(**GetState(*dst.db, ObjectRef::Named("n", "C"), "k100") == "2");
}

TEST_CASE("the values of one object, in bytewise key order") {
  Fixture f;
  // No two keys equal but for case or accents: MySQL's collation makes them one.
  for (const char* key : {"b", "C", "\xc3\xa9", "a"}) {
    REQUIRE(SetState(*f.db, ObjectRef::Named("n", "C"), key, "1").has_value());
  }
  REQUIRE(SetState(*f.db, ObjectRef::Named("other", "C"), "z", "2").has_value());
  auto txn = BeginRead(*f.db);
  auto id = **txn->state().FindObject({"n", "C"});
  std::vector<std::string> keys;
  REQUIRE(txn->state().ReadValuesOf(id, [&](std::string_view key, std::string_view value) {
    keys.push_back(std::string(key) + "=" + std::string(value));
    return Status::Ok();
  }).ok());
  CHECK(keys == std::vector<std::string>{"C=1", "a=1", "b=1", "\xc3\xa9=1"});
}

std::vector<std::string> Summary(Backend& db, const Prefilter& prefilter, bool per_key) {
  auto txn = BeginRead(db);
  std::vector<std::string> rows;
  Status st = txn->state().ReadSummary(prefilter, per_key, [&](const SummaryRow& row) {
    CHECK(row.id > 0);
    rows.push_back(row.name + "/" + row.class_name + "/" + row.key.value_or("-") + " " +
                   std::to_string(row.keys) + " " + std::to_string(row.bytes));
    return Status::Ok();
  });
  REQUIRE_MESSAGE(st.ok(), st.message());
  return rows;
}

TEST_CASE("the summary: by (name, class) bytewise, keys counted, bytes as stored") {
  Fixture f;
  REQUIRE(SetState(*f.db, ObjectRef::Named("nightly", "Nightly"), "last_build", "1.5").has_value());
  {
    auto txn = BeginWrite(*f.db);  // stored raw: 4 bytes, 3 characters
    auto obj = txn->state().InsertObject({"nightly", "Nightly"});
    REQUIRE(*txn->state().InsertValue(obj->id, "b", "\"\xc3\xa9\""));
    REQUIRE(txn->Commit().ok());
  }
  REQUIRE(ObjectId(*f.db, "nightly", "buildbot.schedulers.timed.Nightly", true).has_value());
  REQUIRE(ObjectId(*f.db, "Z_%", "C", true).has_value());
  REQUIRE(SetState(*f.db, ObjectRef::Named("a", "C"), "k", "[1, 2]").has_value());
  CHECK(Summary(*f.db, {}, false) == std::vector<std::string>{
                                         "Z_%/C/- 0 0", "a/C/- 1 6", "nightly/Nightly/- 2 7",
                                         "nightly/buildbot.schedulers.timed.Nightly/- 0 0"});
  CHECK(Summary(*f.db, {}, true) == std::vector<std::string>{
                                        "Z_%/C/- 0 0", "a/C/k 1 6", "nightly/Nightly/b 1 4",
                                        "nightly/Nightly/last_build 1 3",
                                        "nightly/buildbot.schedulers.timed.Nightly/- 0 0"});
  // The prefilter keeps every match (SQL's % and _ are literal in a glob).
  auto kept = Summary(*f.db, {"*", "Z_%"}, false);
  CHECK(std::find(kept.begin(), kept.end(), "Z_%/C/- 0 0") != kept.end());
  auto nightly = Summary(*f.db, {"Nightly", "*"}, true);
  CHECK(std::count_if(nightly.begin(), nightly.end(),
                      [](const std::string& r) { return r.find("/Nightly/") != std::string::npos; }) == 2);
}

TEST_CASE("delete a value, delete an object with its values, rename an object") {
  Fixture f;
  REQUIRE(SetState(*f.db, ObjectRef::Named("n", "C"), "a", "1").has_value());
  REQUIRE(SetState(*f.db, ObjectRef::Named("n", "C"), "b", "2").has_value());
  REQUIRE(SetState(*f.db, ObjectRef::Named("m", "C"), "a", "3").has_value());
  int64_t n = *ObjectId(*f.db, "n", "C", false);
  {
    auto txn = BeginWrite(*f.db);
    CHECK(*txn->state().DeleteValue(n, "a"));
    CHECK(!*txn->state().DeleteValue(n, "a"));
    CHECK(!txn->state().GetValue(n, "a")->has_value());
    REQUIRE(txn->state().RenameObject(n, {"n2", "D"}).ok());
    CHECK(**txn->state().FindObject({"n2", "D"}) == n);
    CHECK(!txn->state().FindObject({"n", "C"})->has_value());
    CHECK(**txn->state().GetValue(n, "b") == "2");
    REQUIRE(txn->Commit().ok());
  }
  CHECK(Keys(ScanAll(*f.db)) == std::vector<std::string>{"C/m/a=3", "D/n2/b=2"});
  {
    auto txn = BeginWrite(*f.db);
    auto m = **txn->state().FindObject({"m", "C"});
    CHECK(*txn->state().DeleteObject(m) == 1);
    CHECK(!txn->state().ObjectById(m)->has_value());
    CHECK(*txn->state().DeleteObject(n) == 1);
    REQUIRE(txn->Commit().ok());
  }
  CHECK(ScanAll(*f.db).empty());
  CHECK(*BeginRead(*f.db)->schema().CountOrphanValues() == 0);
}

TEST_CASE("issue 12: the next object id is the one an insert gets; check's schema reads") {
  Fixture f;
  REQUIRE(ObjectId(*f.db, "a", "C", true).has_value());
  auto txn = BeginWrite(*f.db);
  auto next = txn->schema().NextObjectId();
  REQUIRE_MESSAGE(next.has_value(), next.error().message());
  REQUIRE(next->has_value());
  auto inserted = txn->state().InsertObject({"b", "C"});
  REQUIRE(inserted.has_value());
  CHECK(inserted->id == **next);
  CHECK(**txn->schema().NextObjectId() == inserted->id + 1);
  std::vector<std::string> problems;
  Status st = txn->schema().CheckIntegrity([&](std::string_view p) {
    problems.emplace_back(p);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(problems.empty());
  CHECK(*txn->schema().DeleteOrphanValues() == 0);
  // An orphan where the driver lets one be made (SQLite: no foreign key fires).
  auto orphan = txn->state().InsertValue(**next + 1000, "k", "1");
  if (orphan.has_value()) {
    CHECK(*txn->schema().CountOrphanValues() == 1);
    CHECK(*txn->schema().DeleteOrphanValues() == 1);
    CHECK(*txn->schema().CountOrphanValues() == 0);
  }
}

TEST_CASE("a value read for update is the stored one") {
  Fixture f;
  REQUIRE(SetState(*f.db, ObjectRef::Named("n", "C"), "k", "{\"a\": 1}").has_value());
  auto txn = BeginWrite(*f.db);
  auto id = **txn->state().FindObject({"n", "C"});
  CHECK(**txn->state().GetValueForUpdate(id, "k") == "{\"a\": 1}");
  CHECK(!txn->state().GetValueForUpdate(id, "absent")->has_value());
}

TEST_CASE("a database made by init has no service tables, and says so") {
  Fixture f;
  auto txn = BeginRead(*f.db);
  auto has = txn->services().HasServiceTables();
  REQUIRE_MESSAGE(has.has_value(), has.error().message());
  CHECK(!*has);
}

TEST_CASE("init is idempotent and keeps rows") {
  Fixture f;
  REQUIRE(SetState(*f.db, ObjectRef::Named("n", "C"), "k", "1").has_value());
  auto txn = BeginWrite(*f.db);
  REQUIRE(txn->schema().CreateSchema().ok());
  REQUIRE(txn->Commit().ok());
  CHECK(**GetState(*f.db, ObjectRef::Named("n", "C"), "k") == "1");
}

}  // namespace
}  // namespace statectl::conformance
