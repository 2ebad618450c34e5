#include "backends/postgres/pg_status.h"

#include <string>

#include "core/backend.h"

namespace statectl::pg {

Status PgStatus(std::string_view sqlstate, std::string_view message) {
  std::string msg(message);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (msg.rfind("ERROR:  ", 0) == 0) msg.erase(0, 8);
  if (sqlstate == "23505") return Status::Conflict(msg);
  if (sqlstate == "22001") return Status::InvalidData(msg);
  if (sqlstate == "42P01") {
    return NoStateTablesError(msg);
  }
  if (sqlstate == "55P03" || sqlstate == "57014") {
    return LockedError(msg);
  }
  return Status::Database(msg);
}

}  // namespace statectl::pg
