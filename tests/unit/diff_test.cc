#include "core/diff.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/row_stream.h"
#include "tests/support/dump_text.h"
#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::File;
using testing::FullDump;
using testing::MemoryDatabase;
using testing::TempFileWith;

// Each difference as "op class/name/key a -> b", for comparing.
std::vector<std::string> Diff(const DiffSide& a, const DiffSide& b, DiffStats* stats = nullptr,
                              const ScanOptions& filter = {}) {
  std::vector<std::string> lines;
  auto done = DiffState(a, b, filter, [&](const Difference& d) {
    const Row& r = d.a ? *d.a : *d.b;
    char op = d.op == Difference::Op::kOnlyInA ? '-' : d.op == Difference::Op::kOnlyInB ? '+' : '~';
    std::string line = std::string(1, op) + " " + r.class_name + "/" + r.name;
    if (r.key) line += "/" + *r.key;
    if (d.a && d.a->value_json) line += " " + *d.a->value_json;
    if (d.op == Difference::Op::kChanged) line += " ->";
    if (d.b && d.b->value_json) line += " " + *d.b->value_json;
    lines.push_back(line);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(done.has_value(), done.error().message());
  if (stats) *stats = *done;
  return lines;
}

void FillNightlyAndRepo(MemoryDatabase& db) {
  db.Put("nightly", "Nightly", "last_build", "1.0");
  db.Put("nightly", "Nightly", "token", "\"abc\"");
  db.Put("repo", "GitPoller", "lastRev", "{}");
  db.Object("empty", "Periodic");
}

TEST_CASE("the same state has no differences, database against database or dump") {
  MemoryDatabase a, b;
  FillNightlyAndRepo(a);
  FillNightlyAndRepo(b);
  auto da = a.Connect(), db = b.Connect();
  DiffStats stats;
  CHECK(Diff({da.get()}, {db.get()}, &stats).empty());
  CHECK(stats.same());
  File dump = TempFileWith(FullDump(*da));
  CHECK(Diff({nullptr, dump.get()}, {db.get()}).empty());
}

TEST_CASE("differences come in dump order, each counted once") {
  MemoryDatabase a, b;
  FillNightlyAndRepo(a);
  FillNightlyAndRepo(b);
  b.Put("nightly", "Nightly", "last_build", "2.0");
  b.committed().values.erase({b.Object("nightly", "Nightly"), "token"});
  b.Put("nightly", "Nightly", "zz", "1");
  b.Put("added", "Nightly", "k", "5");
  b.Object("lone", "Z");
  auto da = a.Connect(), db = b.Connect();
  DiffStats stats;
  CHECK(Diff({da.get()}, {db.get()}, &stats) == std::vector<std::string>{
            "+ Nightly/added/k 5",
            "~ Nightly/nightly/last_build 1.0 -> 2.0",
            "- Nightly/nightly/token \"abc\"",
            "+ Nightly/nightly/zz 1",
            "+ Z/lone",
        });
  CHECK(stats.objects_only_a == 0);
  CHECK(stats.objects_only_b == 2);
  CHECK(stats.values_only_a == 1);
  CHECK(stats.values_only_b == 2);
  CHECK(stats.values_changed == 1);
  // filtered: only the objects the globs match
  ScanOptions only_z{"Z", "*"};
  CHECK(Diff({da.get()}, {db.get()}, nullptr, only_z) == std::vector<std::string>{"+ Z/lone"});
}

TEST_CASE("states larger than a stream's batch: rows outlive no batch, objects counted right") {
  MemoryDatabase a, b;
  for (int o = 0; o < 60; ++o) {
    for (int k = 0; k < 50; ++k) {  // 3000 values a side: several batches of 1024
      std::string name = "o" + std::to_string(1000 + o), key = "k" + std::to_string(100 + k);
      a.Put(name, "C", key, "1");
      if (o != 30) b.Put(name, "C", key, k == 7 ? "2" : "1");
    }
  }
  auto da = a.Connect(), db = b.Connect();
  DiffStats stats;
  auto lines = Diff({da.get()}, {db.get()}, &stats);
  CHECK(lines.size() == 59 + 50);
  CHECK(stats.values_changed == 59);
  CHECK(stats.values_only_a == 50);
  CHECK(stats.objects_only_a == 1);
  CHECK(stats.objects_only_b == 0);
}

TEST_CASE("an object with values on one side and none on the other differs only in its values") {
  MemoryDatabase a, b;
  a.Object("o", "C");
  b.Put("o", "C", "k", "1");
  auto da = a.Connect(), db = b.Connect();
  DiffStats stats;
  CHECK(Diff({da.get()}, {db.get()}, &stats) == std::vector<std::string>{"+ C/o/k 1"});
  CHECK(stats.objects_only_b == 0);
  CHECK(Diff({db.get()}, {da.get()}) == std::vector<std::string>{"- C/o/k 1"});
}

TEST_CASE("a damaged dump fails the diff as import would refuse it") {
  MemoryDatabase a;
  FillNightlyAndRepo(a);
  auto da = a.Connect();
  std::string text = FullDump(*da);
  File cut = TempFileWith(text.substr(0, text.rfind("{\"format\"")));
  auto done = DiffState({da.get()}, {nullptr, cut.get()}, {}, {});
  REQUIRE(!done.has_value());
  CHECK(done.error().code() == Code::kInvalidData);
  CHECK(done.error().message().find("truncated") != std::string::npos);
}

TEST_CASE("a database failure on either side is the diff's error") {
  MemoryDatabase a, b;
  FillNightlyAndRepo(a);
  FillNightlyAndRepo(b);
  b.set_hook([](std::string_view op, testing::MemoryTables&) {
    return op == "ReadValues" || op == "ReadJoined" ? Status::Database("disk I/O error")
                                                      : Status::Ok();
  });
  auto da = a.Connect(), db = b.Connect();
  auto done = DiffState({da.get()}, {db.get()}, {}, {});
  REQUIRE(!done.has_value());
  CHECK(done.error().message().find("disk I/O error") != std::string::npos);
}

TEST_CASE("a row stream yields every row in order, then the producer's error") {
  RowStream ok([](const RowSink& sink) -> Status {
    for (int i = 0; i < 5000; ++i) {
      Row row{"C", "n" + std::to_string(i), std::string("k"), std::string("1")};
      STATECTL_RETURN_IF_ERROR(sink(row));
    }
    return Status::Ok();
  });
  int n = 0;
  for (;;) {
    auto row = ok.Next();
    REQUIRE(row.has_value());
    if (!*row) break;
    CHECK((*row)->name == "n" + std::to_string(n));
    ++n;
  }
  CHECK(n == 5000);
  RowStream failing([](const RowSink& sink) -> Status {
    Row row{"C", "n", std::string("k"), std::string("1")};
    STATECTL_RETURN_IF_ERROR(sink(row));
    return Status::InvalidData("line 3: bad");
  });
  auto first = failing.Next();
  REQUIRE((first.has_value() && *first));
  auto second = failing.Next();
  REQUIRE(!second.has_value());
  CHECK(second.error().message() == "line 3: bad");
}

TEST_CASE("a row stream dropped early stops its producer") {
  int produced = 0;
  {
    RowStream endless([&](const RowSink& sink) -> Status {
      for (;;) {
        Row row{"C", "n", std::string("k"), std::string("1")};
        ++produced;
        STATECTL_RETURN_IF_ERROR(sink(row));
      }
    });
    auto row = endless.Next();
    REQUIRE((row.has_value() && *row));
  }  // joins: the producer's sink failed once the stream stopped
  CHECK(produced < 100000);
}

}  // namespace
}  // namespace statectl
