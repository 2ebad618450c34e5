#include "core/scan.h"

#include <doctest/doctest.h>

#include <cstdlib>

#include "tests/support/memory_backend.h"
#include "tests/support/temp_dir.h"

namespace statectl {
namespace {

using testing::MemoryDatabase;

std::vector<std::string> Scan(MemoryDatabase& mem, const ScanOptions& options) {
  auto db = mem.Connect();
  auto txn = db->BeginRead();
  REQUIRE(txn.has_value());
  std::vector<std::string> rows;
  Status st = ScanState((*txn)->state(), options, [&](Row& row) {
    rows.push_back(row.class_name + "/" + row.name + "/" + row.key.value_or("-"));
    return Status::Ok();
  });
  REQUIRE_MESSAGE(st.ok(), st.message());
  return rows;
}

void FillOutOfOrder(MemoryDatabase& mem) {
  mem.Put("z", "B", "k", "1");  // ids in an order unlike the dump's
  mem.Put("a", "B", "b", "1");
  mem.Put("a", "B", "a", "1");
  mem.Object("m", "A");
  mem.Put("[x]", "B", "k", "1");
}

const std::vector<std::string> kAll = {"A/m/-", "B/[x]/k", "B/a/a", "B/a/b", "B/z/k"};

TEST_CASE("an unfiltered scan sorts the values read as stored, when temp files may be used") {
  MemoryDatabase mem;
  FillOutOfOrder(mem);
  CHECK(Scan(mem, {}) == kAll);
  CHECK(mem.calls("ReadValues") == 1);
  CHECK(mem.calls("ReadObjects") == 2);
  CHECK(mem.calls("ReadJoined") == 0);
}

TEST_CASE("without temp files, or filtered, the database sorts: the same rows") {
  MemoryDatabase mem;
  FillOutOfOrder(mem);
  ScanOptions no_temp;
  no_temp.temp_files = false;
  CHECK(Scan(mem, no_temp) == kAll);
  CHECK(mem.calls("ReadJoined") == 1);
  CHECK(mem.calls("ReadValues") == 0);
  CHECK(Scan(mem, {"B", "?"}) == std::vector<std::string>{"B/a/a", "B/a/b", "B/z/k"});
  CHECK(mem.calls("ReadJoined") == 2);
  CHECK(mem.calls("ReadValues") == 0);
}

TEST_CASE("globs are matched exactly here, whatever the database's prefilter kept") {
  MemoryDatabase mem;  // its ReadJoined ignores the prefilter altogether
  FillOutOfOrder(mem);
  CHECK(Scan(mem, {"*", "[[]x]"}) == std::vector<std::string>{"B/[x]/k"});
  CHECK(Scan(mem, {"[!B]", "*"}) == std::vector<std::string>{"A/m/-"});
  CHECK(Scan(mem, {"C", "*"}).empty());
}

TEST_CASE("no usable temporary directory: the database sorts instead, with the same rows") {
  MemoryDatabase mem;
  FillOutOfOrder(mem);
  testing::TempDir dir;
  const char* old = std::getenv("TMPDIR");
  std::string saved = old ? old : "";
  setenv("TMPDIR", dir.File("missing").c_str(), 1);
  auto rows = Scan(mem, {});
  if (old) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  CHECK(rows == kAll);
  CHECK(mem.calls("ReadValues") == 0);
  CHECK(mem.calls("ReadJoined") == 1);
}

}  // namespace
}  // namespace statectl
