// The drivers by URL dialect: the only place that knows them all.
#ifndef STATECTL_BACKENDS_REGISTRY_H_
#define STATECTL_BACKENDS_REGISTRY_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/backend.h"
#include "core/db_url.h"

namespace statectl {

// Opens the database url names (core/db_url.h splits it, the driver of its
// dialect reads the parts and connects). kUsage for a malformed URL or a
// database this build does not support, naming those it does.
Result<std::unique_ptr<Backend>> OpenBackend(std::string_view url, const OpenOptions& options);

// What each driver of this build is built with: "SQLite 3.40.1, PostgreSQL
// through libpq.so.5, loaded on first use" (--version prints it).
std::string DriversBuiltWith();

}  // namespace statectl

#endif  // STATECTL_BACKENDS_REGISTRY_H_
