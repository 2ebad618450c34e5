// MySQL's and MariaDB's error codes as statectl's Status.
#ifndef STATECTL_BACKENDS_MYSQL_MY_STATUS_H_
#define STATECTL_BACKENDS_MYSQL_MY_STATUS_H_

#include <string_view>

#include "core/status.h"

namespace statectl::my {

// The server's error number (ER_*) or the client library's (CR_*), with its
// message: a duplicate key is kConflict, a value or name the column refuses
// (too long, a character utf8mb3 cannot hold) kInvalidData, a missing table
// NoStateTablesError, a lock wait past the timeout LockedError, the rest
// kDatabase.
Status MyStatus(unsigned code, std::string_view message);

// Server error numbers the driver looks at.
inline constexpr unsigned kErDupEntry = 1062;
inline constexpr unsigned kErNoSuchTable = 1146;
inline constexpr unsigned kErLockWaitTimeout = 1205;
inline constexpr unsigned kErDeadlock = 1213;
inline constexpr unsigned kErTruncatedWrongValue = 1366;
inline constexpr unsigned kErDataTooLong = 1406;

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_STATUS_H_
