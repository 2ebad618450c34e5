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

// SQLAlchemy's and Buildbot's own query arguments; libpq would refuse them.
constexpr std::array<std::string_view, 13> kSqlAlchemyOnlyArgs = {
    "pool_size", "max_overflow", "pool_recycle", "pool_timeout", "pool_pre_ping",
    "pool_use_lifo", "max_idle", "serialize_access", "echo", "echo_pool",
    "isolation_level", "executemany_mode", "use_native_unicode"};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding, as SQLAlchemy applies to user, password and query values.
Result<std::string> PercentDecode(std::string_view s, std::string_view what) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int hi = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexDigit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Status::Usage("bad %-escape in the " + std::string(what));
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

struct QueryArg {
  std::string name, value;
};

// "a=1&b=%2F" as SQLAlchemy reads it: pairs, %-decoded, empty ones skipped.
Result<std::vector<QueryArg>> SplitQuery(std::string_view query) {
  std::vector<QueryArg> args;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view arg = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (arg.empty()) continue;
    size_t eq = arg.find('=');
    auto name = PercentDecode(arg.substr(0, eq), "query");
    auto value = PercentDecode(eq == std::string_view::npos ? "" : arg.substr(eq + 1), "query");
    if (!name) return name.error();
    if (!value) return value.error();
    args.push_back({std::move(*name), std::move(*value)});
  }
  return args;
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (auto known : names) {
    if (known == name) return true;
  }
  return false;
}

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
  auto args = SplitQuery(query);
  if (!args) return Status::Usage("database URL " + url.display + ": " + args.error().message());
  for (const QueryArg& arg : *args) {
    if (!Contains(kIgnoredSqliteArgs, arg.name)) {
      return Status::Usage("database URL " + url.display + ": unsupported query argument '" +
                           arg.name + "' for sqlite");
    }
  }
  url.path = path[0] == '/' ? path : Join(master_dir, path);
  return url;
}

Result<DbUrl> ParsePostgres(std::string_view rest, std::string_view query, DbUrl url) {
  // rest: [user[:password]@][host][:port][/dbname]
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view dbname = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  auto usage = [&](const std::string& what) {
    return Status::Usage("database URL " + url.display + ": " + what);
  };
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    size_t colon = userinfo.find(':');
    auto user = PercentDecode(userinfo.substr(0, colon), "user name");
    if (!user) return usage(user.error().message());
    if (!user->empty()) url.params.emplace_back("user", *user);
    if (colon != std::string_view::npos) {
      auto password = PercentDecode(userinfo.substr(colon + 1), "password");
      if (!password) return usage(password.error().message());
      url.params.emplace_back("password", *password);
    }
  }
  std::string_view host = authority, port;
  if (!authority.empty() && authority[0] == '[') {  // [::1]:5432
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return usage("unclosed '[' in the host");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') port = authority.substr(close + 2);
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (!port.empty() && port.find_first_not_of("0123456789") != std::string_view::npos) {
    return usage("port '" + std::string(port) + "' is not a number");
  }
  if (!host.empty()) url.params.emplace_back("host", std::string(host));
  if (!port.empty()) url.params.emplace_back("port", std::string(port));
  if (!dbname.empty()) url.params.emplace_back("dbname", std::string(dbname));
  auto args = SplitQuery(query);
  if (!args) return usage(args.error().message());
  for (QueryArg& arg : *args) {
    if (Contains(kSqlAlchemyOnlyArgs, arg.name)) continue;
    // A later host/port (the unix-socket form ?host=/run/postgresql) wins.
    std::erase_if(url.params, [&](const auto& p) { return p.first == arg.name; });
    url.params.emplace_back(std::move(arg.name), std::move(arg.value));
  }
  std::string shown_host = "the default host", shown_port = "5432";
  for (const auto& [key, value] : url.params) {
    if (key == "host") shown_host = value;
    if (key == "port") shown_port = value;
  }
  url.endpoint = shown_host + ":" + shown_port;
  return url;
}

}  // namespace

std::string RedactUrl(std::string_view text) {
  std::string out;
  size_t done = 0;
  for (size_t sep; (sep = text.find("://", done)) != std::string_view::npos;) {
    size_t auth_start = sep + 3;
    size_t auth_end = text.find_first_of("/?# \t'\"", auth_start);
    if (auth_end == std::string_view::npos) auth_end = text.size();
    std::string_view authority = text.substr(auth_start, auth_end - auth_start);
    size_t at = authority.rfind('@');
    size_t colon = authority.find(':');
    out += text.substr(done, auth_start - done);
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at) {
      out += authority.substr(0, colon + 1);
      out += "****";
      out += authority.substr(at);
    } else {
      out += authority;
    }
    done = auth_end;
  }
  out += text.substr(done);
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
    url.dialect = "postgresql";
    return ParsePostgres(rest, query, std::move(url));
  }
  return Status::Usage("database URL " + url.display + ": unsupported database '" +
                       url.dialect + "'; statectl supports sqlite and postgresql");
}

}  // namespace statectl
