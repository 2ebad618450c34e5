#include "core/check.h"

#include <doctest/doctest.h>

#include <ctime>
#include <string>
#include <vector>

#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::MemoryDatabase;

struct Checked {
  CheckReport report;
  std::vector<CheckFinding> findings;
};

Checked Check(MemoryDatabase& mem, bool fix = false) {
  auto db = mem.Connect();
  Checked out;
  auto report = CheckState(*db, fix, [&](const CheckFinding& f) {
    out.findings.push_back(f);
    return Status::Ok();
  });
  REQUIRE_MESSAGE(report.has_value(), report.error().message());
  out.report = *report;
  return out;
}

TEST_CASE("a healthy state has no findings; Python-only JSON is healthy") {
  MemoryDatabase mem;
  mem.Put("nightly", "Nightly", "last_build", "1795460700.0");
  mem.Put("nightly", "Nightly", "odd", " NaN\n");
  mem.Object("empty", "C");
  Checked c = Check(mem);
  CHECK(c.findings.empty());
  CHECK(c.report.objects == 2);
  CHECK(c.report.values == 2);
  CHECK(c.report.problems == 0);
}

TEST_CASE("a value json.loads rejects is named with its object, key and the delete that fixes it") {
  MemoryDatabase mem;
  int64_t id = mem.Object("repo", "GitPoller");
  mem.Put("repo", "GitPoller", "lastRev", "{'main': 'x'}");
  Checked c = Check(mem);
  REQUIRE(c.findings.size() == 1);
  const CheckFinding& f = c.findings[0];
  CHECK(f.kind == CheckFinding::Kind::kBadJson);
  CHECK(f.problem);
  CHECK(f.name == "repo");
  CHECK(f.class_name == "GitPoller");
  CHECK(f.key == std::optional<std::string>("lastRev"));
  CHECK(f.detail.find("invalid JSON") != std::string::npos);
  CHECK(f.fix_words == std::vector<std::string>{"delete", "--id", std::to_string(id), "--", "lastRev"});
  CHECK(c.report.problems == 1);
}

TEST_CASE("values, keys and names that are not UTF-8, and keys and names over their columns") {
  MemoryDatabase mem;
  int64_t id = mem.Object("o", "C");
  mem.Put("o", "C", "bad", "\"\xff\"");
  mem.Put("o", "C", std::string(256, 'k'), "1");
  mem.Put("o", "C", std::string(255, 'k'), "1");  // fits
  mem.Object(std::string(129, 'n'), "C");
  mem.Object("n", std::string(129, 'c'));
  mem.Object("x\xfe", "C");
  Checked c = Check(mem);
  std::vector<std::string> kinds;
  for (const CheckFinding& f : c.findings) kinds.push_back(CheckKindName(f.kind));
  std::sort(kinds.begin(), kinds.end());
  CHECK(kinds == std::vector<std::string>{"long_class", "long_key", "long_name", "not_utf8", "not_utf8"});
  CHECK(c.report.problems == 4);  // a long class is a notice
  CHECK(c.report.notices == 1);
  for (const CheckFinding& f : c.findings) {
    if (f.kind == CheckFinding::Kind::kLongKey) {
      CHECK(f.fix_words == std::vector<std::string>{"delete", "--id", std::to_string(id),
                                                    "--as-stored", "--", std::string(256, 'k')});
    }
  }
}

TEST_CASE("orphans are found with the id that inherits them, and fix deletes only them") {
  MemoryDatabase mem;
  mem.Put("o", "C", "k", "1");
  int64_t next = mem.committed().next_id;
  mem.committed().values[{next, "a"}] = "1";
  mem.committed().values[{next, "b"}] = "2";
  mem.committed().values[{next + 2, "c"}] = "3";
  Checked c = Check(mem);
  REQUIRE(c.findings.size() == 2);
  CHECK(c.findings[0].kind == CheckFinding::Kind::kOrphanValues);
  CHECK(c.findings[0].values == 2);
  CHECK(c.findings[0].detail.find("the next object created (id " + std::to_string(next) +
                                  ") inherits them") != std::string::npos);
  CHECK(c.findings[1].detail.find("the 3rd object created from now") != std::string::npos);
  CHECK(c.findings[0].fix == CheckFinding::Fix::kByCheckFix);
  Checked fixed = Check(mem, /*fix=*/true);
  CHECK(fixed.findings.empty());
  CHECK(fixed.report.orphans_deleted == 3);
  CHECK(mem.committed().values.size() == 1);
}

TEST_CASE("an orphan whose id lies between two objects' ids is found, not counted as theirs") {
  MemoryDatabase mem;
  for (const char* name : {"a", "b", "c"}) mem.Put(name, "C", "k", "1");  // ids 1, 2, 3
  mem.committed().objects.erase(2);  // its value stays: an orphan in the gap
  Checked c = Check(mem);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].kind == CheckFinding::Kind::kOrphanValues);
  CHECK(c.findings[0].object_id == 2);
  CHECK(c.findings[0].values == 1);
  CHECK(c.report.objects == 2);
  CHECK(c.report.values == 3);
}

TEST_CASE("values no service claims are notices, only while a master runs") {
  MemoryDatabase mem;
  mem.Put("repo", "GitPoller", "lastRev", "{}");
  mem.Put("gone", "Nightly", "last_build", "1.0");
  mem.Put("www", "buildbot.www.service.WWWService", "session_secret", "\"s\"");
  mem.Object("empty", "Nightly");
  mem.committed().has_service_tables = true;
  ServiceClaim claim{"repo", "change source", 1, "host:/srv/bb", true, std::time(nullptr) - 5};
  mem.committed().claims.push_back(claim);
  Checked c = Check(mem);
  REQUIRE(c.findings.size() == 1);
  CHECK(c.findings[0].kind == CheckFinding::Kind::kUnclaimed);
  CHECK(c.findings[0].name == "gone");
  CHECK(!c.findings[0].problem);
  CHECK(c.report.problems == 0);
  mem.committed().claims[0].active = false;  // no master runs: nothing to go by
  CHECK(Check(mem).findings.empty());
}

}  // namespace
}  // namespace statectl
