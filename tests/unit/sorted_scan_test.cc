#include "core/sorted_scan.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/temp_dir.h"

namespace statectl {
namespace {

// A driver's two tables in memory: objects already in dump order.
struct FakeTables {
  std::vector<std::tuple<int64_t, std::string, std::string>> objects;  // id, class, name
  std::vector<std::tuple<int64_t, std::string, std::string>> values;   // object id, key, json
  uint64_t estimated_bytes = 0;
  int object_reads = 0;

  SortedScanSource Source() {
    SortedScanSource source;
    source.estimated_bytes = estimated_bytes;
    source.objects = [this](const ObjectVisitor& visit) {
      ++object_reads;
      for (const auto& [id, cls, name] : objects) STATECTL_RETURN_IF_ERROR(visit(id, cls, name));
      return Status::Ok();
    };
    source.values = [this](const ValueVisitor& visit) {
      for (const auto& [id, key, json] : values) STATECTL_RETURN_IF_ERROR(visit(id, key, json));
      return Status::Ok();
    };
    return source;
  }
};

// TMPDIR pointed elsewhere for one test.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::string& dir) {
    const char* old = std::getenv("TMPDIR");
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (had_) {
      setenv("TMPDIR", old_.c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
  }

 private:
  bool had_;
  std::string old_;
};

std::vector<std::string> Rows(FakeTables& tables, Result<bool>* outcome) {
  std::vector<std::string> rows;
  *outcome = ScanBySorting(tables.Source(), [&](Row& row) {
    rows.push_back(row.class_name + "/" + row.name + "/" + row.key.value_or("-") + "=" +
                   row.value_json.value_or("-"));
    row.class_name.clear();  // a sink may take the strings
    row.key.reset();
    return Status::Ok();
  }, nullptr);
  return rows;
}

FakeTables Sample() {
  FakeTables t;
  t.objects = {{30, "A", "x"}, {10, "B", "empty"}, {20, "B", "y"}};
  // Orphans past the ids and in a gap between them (25: where dense ranks
  // have a slot that no object's is).
  t.values = {{20, "k\xc3\xa9", "1"}, {30, "b", "2"}, {99, "orphan", "3"}, {20, "Z", "4"},
              {30, "a", "5"}, {25, "orphan in a gap", "7"}, {20, "k", "6"}};
  return t;
}

TEST_CASE("values come out under their objects, in key byte order; orphans are dropped") {
  testing::TempDir dir;
  ScopedTmpdir tmp(dir.path());
  FakeTables t = Sample();
  Result<bool> outcome = false;
  auto rows = Rows(t, &outcome);
  REQUIRE(outcome.has_value());
  CHECK(*outcome);
  CHECK(rows == std::vector<std::string>{"A/x/a=5", "A/x/b=2", "B/empty/-=-", "B/y/Z=4",
                                         "B/y/k=6", "B/y/k\xc3\xa9=1"});
  CHECK(t.object_reads == 2);
}

TEST_CASE("no room in the temporary directory: false, nothing yielded") {
  testing::TempDir dir;
  FakeTables t = Sample();
  Result<bool> outcome = true;
  SUBCASE("the directory is missing") {
    ScopedTmpdir tmp(dir.File("missing"));
    CHECK(Rows(t, &outcome).empty());
  }
  SUBCASE("the state is over a quarter of the free space") {
    ScopedTmpdir tmp(dir.path());
    t.estimated_bytes = 1ull << 62;
    CHECK(Rows(t, &outcome).empty());
  }
  REQUIRE(outcome.has_value());
  CHECK_FALSE(*outcome);
}

TEST_CASE("a driver's error comes back; objects that change between reads are an error") {
  testing::TempDir dir;
  ScopedTmpdir tmp(dir.path());
  FakeTables t = Sample();
  SortedScanSource source = t.Source();
  source.values = [](const ValueVisitor&) { return Status::Database("connection lost"); };
  auto failed = ScanBySorting(source, [](Row&) { return Status::Ok(); }, nullptr);
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().message() == "connection lost");

  source = t.Source();
  auto objects = source.objects;
  int reads = 0;
  source.objects = [&](const ObjectVisitor& visit) {  // the second read misses the last object
    if (++reads == 1) return objects(visit);
    return visit(30, "A", "x");
  };
  auto changed = ScanBySorting(source, [](Row&) { return Status::Ok(); }, nullptr);
  REQUIRE_FALSE(changed.has_value());
  CHECK(changed.error().code() == Code::kDatabase);
}

TEST_CASE("progress counts every value read, orphans too, ending with the total") {
  testing::TempDir dir;
  ScopedTmpdir tmp(dir.path());
  FakeTables t;
  t.objects = {{1, "C", "n"}};
  for (int i = 0; i < 9000; ++i) t.values.emplace_back(i % 2 ? 1 : 2, std::to_string(i), "0");
  std::vector<int64_t> reported;
  auto outcome = ScanBySorting(t.Source(), [](Row&) { return Status::Ok(); },
                               [&](int64_t n) { reported.push_back(n); });
  REQUIRE(outcome.has_value());
  CHECK(reported == std::vector<int64_t>{4096, 8192, 9000});
}

}  // namespace
}  // namespace statectl
