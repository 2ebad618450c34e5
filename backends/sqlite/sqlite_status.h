// The one place SQLite result codes become statectl Status values.
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_STATUS_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_STATUS_H_

#include <sqlite3.h>

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.h"

namespace statectl::sqlite {

// SQLITE_CONSTRAINT_UNIQUE -> kConflict (the expected lost race); a missing
// Buildbot table -> kDatabase with a hint to run init; a busy database ->
// kDatabase naming the timeout; everything else -> kDatabase with SQLite's
// message, and for a database SQLite could not open or write, why
// (WhyNotWritable). db may be null (open failed before a handle existed).
Status SqliteStatus(sqlite3* db, int rc, std::chrono::milliseconds timeout);

// Why this process cannot write the database file at path: its file system
// is mounted read-only, its directory (where SQLite makes the journal, the
// WAL and its index) or the file itself is not writable by this user; empty
// when none of these holds.
std::string WhyNotWritable(const std::string& path);

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_STATUS_H_
