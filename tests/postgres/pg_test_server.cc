#include "tests/postgres/pg_test_server.h"

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "backends/postgres/pg_backend.h"
#include "core/db_url.h"

namespace statectl::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

bool HavePgServer() { return !Env("STATECTL_TEST_PG_HOST").empty(); }

void PgAdmin(const std::string& sql, const std::string& dbname) {
  const char* keys[] = {"host", "port", "user", "dbname", nullptr};
  std::string host = Env("STATECTL_TEST_PG_HOST"), port = Env("STATECTL_TEST_PG_PORT");
  const char* values[] = {host.c_str(), port.c_str(), "postgres", dbname.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 0);
  REQUIRE_MESSAGE(PQstatus(conn) == CONNECTION_OK, PQerrorMessage(conn));
  PGresult* res = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(res);
  std::string err = PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  REQUIRE_MESSAGE((st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK), sql << ": " << err);
}

PgTestDatabase::PgTestDatabase(bool with_schema) {
  static std::atomic<int> counter{0};
  name_ = "statectl_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  PgAdmin("CREATE DATABASE " + name_);
  if (with_schema) {
    auto db = Connect();
    auto txn = db->BeginWrite();
    REQUIRE(txn.has_value());
    REQUIRE((*txn)->schema().CreateSchema().ok());
    REQUIRE((*txn)->Commit().ok());
  }
}

PgTestDatabase::~PgTestDatabase() { PgAdmin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }

std::string PgTestDatabase::Url() const {
  return "postgresql://postgres@/" + name_ + "?host=" + Env("STATECTL_TEST_PG_HOST") +
         "&port=" + Env("STATECTL_TEST_PG_PORT");
}

std::unique_ptr<Backend> PgTestDatabase::Connect(std::chrono::milliseconds timeout) {
  auto url = SplitDbUrl(Url());
  REQUIRE_MESSAGE(url.has_value(), url.error().message());
  OpenOptions options;
  options.timeout = timeout;
  auto db = pg::OpenPostgres(*url, options);
  REQUIRE_MESSAGE(db.has_value(), db.error().message());
  return std::move(*db);
}

}  // namespace statectl::testing
