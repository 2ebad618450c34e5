// The test server from scripts/pg-sandbox.sh: fresh databases on demand.
#ifndef STATECTL_TESTS_POSTGRES_PG_TEST_SERVER_H_
#define STATECTL_TESTS_POSTGRES_PG_TEST_SERVER_H_

#include <memory>
#include <string>

#include "core/backend.h"

namespace statectl::testing {

// True if STATECTL_TEST_PG_HOST/_PORT name a server.
bool HavePgServer();

// Runs one statement as the superuser on the maintenance database.
void PgAdmin(const std::string& sql, const std::string& dbname = "postgres");

// A new database, dropped (with its connections) when this is destroyed.
class PgTestDatabase {
 public:
  explicit PgTestDatabase(bool with_schema = true);
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  std::string Url() const;  // postgresql://postgres@/NAME?host=...&port=...
  const std::string& name() const { return name_; }
  std::unique_ptr<Backend> Connect(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::string name_;
};

}  // namespace statectl::testing

#endif  // STATECTL_TESTS_POSTGRES_PG_TEST_SERVER_H_
