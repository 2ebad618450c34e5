#include "tests/mysql/my_test_server.h"

#include <doctest/doctest.h>
#include <mysql.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "backends/mysql/my_backend.h"
#include "core/db_url.h"

namespace statectl::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

bool HaveMysqlServer() { return !Env("STATECTL_TEST_MYSQL_SOCKET").empty(); }

void MysqlAdmin(const std::string& sql, const std::string& dbname) {
  MYSQL* conn = mysql_init(nullptr);
  REQUIRE(conn != nullptr);
  std::string socket = Env("STATECTL_TEST_MYSQL_SOCKET");
  bool connected = mysql_real_connect(conn, "localhost", "root", nullptr, dbname.c_str(), 0,
                                      socket.c_str(), 0) != nullptr;
  std::string err = connected ? "" : mysql_error(conn);
  bool ran = connected && mysql_real_query(conn, sql.data(), sql.size()) == 0;
  if (connected && !ran) err = mysql_error(conn);
  if (ran) {
    if (MYSQL_RES* res = mysql_store_result(conn)) mysql_free_result(res);
  }
  mysql_close(conn);
  REQUIRE_MESSAGE(ran, sql << ": " << err);
}

MysqlTestDatabase::MysqlTestDatabase(bool with_schema, const std::string& engine) : engine_(engine) {
  static std::atomic<int> counter{0};
  name_ = "statectl_t" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  MysqlAdmin("CREATE DATABASE " + name_);
  if (with_schema) {
    auto db = Connect();
    auto txn = db->BeginWrite();
    REQUIRE_MESSAGE(txn.has_value(), txn.error().message());
    REQUIRE((*txn)->schema().CreateSchema().ok());
    REQUIRE((*txn)->Commit().ok());
  }
}

MysqlTestDatabase::~MysqlTestDatabase() { MysqlAdmin("DROP DATABASE IF EXISTS " + name_); }

std::string MysqlTestDatabase::Url() const {
  return "mysql://root@localhost/" + name_ + "?unix_socket=" + Env("STATECTL_TEST_MYSQL_SOCKET") +
         "&storage_engine=" + engine_;
}

std::unique_ptr<Backend> MysqlTestDatabase::Connect(std::chrono::milliseconds timeout) {
  auto url = SplitDbUrl(Url());
  REQUIRE_MESSAGE(url.has_value(), url.error().message());
  OpenOptions options;
  options.timeout = timeout;
  auto db = my::OpenMysql(*url, options);
  REQUIRE_MESSAGE(db.has_value(), db.error().message());
  return std::move(*db);
}

}  // namespace statectl::testing
