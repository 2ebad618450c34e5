#include "backends/mysql/my_status.h"

#include <string>

#include "core/backend.h"

namespace statectl::my {

Status MyStatus(unsigned code, std::string_view message) {
  std::string msg(message);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  switch (code) {
    case kErDupEntry:
      return Status::Conflict(msg);
    case kErDataTooLong:
      return Status::InvalidData(msg + " (longer than Buildbot's column holds)");
    case kErTruncatedWrongValue:
      return Status::InvalidData(msg + " (the table's utf8mb3 holds no character beyond "
                                       "U+FFFF)");
    case kErNoSuchTable:
      return NoStateTablesError(msg);
    case kErLockWaitTimeout:
      return LockedError(msg);
    default:
      return Status::Database(msg + " (MySQL error " + std::to_string(code) + ")");
  }
}

}  // namespace statectl::my
