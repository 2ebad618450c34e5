// sqlite:// URLs as Buildbot resolves them against its base directory.
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_URL_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_URL_H_

#include <string>
#include <string_view>

#include "core/db_url.h"
#include "core/status.h"

namespace statectl::sqlite {

// The database file url names: sqlite:///rel (relative to master_dir, else
// the current directory), sqlite:////abs; "%(basedir)s" in the path becomes
// master_dir made absolute, as Buildbot's basedir is. The query arguments
// SQLAlchemy's pysqlite takes for connection tuning are ignored. kUsage for
// an in-memory database (it holds no state), a host, or another argument.
Result<std::string> SqlitePathFromUrl(const DbUrl& url, std::string_view master_dir);

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_URL_H_
