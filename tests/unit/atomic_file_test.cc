#include "core/atomic_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace statectl {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("published files appear whole, mode 0600") {
  testing::TempDir dir;
  std::string target = dir.File("backup.jsonl");
  {
    auto file = AtomicFile::Create(target);
    REQUIRE(file.has_value());
    std::fputs("data\n", (*file)->stream());
    CHECK(!std::filesystem::exists(target));  // not before Publish
    REQUIRE((*file)->Publish().ok());
  }
  CHECK(Slurp(target) == "data\n");
  struct stat st;
  REQUIRE(stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(dir.Entries() == 1);  // no temp file left
}

TEST_CASE("an unpublished file leaves the old target and no temp file") {
  testing::TempDir dir;
  std::string target = dir.File("backup.jsonl");
  std::ofstream(target) << "old\n";
  {
    auto file = AtomicFile::Create(target);
    REQUIRE(file.has_value());
    std::fputs("partial", (*file)->stream());
  }
  CHECK(Slurp(target) == "old\n");
  CHECK(dir.Entries() == 1);
}

TEST_CASE("nothing is named beside the target until it is published") {
  // O_TMPFILE: a process killed with SIGKILL mid-write leaves no file.
  testing::TempDir dir;
  std::string target = dir.File("backup.jsonl");
  auto file = AtomicFile::Create(target);
  REQUIRE(file.has_value());
  std::fputs("data\n", (*file)->stream());
  std::fflush((*file)->stream());
  CHECK(dir.Entries() == 0);
  REQUIRE((*file)->Publish().ok());
  CHECK(dir.Entries() == 1);
}

TEST_CASE("a temp file a dead process left beside the target is removed; a live one's stays") {
  testing::TempDir dir;
  std::string target = dir.File("backup.jsonl");
  pid_t child = fork();
  if (child == 0) _exit(0);
  REQUIRE(child > 0);
  REQUIRE(waitpid(child, nullptr, 0) == child);
  std::string dead = dir.File(".backup.jsonl.tmp-" + std::to_string(child) + "-AbC123");
  std::string live = dir.File(".backup.jsonl.tmp-" + std::to_string(getpid()) + "-XyZ789");
  std::string other = dir.File(".other.jsonl.tmp-" + std::to_string(child) + "-AbC123");
  for (const auto& path : {dead, live, other}) std::ofstream(path) << "complete\n";
  auto file = AtomicFile::Create(target);
  REQUIRE(file.has_value());
  CHECK(!std::filesystem::exists(dead));
  CHECK(std::filesystem::exists(live));
  CHECK(std::filesystem::exists(other));  // another target's: not this dump's business
}

TEST_CASE("a directory that does not exist is a database/system error") {
  auto file = AtomicFile::Create("/nonexistent-dir-statectl/x.jsonl");
  REQUIRE(!file.has_value());
  CHECK(file.error().code() == Code::kDatabase);
}

}  // namespace
}  // namespace statectl
