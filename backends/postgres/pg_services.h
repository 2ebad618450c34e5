// Buildbot's masters and service claims on a PostgreSQL connection.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_SERVICES_H_
#define STATECTL_BACKENDS_POSTGRES_PG_SERVICES_H_

#include "backends/postgres/pg_connection.h"
#include "core/backend.h"

namespace statectl::pg {

// Valid while its connection is and a transaction is open on it.
class PgServices final : public ServiceReader {
 public:
  explicit PgServices(Connection& conn) : conn_(conn) {}
  Result<bool> HasServiceTables() override;
  Status ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) override;

 private:
  Connection& conn_;
};

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_SERVICES_H_
