#include "core/import.h"

#include <doctest/doctest.h>

#include "tests/support/dump_text.h"
#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::DumpText;
using testing::FullDump;
using testing::Import;
using testing::MemoryDatabase;
using testing::MemoryTables;

// Two objects with three values, and an object without values.
void FillSource(MemoryDatabase& src) {
  src.Put("file:///repo.git", "GitPoller", "lastRev", "{\"master\": \"e2bd82\"}");
  src.Put("nightly", "Nightly", "last_build", "1795460700.0");
  src.Put("nightly", "Nightly", "odd", " NaN\n");
  src.Object("nightly", "buildbot.schedulers.timed.Nightly");
}

std::string SourceDump() {
  MemoryDatabase src;
  FillSource(src);
  return FullDump(*src.Connect());
}

TEST_CASE("import restores every byte, matching objects by (name, class), never by id") {
  MemoryDatabase src;
  FillSource(src);
  std::string dump = FullDump(*src.Connect());
  MemoryDatabase dst;
  dst.Object("unrelated", "X");  // ids differ from the source's
  auto db = dst.Connect();
  auto report = Import(*db, dump);
  REQUIRE_MESSAGE(report.has_value(), report.error().message());
  CHECK(report->objects_new == 3);
  CHECK(report->values_new == 3);
  CHECK(dst.committed().objects.size() == 4);
  ScanOptions theirs{"*", "[!u]*"};  // all but the object only dst has
  CHECK(DumpText(*db, theirs) == DumpText(*src.Connect(), theirs));
  auto again = Import(*db, dump);
  REQUIRE(again.has_value());
  CHECK(again->values_identical == 3);
  CHECK(again->objects_existing == 3);
  CHECK(again->values_new == 0);
}

TEST_CASE("conflicts: fail names the line and writes nothing; skip keeps; overwrite replaces") {
  std::string dump = SourceDump();
  MemoryDatabase dst;
  dst.Put("nightly", "Nightly", "last_build", "1.0");
  auto db = dst.Connect();
  MemoryTables before = dst.committed();
  auto failed = Import(*db, dump);
  REQUIRE(!failed.has_value());
  CHECK(failed.error().code() == Code::kConflict);
  CHECK(failed.error().message() ==
        "line 3: stored value of ('nightly', 'Nightly') key 'last_build' differs from the dump's "
        "(use --on-conflict skip or overwrite); nothing written");
  CHECK(dst.committed().objects.size() == before.objects.size());
  ImportOptions skip;
  skip.on_conflict = OnConflict::kSkip;
  auto skipped = Import(*db, dump, skip);
  REQUIRE(skipped.has_value());
  CHECK(skipped->values_skipped == 1);
  CHECK(dst.committed().values.at({1, "last_build"}) == "1.0");
  ImportOptions overwrite;
  overwrite.on_conflict = OnConflict::kOverwrite;
  auto overwritten = Import(*db, dump, overwrite);
  REQUIRE(overwritten.has_value());
  CHECK(overwritten->values_identical == 2);
  CHECK(overwritten->values_overwritten == 1);
  CHECK(dst.committed().values.at({1, "last_build"}) == "1795460700.0");
}

TEST_CASE("a dry run reads one snapshot, writes nothing, and its verdict is the import's") {
  std::string dump = SourceDump();
  MemoryDatabase dst;
  dst.Put("nightly", "Nightly", "last_build", "1.0");
  auto db = dst.Connect();
  ImportOptions dry;
  dry.dry_run = true;
  auto report = Import(*db, dump, dry);
  REQUIRE(report.has_value());
  CHECK(dst.calls("BeginWrite") == 0);
  CHECK(report->objects_new == 2);
  CHECK(report->objects_existing == 1);
  CHECK(report->values_new == 2);
  CHECK(report->values_conflicting == 1);
  REQUIRE(report->conflicts.size() == 1);
  CHECK(report->conflicts[0].line == 3);
  CHECK(ValueLabel(report->conflicts[0]) == "('nightly', 'Nightly') key 'last_build'");
  Status verdict = DryRunVerdict(*report, dry);
  CHECK(verdict.code() == Code::kConflict);
  CHECK(verdict.message().find("1 stored value(s) differ") == 0);
  dry.on_conflict = OnConflict::kSkip;
  CHECK(DryRunVerdict(*report, dry).ok());
  CHECK(dst.committed().objects.size() == 1);
}

TEST_CASE("issue 10: a value another writer adds between comparison and merge fails the import") {
  std::string dump = SourceDump();
  MemoryDatabase dst;
  auto db = dst.Connect();
  for (OnConflict policy : {OnConflict::kFail, OnConflict::kSkip, OnConflict::kOverwrite}) {
    CAPTURE(OnConflictName(policy));
    bool once = false;
    dst.set_hook([&](std::string_view op, MemoryTables& t) {
      // The merge's first insert of a value: another writer got there first.
      if (op == "InsertValue" && !once) {
        once = true;
        t.values[{t.objects.begin()->first, "lastRev"}] = "{}";
      }
      return Status::Ok();
    });
    ImportOptions options;
    options.on_conflict = policy;
    auto report = Import(*db, dump, options);
    REQUIRE(!report.has_value());
    CHECK(report.error().code() == Code::kConflict);
    CHECK(report.error().message() ==
          "another connection wrote values of the imported objects during the import (2 of 3 "
          "values inserted, 0 of 0 replaced); nothing written (run it again, or stop the master "
          "first)");
    CHECK(dst.committed().objects.empty());
  }
}

TEST_CASE("a damaged dump is refused whole, naming the line, whatever the batch") {
  std::string dump = SourceDump();
  MemoryDatabase dst;
  auto db = dst.Connect();
  std::string altered = dump;
  altered.replace(altered.find("e2bd82"), 6, "e2bd83");
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {dump.substr(0, dump.rfind('{')), "truncated: no end line"},
           {altered, "checksum mismatch"},
           {dump.substr(0, dump.find('\n') + 1) + "{oops\n" + dump.substr(dump.find('\n') + 1),
            "line 2: invalid JSON"}}) {
    const std::string& message = expected;  // clang 14 cannot capture a structured binding
    CAPTURE(message);
    auto r = Import(*db, text);
    REQUIRE(!r.has_value());
    CHECK(r.error().code() == Code::kInvalidData);
    CHECK(r.error().message().find(message) != std::string::npos);
    CHECK(dst.committed().objects.empty());
  }
}

TEST_CASE("a database failure mid-import rolls back everything, and --init creates first") {
  std::string dump = SourceDump();
  MemoryDatabase dst;
  auto db = dst.Connect();
  dst.set_hook([](std::string_view op, MemoryTables& t) {
    return op == "InsertValue" && t.values.size() == 2 ? Status::Database("disk full")
                                                       : Status::Ok();
  });
  ImportOptions init;
  init.init = true;
  auto r = Import(*db, dump, init);
  CHECK(r.error().message() == "disk full");
  CHECK(dst.calls("CreateSchema") == 1);
  CHECK(dst.committed().values.empty());
}

TEST_CASE("on-conflict words both ways, any case") {
  CHECK(*ParseOnConflict("SKIP") == OnConflict::kSkip);
  CHECK(std::string(OnConflictName(OnConflict::kOverwrite)) == "overwrite");
  auto bad = ParseOnConflict("maybe");
  CHECK(bad.error().code() == Code::kUsage);
  CHECK(bad.error().message() == "--on-conflict must be fail, skip or overwrite, not 'maybe'");
}

}  // namespace
}  // namespace statectl

namespace statectl {
namespace {

using testing::Import;
using testing::MemoryDatabase;

TEST_CASE("--replace deletes what the dump lacks, within its scope, and keeps object rows") {
  MemoryDatabase src;
  src.Put("nightly", "Nightly", "last_build", "1.0");
  src.Put("repo", "GitPoller", "lastRev", "{}");
  src.Object("bare", "Nightly");  // no values in the dump
  std::string dump = testing::FullDump(*src.Connect());
  MemoryDatabase dst;
  dst.Put("nightly", "Nightly", "last_build", "2.0");
  dst.Put("nightly", "Nightly", "extra", "1");
  dst.Put("bare", "Nightly", "k", "1");
  dst.Put("after", "Zed", "k", "1");         // after every dump object
  dst.Put("aa", "Alpha", "k", "1");          // before every dump object
  dst.Put("repo", "GitPoller", "mine", "1");  // outside --class Nightly
  auto db = dst.Connect();
  ImportOptions dry;
  dry.replace = true;
  dry.on_conflict = OnConflict::kOverwrite;
  dry.dry_run = true;
  dry.class_glob = "Nightly";
  auto planned = Import(*db, dump, dry);
  REQUIRE_MESSAGE(planned.has_value(), planned.error().message());
  CHECK(planned->values_deleted == 2);  // extra, bare's k
  CHECK(dst.committed().values.size() == 6);
  ImportOptions all = dry;
  all.dry_run = false;
  all.class_glob = "*";
  auto done = Import(*db, dump, all);
  REQUIRE_MESSAGE(done.has_value(), done.error().message());
  CHECK(done->values_deleted == 5);  // extra, bare's k, after's k, aa's k, mine
  CHECK(done->values_overwritten == 1);
  CHECK(dst.committed().values.size() == 2);
  CHECK(dst.committed().objects.size() == 5);  // no object row went
  REQUIRE(done->deletions.size() == 5);
  CHECK(done->deletions[0].class_name == "Alpha");  // in dump order
}

TEST_CASE("--replace is refused by the guard for a running master's object it would empty") {
  MemoryDatabase src;
  src.Put("nightly", "Nightly", "last_build", "1.0");
  std::string dump = testing::FullDump(*src.Connect());
  MemoryDatabase dst;
  dst.Put("nightly", "Nightly", "last_build", "1.0");
  dst.Put("owned", "Nightly", "k", "1");
  dst.committed().has_service_tables = true;
  dst.committed().claims.push_back({"owned", "scheduler", 1, "m", true, 1000});
  ImportOptions options;
  options.replace = true;
  options.on_conflict = OnConflict::kOverwrite;
  options.guard.now = 1010;
  auto db = dst.Connect();
  auto done = Import(*db, dump, options);
  REQUIRE(!done.has_value());
  CHECK(done.error().code() == Code::kOwned);
  CHECK(dst.committed().values.size() == 2);
}

}  // namespace
}  // namespace statectl
