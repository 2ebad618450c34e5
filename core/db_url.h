// Database URLs as Buildbot's master.cfg has them (SQLAlchemy form).
#ifndef STATECTL_CORE_DB_URL_H_
#define STATECTL_CORE_DB_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace statectl {

inline constexpr std::string_view kDefaultDbUrl = "sqlite:///state.sqlite";

struct DbUrl {
  std::string dialect;  // "sqlite" or "postgresql" (the part before any "+driver")
  std::string path;     // sqlite: the database file, resolved against the master dir
  std::string display;  // the URL as given, password masked: safe to print
  // postgresql: libpq connection keywords and values (user, password, host,
  // port, dbname, and the URL's libpq query arguments), decoded; never joined
  // into one string.
  std::vector<std::pair<std::string, std::string>> params;
  std::string endpoint;  // postgresql: "host:port" as libpq will try it, for messages
};

// Parses url. For postgresql (also postgres://, any +driver), user and
// password are percent-decoded and SQLAlchemy/Buildbot-only query arguments
// (pool_size, max_overflow, ...) dropped; libpq's own environment (PGHOST,
// PGPASSWORD, ~/.pgpass, ...) fills in what the URL leaves out. For sqlite, a relative path is taken relative to master_dir
// (Buildbot's basedir), and "%(basedir)s" is replaced by master_dir.
// kUsage for a malformed URL or an unsupported database.
Result<DbUrl> ParseDbUrl(std::string_view url, std::string_view master_dir);

// text with the password of every "scheme://user:password@host" in it
// replaced by "****"; anything else unchanged. Every error line passes
// through it, so a URL echoed back (a mistyped option, say) shows no password.
std::string RedactUrl(std::string_view text);

}  // namespace statectl

#endif  // STATECTL_CORE_DB_URL_H_
