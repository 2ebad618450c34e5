// postgresql:// URLs as libpq connection keywords.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_URL_H_
#define STATECTL_BACKENDS_POSTGRES_PG_URL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/db_url.h"
#include "core/status.h"

namespace statectl::pg {

// libpq keyword/value pairs, in the order libpq gets them; never joined
// into one string.
using Params = std::vector<std::pair<std::string, std::string>>;

struct PgTarget {
  Params params;         // user, password, host, port, dbname, then the URL's libpq arguments
  std::string endpoint;  // "host:port" as libpq will try it, for messages
};

// The keywords of a postgresql:// URL (also postgres://, any +driver).
// SQLAlchemy's and Buildbot's own query arguments (pool_size, max_idle, ...)
// are dropped: libpq would refuse them. A later host or port (the
// unix-socket form ?host=/run/postgresql) replaces the authority's. libpq's
// environment (PGHOST, ~/.pgpass, ...) fills in what is left out.
PgTarget PgTargetFromUrl(const DbUrl& url);

// The value of key in params, or null.
std::string* FindParam(Params& params, std::string_view key);

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_URL_H_
