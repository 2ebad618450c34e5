// Buildbot's masters and service claims on a SQLite connection.
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_SERVICES_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_SERVICES_H_

#include "backends/sqlite/sqlite_connection.h"
#include "core/backend.h"

namespace statectl::sqlite {

// Valid while its connection is and a transaction is open on it.
class SqliteServices final : public ServiceReader {
 public:
  explicit SqliteServices(Connection& conn) : conn_(conn) {}
  Result<bool> HasServiceTables() override;
  Status ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) override;

 private:
  Connection& conn_;
};

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_SERVICES_H_
