// Owning handles for libpq's connection and result objects.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_HANDLE_H_
#define STATECTL_BACKENDS_POSTGRES_PG_HANDLE_H_

#include <memory>

#include "backends/postgres/libpq_api.h"

namespace statectl::pg {

struct FinishConn {
  const Libpq* api;
  void operator()(PGconn* conn) const { api->finish(conn); }
};
struct ClearResult {
  const Libpq* api;
  void operator()(PGresult* res) const { api->clear(res); }
};

using ConnHandle = std::unique_ptr<PGconn, FinishConn>;
using ResultHandle = std::unique_ptr<PGresult, ClearResult>;

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_HANDLE_H_
