// The PostgreSQL driver, for multi-master Buildbot installations.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_BACKEND_H_
#define STATECTL_BACKENDS_POSTGRES_PG_BACKEND_H_

#include <memory>

#include "core/backend.h"
#include "core/db_url.h"

namespace statectl::pg {

// Connects to the database url names (pg_url.h; libpq's environment and
// ~/.pgpass fill in the rest). The attempt, host name lookups included, and
// every lock wait are bounded by options.timeout; kDatabase naming host and
// port when the server cannot be reached, kUsage for an option libpq does
// not know. options.create_if_missing does not create databases: CREATE
// DATABASE is the administrator's. Read transactions are REPEATABLE READ
// (one snapshot), write transactions READ COMMITTED (a lost insert race
// then sees the winner).
Result<std::unique_ptr<Backend>> OpenPostgres(const DbUrl& url, const OpenOptions& options);

// "PostgreSQL through libpq.so.5, loaded on first use", for --version.
std::string PostgresBuiltWith();

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_BACKEND_H_
