// The SQLite driver: Buildbot's default database (sqlite:///state.sqlite).
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_BACKEND_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_BACKEND_H_

#include <memory>
#include <string>

#include "core/backend.h"
#include "core/db_url.h"

namespace statectl::sqlite {

// Opens the database file at path. Never creates it unless
// options.create_if_missing; never changes an existing file's journal mode
// (a new one gets WAL, as Buildbot's do). Waits for locks up to
// options.timeout (SQLite's busy timeout). kDatabase if it cannot open.
// Read transactions are a plain BEGIN (a snapshot from their first read),
// write transactions BEGIN IMMEDIATE (the write lock from the start).
Result<std::unique_ptr<Backend>> OpenSqlite(const std::string& path, const OpenOptions& options);

// OpenSqlite on the file url names (sqlite_url.h), resolved against
// options.master_dir.
Result<std::unique_ptr<Backend>> OpenSqliteUrl(const DbUrl& url, const OpenOptions& options);

// "SQLite 3.40.1": the SQLite this build was compiled with, for --version.
std::string SqliteBuiltWith();

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_BACKEND_H_
