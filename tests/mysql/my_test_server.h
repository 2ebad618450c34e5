// The test server from scripts/mariadb-sandbox.sh: fresh databases on demand.
#ifndef STATECTL_TESTS_MYSQL_MY_TEST_SERVER_H_
#define STATECTL_TESTS_MYSQL_MY_TEST_SERVER_H_

#include <chrono>
#include <memory>
#include <string>

#include "core/backend.h"

namespace statectl::testing {

// True if STATECTL_TEST_MYSQL_SOCKET names a server.
bool HaveMysqlServer();

// Runs one statement as root (over the socket) on database dbname.
void MysqlAdmin(const std::string& sql, const std::string& dbname = "mysql");

// A new database, dropped when this is destroyed. With a schema, its
// tables as `statectl init` makes them with storage_engine=engine.
class MysqlTestDatabase {
 public:
  explicit MysqlTestDatabase(bool with_schema = true, const std::string& engine = "InnoDB");
  ~MysqlTestDatabase();
  MysqlTestDatabase(const MysqlTestDatabase&) = delete;
  MysqlTestDatabase& operator=(const MysqlTestDatabase&) = delete;

  // mysql://root@localhost/NAME?unix_socket=...&storage_engine=ENGINE
  std::string Url() const;
  const std::string& name() const { return name_; }
  std::unique_ptr<Backend> Connect(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::string name_, engine_;
};

}  // namespace statectl::testing

#endif  // STATECTL_TESTS_MYSQL_MY_TEST_SERVER_H_
