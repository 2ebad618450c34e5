#include "core/glob.h"

#include <doctest/doctest.h>

namespace statectl {
namespace {

TEST_CASE("globs match the whole text, shell style") {
  CHECK(GlobMatch("*", ""));
  CHECK(GlobMatch("Git*", "GitPoller"));
  CHECK(!GlobMatch("Git*", "buildbot.changes.gitpoller.GitPoller"));
  CHECK(GlobMatch("*.GitPoller", "buildbot.changes.gitpoller.GitPoller"));
  CHECK(GlobMatch("file:///srv/*", "file:///srv/repo.git"));  // '/' is ordinary
  CHECK(GlobMatch("night?", "nightly") == false);
  CHECK(GlobMatch("nightl?", "nightly"));
  CHECK(GlobMatch("[Nn]ightly", "Nightly"));
  CHECK(GlobMatch("[!N]ightly", "nightly"));
  CHECK(GlobMatch("caf?", "caf\xC3\xA9"));  // ? is one character, not one byte
}

}  // namespace
}  // namespace statectl
