#include "core/dump_reader.h"

#include <doctest/doctest.h>

#include "core/digest.h"
#include "core/dump_format.h"
#include "tests/support/dump_text.h"

namespace statectl {
namespace {

using testing::File;
using testing::TempFileWith;

std::string Header() { return EncodeHeader("2026-12-01T00:00:00Z", "sqlite"); }

// A well-formed dump of these record lines (each ending in '\n').
std::string DumpOf(const std::string& records, int64_t objects, int64_t values) {
  Sha256 sha;
  sha.Update(records);
  return Header() + records + EncodeTrailer({objects, values, sha.HexDigest()});
}

const std::string kA = "{\"class_name\":\"C\",\"name\":\"a\",\"key\":\"k\",\"value\":1}\n";
const std::string kA2 = "{\"class_name\":\"C\",\"name\":\"a\",\"key\":\"l\",\"value_json\":\"NaN\"}\n";
const std::string kB = "{\"class_name\":\"C\",\"name\":\"b\"}\n";

struct Seen {
  std::vector<Row> rows;
  std::vector<int64_t> lines;
};

Status Read(const std::string& text, Seen* seen = nullptr) {
  File f = TempFileWith(text);
  auto end = ReadDump(f.get(), [&](const Row& row, int64_t line, int64_t) {
    if (seen) {
      seen->rows.push_back(row);
      seen->lines.push_back(line);
    }
    return Status::Ok();
  });
  return end ? Status::Ok() : end.error();
}

TEST_CASE("a sound dump is read whole: every record with its line number, then its end line") {
  Seen seen;
  Status st = Read(DumpOf(kA + kA2 + kB, 2, 2), &seen);
  REQUIRE_MESSAGE(st.ok(), st.message());
  File f = TempFileWith(DumpOf(kA + kB, 2, 1));
  auto end = ReadDump(f.get(), [](const Row&, int64_t, int64_t) { return Status::Ok(); });
  REQUIRE(end.has_value());
  CHECK(end->objects == 2);
  CHECK(end->values == 1);
  CHECK(end->sha256.size() == 64);
  REQUIRE(seen.rows.size() == 3);
  CHECK(seen.lines == std::vector<int64_t>{2, 3, 4});
  CHECK(*seen.rows[0].value_json == "1");
  CHECK(*seen.rows[1].value_json == "NaN");
  CHECK(!seen.rows[2].key);
}

TEST_CASE("every fault of a dump is invalid data naming what and where") {
  std::string good = DumpOf(kA + kB, 2, 1);
  struct Case {
    std::string text, message;
  };
  for (const Case& c : std::vector<Case>{
           {"", "the dump is empty"},
           {kA + kB, "line 1: not a statectl dump (no header line)"},
           {good.substr(0, good.rfind('{')), "dump is truncated: no end line after line 3"},
           {good.substr(0, good.size() - 1) + "\n" + kA, "line 5: data after the dump's end line"},
           {Header() + kB + kA + good.substr(good.rfind('{')), "line 3: record out of order"},
           {Header() + kA + kA + kB + good.substr(good.rfind('{')), "line 3: record out of order or repeated"},
           {Header() + Header() + kA, "line 2: a second header line"},
           {DumpOf(kA + kB, 3, 1), "end line counts 3 objects and 1 values, the dump holds 2 and 1"},
           {DumpOf(kA + kB, 2, 1).replace(Header().size() + kA.size() - 3, 1, "2"), "checksum mismatch"},
           {Header() + kA.substr(0, kA.size() - 1), "line 2: dump is truncated: the last line is cut"},
           {Header() + "{\"class_name\":\"C\"}\n", "line 2: missing \"name\""},
       }) {
    CAPTURE(c.message);
    Status st = Read(c.text);
    CHECK(st.code() == Code::kInvalidData);
    CHECK(st.message().find(c.message) != std::string::npos);
  }
}

TEST_CASE("dumps whose digest covers the header too (before 2026-11-23) still read") {
  std::string records = kA + kB;
  Sha256 sha;
  sha.Update(Header() + records);
  CHECK(Read(Header() + records + EncodeTrailer({2, 1, sha.HexDigest()})).ok());
}

TEST_CASE("the visitor's error stops the reading and comes back") {
  File f = TempFileWith(DumpOf(kA + kA2 + kB, 2, 2));
  int visited = 0;
  auto end = ReadDump(f.get(), [&](const Row&, int64_t line, int64_t) {
    ++visited;
    return line == 3 ? Status::Conflict("line 3 differs") : Status::Ok();
  });
  CHECK(end.error().code() == Code::kConflict);
  CHECK(visited == 2);
}

}  // namespace
}  // namespace statectl
