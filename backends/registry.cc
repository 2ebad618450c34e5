#include "backends/registry.h"

#include <array>
#include <string_view>

#include "backends/sqlite/sqlite_backend.h"
#ifdef STATECTL_WITH_POSTGRESQL
#include "backends/postgres/pg_backend.h"
#endif

namespace statectl {
namespace {

using Factory = Result<std::unique_ptr<Backend>> (*)(const DbUrl&, const OpenOptions&);

Result<std::unique_ptr<Backend>> OpenSqliteUrl(const DbUrl& url, const OpenOptions& options) {
  return sqlite::OpenSqlite(url.path, options);
}

struct Driver {
  std::string_view dialect;
  Factory open;
};

#ifdef STATECTL_WITH_POSTGRESQL
constexpr std::array<Driver, 2> kDrivers = {{{"sqlite", &OpenSqliteUrl},
                                             {"postgresql", &pg::OpenPostgres}}};
#else
constexpr std::array<Driver, 1> kDrivers = {{{"sqlite", &OpenSqliteUrl}}};
#endif

}  // namespace

Result<std::unique_ptr<Backend>> OpenBackend(const DbUrl& url, const OpenOptions& options) {
  for (const Driver& driver : kDrivers) {
    if (driver.dialect == url.dialect) return driver.open(url, options);
  }
  return Status::Usage("database URL " + url.display + ": this statectl was built without " +
                       url.dialect + " support");
}

}  // namespace statectl
