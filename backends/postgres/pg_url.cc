#include "backends/postgres/pg_url.h"

#include <algorithm>
#include <array>

namespace statectl::pg {
namespace {

// SQLAlchemy's and Buildbot's own query arguments; libpq would refuse them.
constexpr std::array<std::string_view, 13> kSqlAlchemyOnlyArgs = {
    "pool_size", "max_overflow", "pool_recycle", "pool_timeout", "pool_pre_ping",
    "pool_use_lifo", "max_idle", "serialize_access", "echo", "echo_pool",
    "isolation_level", "executemany_mode", "use_native_unicode"};

bool IsSqlAlchemyOnly(std::string_view name) {
  return std::find(kSqlAlchemyOnlyArgs.begin(), kSqlAlchemyOnlyArgs.end(), name) !=
         kSqlAlchemyOnlyArgs.end();
}

}  // namespace

std::string* FindParam(Params& params, std::string_view key) {
  for (auto& p : params) {
    if (p.first == key) return &p.second;
  }
  return nullptr;
}

PgTarget PgTargetFromUrl(const DbUrl& url) {
  PgTarget target;
  Params& params = target.params;
  if (url.user) params.emplace_back("user", *url.user);
  if (url.password) params.emplace_back("password", *url.password);
  if (!url.host.empty()) params.emplace_back("host", url.host);
  if (!url.port.empty()) params.emplace_back("port", url.port);
  if (!url.database.empty()) params.emplace_back("dbname", url.database);
  for (const QueryArg& arg : url.query) {
    if (IsSqlAlchemyOnly(arg.name)) continue;
    std::erase_if(params, [&](const auto& p) { return p.first == arg.name; });
    params.emplace_back(arg.name, arg.value);
  }
  std::string* host = FindParam(params, "host");
  std::string* port = FindParam(params, "port");
  target.endpoint = (host ? *host : std::string("the default host")) + ":" +
                    (port ? *port : std::string("5432"));
  return target;
}

}  // namespace statectl::pg
