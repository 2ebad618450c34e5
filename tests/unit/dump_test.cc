#include "core/dump.h"

#include <doctest/doctest.h>

#include "core/digest.h"
#include "tests/support/dump_text.h"
#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::DumpText;
using testing::File;
using testing::FullDump;
using testing::MemoryDatabase;
using testing::MemoryTables;
using testing::ReadAll;

TEST_CASE("a dump: header, records in bytewise order, the end line's counts and digest") {
  MemoryDatabase mem;
  mem.Put("nightly", "Nightly", "weird", "NaN");
  mem.Put("nightly", "Nightly", "last_build", "1795460700.0");
  mem.Object("nightly", "buildbot.schedulers.timed.Nightly");
  mem.Put("file:///srv/repo.git", "GitPoller", "lastRev", "{\"master\": \"e2bd82\"}");
  std::string text = FullDump(*mem.Connect());
  std::string header = text.substr(0, text.find('\n') + 1);
  CHECK(header.find("{\"format\":\"statectl-dump\",\"version\":1,\"created\":\"") == 0);
  CHECK(header.find(",\"source\":\"memory\"}\n") != std::string::npos);
  std::string records =
      "{\"class_name\":\"GitPoller\",\"name\":\"file:///srv/repo.git\",\"key\":\"lastRev\","
      "\"value\":{\"master\": \"e2bd82\"}}\n"
      "{\"class_name\":\"Nightly\",\"name\":\"nightly\",\"key\":\"last_build\",\"value\":1795460700.0}\n"
      "{\"class_name\":\"Nightly\",\"name\":\"nightly\",\"key\":\"weird\",\"value_json\":\"NaN\"}\n"
      "{\"class_name\":\"buildbot.schedulers.timed.Nightly\",\"name\":\"nightly\"}\n";
  Sha256 sha;
  sha.Update(records);
  CHECK(text == header + records + "{\"format\":\"statectl-dump\",\"end\":true,\"objects\":3,"
                                   "\"values\":3,\"sha256\":\"" + sha.HexDigest() + "\"}\n");
}

TEST_CASE("a filtered dump counts what it holds; orphans are skipped and counted") {
  MemoryDatabase mem;
  mem.Put("nightly", "Nightly", "k", "1");
  mem.Put("file:///a.git", "GitPoller", "lastRev", "{}");
  mem.Object("file:///b.git", "GitPoller");
  mem.committed().values[{99, "orphan"}] = "1";
  std::string text = DumpText(*mem.Connect(), {"Git*", "*"});
  CHECK(text.find("Nightly") == std::string::npos);
  CHECK(text.find("\"objects\":2,\"values\":1,") != std::string::npos);
  File out(std::tmpfile());
  auto stats = WriteDump(*mem.Connect(), {}, out.get());
  REQUIRE(stats.has_value());
  CHECK(stats->objects == 3);
  CHECK(stats->values == 2);
  CHECK(stats->orphans_skipped == 1);
}

TEST_CASE("the scan and the orphan count come from one read transaction") {
  MemoryDatabase mem;
  mem.Put("n", "C", "k", "1");
  File out(std::tmpfile());
  REQUIRE(WriteDump(*mem.Connect(), {}, out.get()).has_value());
  CHECK(mem.calls("BeginRead") == 1);
  CHECK(mem.calls("CountOrphanValues") == 1);
  CHECK(mem.calls("BeginWrite") == 0);
}

TEST_CASE("a failing read or an unwritable output is an error, never a short dump") {
  MemoryDatabase mem;
  for (int i = 0; i < 3000; ++i) mem.Put("n" + std::to_string(i % 10), "C", std::to_string(i), "1");
  auto db = mem.Connect();
  SUBCASE("the database fails mid-scan") {
    mem.set_hook([&](std::string_view op, MemoryTables&) {
      return op == "ReadValues" ? Status::Database("I/O error") : Status::Ok();
    });
    File out(std::tmpfile());
    auto stats = WriteDump(*db, {}, out.get());
    CHECK(stats.error().message() == "I/O error");
    CHECK(ReadAll(out.get()).find("\"end\":true") == std::string::npos);
  }
  SUBCASE("the output cannot be written") {
    File full(std::fopen("/dev/full", "w"));
    REQUIRE(full);
    auto stats = WriteDump(*db, {}, full.get());
    REQUIRE(!stats.has_value());
    CHECK(stats.error().code() == Code::kDatabase);
    CHECK(stats.error().message().find("cannot write the dump") == 0);
  }
}

TEST_CASE("a name that is not UTF-8 cannot be dumped, and the error names the object") {
  MemoryDatabase mem;
  mem.Put("bad\xff", "C", "k", "1");
  File out(std::tmpfile());
  auto stats = WriteDump(*mem.Connect(), {}, out.get());
  CHECK(stats.error().code() == Code::kInvalidData);
  CHECK(stats.error().message().find("object ('bad\\xff', 'C')") == 0);  // the byte escaped
}

}  // namespace
}  // namespace statectl
