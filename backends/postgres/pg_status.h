// The one place PostgreSQL errors become statectl Status values.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_STATUS_H_
#define STATECTL_BACKENDS_POSTGRES_PG_STATUS_H_

#include <string_view>

#include "core/status.h"

namespace statectl::pg {

// By SQLSTATE: 23505 unique_violation -> kConflict (the expected lost race);
// 22001 value too long for its column -> kInvalidData; 42P01 undefined_table
// -> kDatabase with a hint to run init; 55P03/57014 (lock or statement
// timeout) -> kDatabase naming --timeout; 08xxx and everything else ->
// kDatabase with the server's message.
Status PgStatus(std::string_view sqlstate, std::string_view message);

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_STATUS_H_
