#include "backends/sqlite/sqlite_url.h"

#include <array>
#include <filesystem>

namespace statectl::sqlite {
namespace {

// Connection tuning SQLAlchemy or Buildbot would read; meaningless here
// (statectl's --timeout governs waiting), so dropped.
constexpr std::array<std::string_view, 6> kIgnoredArgs = {
    "serialize_access", "timeout", "check_same_thread", "cached_statements",
    "isolation_level", "detect_types"};

std::string Join(std::string_view dir, std::string_view rel) {
  if (dir.empty() || dir == ".") return std::string(rel);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += rel;
  return out;
}

}  // namespace

Result<std::string> SqlitePathFromUrl(const DbUrl& url, std::string_view master_dir) {
  if (url.user || url.password || !url.host.empty() || !url.port.empty()) {
    return UrlUsageError(url,
                         "a sqlite URL has no host; use sqlite:///relative/path or "
                         "sqlite:////absolute/path");
  }
  if (url.database.empty() || url.database == ":memory:") {
    return Status::Usage("database URL " + url.display +
                         " names an in-memory SQLite database, which holds no state");
  }
  for (const QueryArg& arg : url.query) {
    bool ignored = false;
    for (auto name : kIgnoredArgs) ignored = ignored || name == arg.name;
    if (!ignored) return UrlUsageError(url, "unsupported query argument '" + arg.name + "' for sqlite");
  }
  std::string path = url.database;
  // Buildbot's basedir is absolute, so a substituted path is too.
  std::string basedir = std::filesystem::absolute(master_dir.empty() ? "." : master_dir)
                            .lexically_normal()
                            .string();
  if (basedir.size() > 1 && basedir.back() == '/') basedir.pop_back();
  for (size_t at; (at = path.find("%(basedir)s")) != std::string::npos;) {
    path.replace(at, 11, basedir);
  }
  return path[0] == '/' ? path : Join(master_dir, path);
}

}  // namespace statectl::sqlite
