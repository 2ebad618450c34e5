// The SQLite driver: Buildbot's default database (sqlite:///state.sqlite).
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_BACKEND_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_BACKEND_H_

#include <memory>
#include <string>

#include "core/backend.h"

namespace statectl::sqlite {

// Opens the database file at path. Never creates it unless
// options.create_if_missing; never changes its journal mode. Waits for locks
// up to options.timeout (SQLite's busy timeout). kDatabase if it cannot open.
Result<std::unique_ptr<Backend>> OpenSqlite(const std::string& path, const OpenOptions& options);

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_BACKEND_H_
