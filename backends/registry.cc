#include "backends/registry.h"

#include <array>
#include <string>

#include "backends/sqlite/sqlite_backend.h"
#ifdef STATECTL_WITH_POSTGRESQL
#include "backends/postgres/pg_backend.h"
#endif
#ifdef STATECTL_WITH_MYSQL
#include "backends/mysql/my_backend.h"
#endif

namespace statectl {
namespace {

// A driver: the dialects its URLs may name (the first is its own), and the
// function that reads such a URL and opens the database.
struct Driver {
  std::array<std::string_view, 2> dialects;
  Result<std::unique_ptr<Backend>> (*open)(const DbUrl&, const OpenOptions&);
  std::string (*built_with)();  // what --version says of it
};

constexpr Driver kDrivers[] = {
    {{"sqlite", ""}, &sqlite::OpenSqliteUrl, &sqlite::SqliteBuiltWith},
#ifdef STATECTL_WITH_POSTGRESQL
    {{"postgresql", "postgres"}, &pg::OpenPostgres, &pg::PostgresBuiltWith},
#endif
#ifdef STATECTL_WITH_MYSQL
    {{"mysql", ""}, &my::OpenMysql, &my::MysqlBuiltWith},
#endif
};

std::string SupportedList() {
  std::string names;
  for (size_t i = 0; i < std::size(kDrivers); ++i) {
    if (i) names += i + 1 == std::size(kDrivers) ? " and " : ", ";
    names += kDrivers[i].dialects[0];
  }
  return names;
}

}  // namespace

std::string DriversBuiltWith() {
  std::string out;
  for (const Driver& driver : kDrivers) out += (out.empty() ? "" : ", ") + driver.built_with();
  return out;
}

Result<std::unique_ptr<Backend>> OpenBackend(std::string_view text, const OpenOptions& options) {
  auto url = SplitDbUrl(text);
  if (!url) return url.error();
  for (const Driver& driver : kDrivers) {
    for (std::string_view dialect : driver.dialects) {
      if (!dialect.empty() && dialect == url->dialect) return driver.open(*url, options);
    }
  }
  return UrlUsageError(*url, "unsupported database '" + url->dialect + "'; this statectl supports " +
                                 SupportedList());
}

}  // namespace statectl
