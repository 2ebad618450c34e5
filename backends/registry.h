// Picks the driver for a database URL. The only place that knows them all.
#ifndef STATECTL_BACKENDS_REGISTRY_H_
#define STATECTL_BACKENDS_REGISTRY_H_

#include <memory>

#include "core/backend.h"
#include "core/db_url.h"

namespace statectl {

Result<std::unique_ptr<Backend>> OpenBackend(const DbUrl& url, const OpenOptions& options);

}  // namespace statectl

#endif  // STATECTL_BACKENDS_REGISTRY_H_
