// mysql:// URLs (also mysql+mysqldb://, mysql+pymysql://) as libmariadb's
// connect arguments, read as Buildbot 3.7 reads them
// (buildbot/db/enginestrategy.py, special_case_mysql).
#ifndef STATECTL_BACKENDS_MYSQL_MY_URL_H_
#define STATECTL_BACKENDS_MYSQL_MY_URL_H_

#include <optional>
#include <string>

#include "core/db_url.h"
#include "core/status.h"

namespace statectl::my {

struct MyTarget {
  // Left out: libmariadb's defaults, its option files (group [client]:
  // /etc/mysql/my.cnf, ~/.my.cnf) and environment (MYSQL_PWD,
  // MYSQL_TCP_PORT, MYSQL_UNIX_PORT) fill them in.
  std::optional<std::string> user, password, host, database, unix_socket;
  unsigned port = 0;
  // Buildbot's storage_engine (default MyISAM): the engine of the tables
  // `init` creates, as Buildbot's `SET default_storage_engine` makes it.
  std::string storage_engine = "MyISAM";
  std::optional<std::string> read_default_file, read_default_group;
  std::string endpoint;  // "host:port" or the socket's path, for messages
};

// The target of url. kUsage, naming the argument, for what Buildbot itself
// refuses (charset other than utf8, use_unicode other than True, a max_idle
// that is not a number) and for an argument neither Buildbot nor MySQLdb
// takes. max_idle is Buildbot's pool setting: accepted and dropped.
Result<MyTarget> MyTargetFromUrl(const DbUrl& url);

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_URL_H_
