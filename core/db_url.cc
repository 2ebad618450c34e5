#include "core/db_url.h"

#include <array>
#include <filesystem>

namespace statectl {
namespace {

// Connection tuning SQLAlchemy or Buildbot would read; meaningless here
// (statectl's --timeout governs waiting), so dropped.
constexpr std::array<std::string_view, 6> kIgnoredSqliteArgs = {
    "serialize_access", "timeout", "check_same_thread", "cached_statements",
    "isolation_level", "detect_types"};

std::string Join(std::string_view dir, std::string_view rel) {
  if (dir.empty() || dir == ".") return std::string(rel);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += rel;
  return out;
}

Result<DbUrl> ParseSqlite(std::string_view rest, std::string_view query,
                          std::string_view master_dir, DbUrl url) {
  // rest is what follows "://": "" (memory), "/rel", "//abs", "host/..."
  if (rest.empty() || rest == "/" || rest == "/:memory:") {
    return Status::Usage("database URL " + url.display +
                         " names an in-memory SQLite database, which holds no state");
  }
  if (rest[0] != '/') {
    return Status::Usage("database URL " + url.display +
                         ": a sqlite URL has no host; use sqlite:///relative/path or "
                         "sqlite:////absolute/path");
  }
  std::string path(rest.substr(1));
  // Buildbot's basedir is absolute, so a substituted path is too.
  std::string basedir = std::filesystem::absolute(master_dir.empty() ? "." : master_dir)
                            .lexically_normal()
                            .string();
  if (basedir.size() > 1 && basedir.back() == '/') basedir.pop_back();
  for (size_t at; (at = path.find("%(basedir)s")) != std::string::npos;) {
    path.replace(at, 11, basedir);
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view arg = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    std::string_view name = arg.substr(0, arg.find('='));
    bool ignored = false;
    for (auto known : kIgnoredSqliteArgs) ignored = ignored || name == known;
    if (!ignored && !name.empty()) {
      return Status::Usage("database URL " + url.display + ": unsupported query argument '" +
                           std::string(name) + "' for sqlite");
    }
  }
  url.path = path[0] == '/' ? path : Join(master_dir, path);
  return url;
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  size_t auth_start = scheme_end + 3;
  size_t auth_end = url.find_first_of("/?#", auth_start);
  std::string_view authority = url.substr(auth_start, auth_end == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : auth_end - auth_start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  size_t colon = authority.find(':');
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  std::string out(url.substr(0, auth_start + colon + 1));
  out += "****";
  out += url.substr(auth_start + at);
  return out;
}

Result<DbUrl> ParseDbUrl(std::string_view text, std::string_view master_dir) {
  DbUrl url;
  url.display = RedactUrl(text);
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return Status::Usage("database URL '" + url.display +
                         "' is not of the form dialect://...; e.g. sqlite:///state.sqlite");
  }
  std::string_view scheme = text.substr(0, sep);
  url.dialect = std::string(scheme.substr(0, scheme.find('+')));
  std::string_view rest = text.substr(sep + 3);
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (url.dialect == "sqlite") return ParseSqlite(rest, query, master_dir, std::move(url));
  if (url.dialect == "postgresql" || url.dialect == "postgres") {
    return Status::Usage("database URL " + url.display +
                         ": PostgreSQL is not supported by this build of statectl yet");
  }
  return Status::Usage("database URL " + url.display + ": unsupported database '" +
                       url.dialect + "'; statectl supports sqlite");
}

}  // namespace statectl
