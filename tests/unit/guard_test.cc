#include "core/guard.h"

#include <doctest/doctest.h>

#include "tests/support/memory_backend.h"

namespace statectl {
namespace {

using testing::MemoryDatabase;

constexpr int64_t kNow = 1796146620;

ServiceClaim Claim(std::string service, std::string master, bool active, int64_t ago) {
  return ServiceClaim{std::move(service), "change source", 1, std::move(master), active, kNow - ago};
}

Status Guard(MemoryDatabase& mem, std::vector<ObjectName> objects, bool force,
             std::vector<std::string>* warnings = nullptr) {
  auto db = mem.Connect();
  auto txn = db->BeginRead();
  REQUIRE(txn.has_value());
  GuardOptions options;
  options.force = force;
  options.now = kNow;
  options.warn = [&](const std::string& line) {
    if (warnings) warnings->push_back(line);
  };
  return GuardWrite(**txn, objects, options);
}

TEST_CASE("issue 11: a running master's object is refused, naming master and object") {
  MemoryDatabase mem;
  mem.committed().has_service_tables = true;
  mem.committed().claims = {Claim("file:///srv/repo.git", "host:/srv/bb", true, 25)};
  Status st = Guard(mem, {{"file:///srv/repo.git", "GitPoller"}}, false);
  CHECK(st.code() == Code::kOwned);
  CHECK(st.message() ==
        "master 'host:/srv/bb' (active, seen 25 s ago) owns GitPoller 'file:///srv/repo.git' and "
        "will overwrite this edit; stop it first, or use --force");
  std::vector<std::string> warnings;
  CHECK(Guard(mem, {{"file:///srv/repo.git", "GitPoller"}}, true, &warnings).ok());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("warning: writing anyway (--force): master 'host:/srv/bb'") == 0);
}

TEST_CASE("issue 11: a master not running (inactive, or silent past Buildbot's 10 minutes) only warns") {
  MemoryDatabase mem;
  mem.committed().has_service_tables = true;
  mem.committed().claims = {Claim("nightly", "h:/a", false, 30),
                            Claim("periodic", "h:/b", true, 601)};
  std::vector<std::string> warnings;
  CHECK(Guard(mem, {{"nightly", "Nightly"}, {"periodic", "Periodic"}}, false, &warnings).ok());
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] ==
        "warning: master 'h:/a' (inactive, seen 30 s ago) is not running but still claims Nightly "
        "'nightly'; it reads the new state when it starts");
  CHECK(warnings[1].find("master 'h:/b' (active, seen 10 min ago) is not running") != std::string::npos);
  CHECK(Guard(mem, {{"nightly", "Nightly"}}, false).ok());
  mem.committed().claims[1].last_active = kNow - 600;  // within the 10 minutes: running
  CHECK(Guard(mem, {{"periodic", "Periodic"}}, false).code() == Code::kOwned);
}

TEST_CASE("many owned objects: the first 20 are named, with how many") {
  MemoryDatabase mem;
  mem.committed().has_service_tables = true;
  std::vector<ObjectName> objects;
  for (int i = 0; i < 25; ++i) {
    mem.committed().claims.push_back(Claim("s" + std::to_string(i), "m", true, 5));
    objects.push_back({"s" + std::to_string(i), "C"});
  }
  Status st = Guard(mem, objects, false);
  CHECK(st.message().find("25 objects are owned by running masters") == 0);
  CHECK(st.message().find("C 's19' ('m')") != std::string::npos);
  CHECK(st.message().find("'s20'") == std::string::npos);
  CHECK(st.message().find(", ...; stop it first") != std::string::npos);
}

TEST_CASE("no service tables (a database from init), or no claim: nothing to guard") {
  MemoryDatabase mem;
  mem.committed().claims = {Claim("n", "m", true, 1)};  // not read: the tables are absent
  CHECK(Guard(mem, {{"n", "C"}}, false).ok());
  mem.committed().has_service_tables = true;
  CHECK(Guard(mem, {{"other", "C"}}, false).ok());
}

}  // namespace
}  // namespace statectl
