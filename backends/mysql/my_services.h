// Buildbot's masters and service claims on a MySQL/MariaDB connection.
#ifndef STATECTL_BACKENDS_MYSQL_MY_SERVICES_H_
#define STATECTL_BACKENDS_MYSQL_MY_SERVICES_H_

#include "backends/mysql/my_connection.h"
#include "core/backend.h"

namespace statectl::my {

// Valid while its connection is and a transaction is open on it.
class MyServices final : public ServiceReader {
 public:
  explicit MyServices(Connection& conn) : conn_(conn) {}
  Result<bool> HasServiceTables() override;
  Status ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) override;

 private:
  Connection& conn_;
};

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_SERVICES_H_
