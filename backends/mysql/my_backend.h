// The MySQL/MariaDB driver: Buildbot's third backend.
#ifndef STATECTL_BACKENDS_MYSQL_MY_BACKEND_H_
#define STATECTL_BACKENDS_MYSQL_MY_BACKEND_H_

#include <memory>
#include <string>

#include "core/backend.h"
#include "core/db_url.h"

namespace statectl::my {

// Connects to the database url names (my_url.h; libmariadb's option files
// and environment fill in the rest) as Buildbot does: connection charset
// utf8 (utf8mb3), the session's default_storage_engine from the URL's
// storage_engine (default MyISAM). Unlike Buildbot, the session is strict
// for every engine (a value a column cannot hold is refused, never
// truncated). The connect and every lock wait are bounded by
// options.timeout. options.create_if_missing does not create databases:
// CREATE DATABASE is the administrator's.
//
// Read transactions are one InnoDB snapshot (REPEATABLE READ, READ ONLY);
// write transactions READ COMMITTED. Where a state table's engine cannot
// roll back (MyISAM), a write transaction says so (CannotRollBack, naming
// the tables and their engines) and each statement is final as it runs;
// core then lets only writes of one value through (core/all_or_nothing.h).
Result<std::unique_ptr<Backend>> OpenMysql(const DbUrl& url, const OpenOptions& options);

// "MySQL/MariaDB through libmariadb.so.3, loaded on first use", for --version.
std::string MysqlBuiltWith();

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_BACKEND_H_
