#include "core/external_sort.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/temp_dir.h"

namespace statectl {
namespace {

using namespace std::string_literals;
using Record = std::tuple<int64_t, std::string, std::string>;

// Distinct (rank, key) pairs whose keys share long prefixes, are shorter than
// 8 bytes, hold NULs and bytes over 0x7f: where a byte compare differs from a
// signed-char compare or from a compare of the first 8 bytes alone.
std::vector<Record> MakeRecords(size_t n, unsigned seed, size_t big_every = 0) {
  std::mt19937 rng(seed);
  const std::vector<std::string> stems = {"",        "a",          "a\0"s,        "lastRev",
                                          "lastRev-branch/", "\xc3\xa9t\xc3\xa9", "\xff", "Z"};
  std::vector<Record> records;
  for (size_t i = 0; i < n; ++i) {
    std::string key = stems[rng() % stems.size()];
    if (rng() % 3 != 0) key += std::to_string(i);  // else the stem alone: duplicates dropped below
    std::string value(rng() % 300, static_cast<char>('a' + rng() % 26));
    if (big_every != 0 && i % big_every == 0) value.assign(100000 + rng() % 50000, 'B');
    records.emplace_back(static_cast<int64_t>(rng() % 40) - 5, key, value);
  }
  std::sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  records.erase(std::unique(records.begin(), records.end(),
                            [](const Record& a, const Record& b) {
                              return std::get<0>(a) == std::get<0>(b) &&
                                     std::get<1>(a) == std::get<1>(b);
                            }),
                records.end());
  return records;  // sorted: the expected output
}

std::vector<Record> SortThrough(ExternalSort& sorter, std::vector<Record> input, unsigned seed) {
  std::shuffle(input.begin(), input.end(), std::mt19937(seed));
  for (const auto& [rank, key, value] : input) REQUIRE(sorter.Add(rank, key, value).ok());
  REQUIRE(sorter.Finish().ok());
  std::vector<Record> out;
  SortRecord record;
  while (true) {
    auto more = sorter.Next(&record);
    REQUIRE(more.has_value());
    if (!*more) break;
    out.emplace_back(record.rank, std::string(record.key), std::string(record.value));
  }
  return out;
}

TEST_CASE("records that fit in memory come back in (rank, key byte) order, no file made") {
  testing::TempDir dir;
  ExternalSortOptions options;
  options.temp_dir = dir.path();
  ExternalSort sorter(options);
  auto expected = MakeRecords(2000, 1);
  CHECK(SortThrough(sorter, expected, 2) == expected);
  CHECK(sorter.runs_spilled() == 0);
}

TEST_CASE("records beyond the run size spill to runs and merge back in order") {
  testing::TempDir dir;
  ExternalSortOptions options;
  options.temp_dir = dir.path();
  options.run_bytes = 4096;
  options.read_buffer = 64;  // records straddle the read buffer all the time
  SUBCASE("one merge") { options.fan_in = 1000; }
  SUBCASE("more runs than the fan-in: extra passes") { options.fan_in = 3; }
  ExternalSort sorter(options);
  auto expected = MakeRecords(3000, 3);
  CHECK(SortThrough(sorter, expected, 4) == expected);
  CHECK(sorter.runs_spilled() > 50);  // 98 with clang, more with g++: many runs either way
  if (options.fan_in == 3) {
    CHECK(sorter.extra_passes() >= 4);
  } else {
    CHECK(sorter.extra_passes() == 0);
  }
  CHECK(dir.Entries() == 0);  // the run files were never visible
}

TEST_CASE("values larger than a run and than the read buffer pass whole") {
  testing::TempDir dir;
  ExternalSortOptions options;
  options.temp_dir = dir.path();
  options.run_bytes = 64 << 10;
  options.fan_in = 4;
  ExternalSort sorter(options);
  auto expected = MakeRecords(400, 5, 25);
  CHECK(SortThrough(sorter, expected, 6) == expected);
  CHECK(sorter.extra_passes() > 0);
}

TEST_CASE("no records end at once; runs of one record each still merge") {
  testing::TempDir dir;
  ExternalSortOptions options;
  options.temp_dir = dir.path();
  ExternalSort empty(options);
  CHECK(SortThrough(empty, {}, 1).empty());

  options.run_bytes = 1;  // every record its own run
  ExternalSort two(options);
  std::vector<Record> pair = {{7, "k", "v"}, {7, "l", ""}};
  CHECK(SortThrough(two, pair, 1) == pair);
  CHECK(two.runs_spilled() == 2);
}

TEST_CASE("a temporary directory that cannot be written fails with its name") {
  ExternalSortOptions options;
  options.temp_dir = "/nonexistent/statectl-sort";
  options.run_bytes = 64;
  ExternalSort sorter(options);
  Status st = sorter.Add(1, "a", std::string(100, 'x'));
  if (st.ok()) st = sorter.Add(1, "b", std::string(100, 'x'));  // the second spills the first
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == Code::kDatabase);
  CHECK(st.message().find("cannot create a temporary file in '/nonexistent/statectl-sort'") !=
        std::string::npos);
}

TEST_CASE("a run that would leave less than keep_free free fails before writing") {
  testing::TempDir dir;
  auto free = FreeBytes(dir.path());
  REQUIRE(free.has_value());
  ExternalSortOptions options;
  options.temp_dir = dir.path();
  options.run_bytes = 64;
  options.keep_free = *free + (1ull << 30);  // more than there is
  ExternalSort sorter(options);
  Status st = sorter.Add(1, "a", std::string(100, 'x'));
  if (st.ok()) st = sorter.Add(1, "b", std::string(100, 'x'));
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == Code::kDatabase);
  CHECK(st.message().find("MiB would stay free in '" + dir.path() + "'") != std::string::npos);

  options.keep_free = 1;  // a byte: always there
  ExternalSort roomy(options);
  auto expected = MakeRecords(200, 7);
  CHECK(SortThrough(roomy, expected, 8) == expected);
  CHECK(roomy.runs_spilled() > 1);
}

TEST_CASE("free space is read from the directory; a missing one is an error") {
  testing::TempDir dir;
  auto free = FreeBytes(dir.path());
  REQUIRE(free.has_value());
  CHECK(*free > 0);
  auto missing = FreeBytes("/nonexistent/statectl-sort");
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error().message().find("/nonexistent/statectl-sort") != std::string::npos);
}

}  // namespace
}  // namespace statectl
