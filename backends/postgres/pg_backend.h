// The PostgreSQL driver, for multi-master Buildbot installations.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_BACKEND_H_
#define STATECTL_BACKENDS_POSTGRES_PG_BACKEND_H_

#include <memory>

#include "core/backend.h"
#include "core/db_url.h"

namespace statectl::pg {

// Connects with url.params (libpq's environment and ~/.pgpass fill in the
// rest). The attempt and every lock wait are bounded by options.timeout;
// kDatabase naming host and port when the server cannot be reached.
// options.create_if_missing does not create databases: CREATE DATABASE is
// the administrator's.
Result<std::unique_ptr<Backend>> OpenPostgres(const DbUrl& url, const OpenOptions& options);

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_BACKEND_H_
