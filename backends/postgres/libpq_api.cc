#include "backends/postgres/libpq_api.h"

#include <dlfcn.h>

#include <string>

namespace statectl::pg {
namespace {

template <class Fn>
bool Bind(void* lib, const char* name, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(lib, name));
  if (!fn && missing.empty()) missing = name;
  return fn != nullptr;
}

Result<const Libpq*> Load() {
  void* lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    return Status::Database(std::string("PostgreSQL needs libpq (Debian: libpq5): ") + dlerror());
  }
  static Libpq api;
  std::string missing;
  Bind(lib, "PQconnectStartParams", api.connectStartParams, missing);
  Bind(lib, "PQconnectPoll", api.connectPoll, missing);
  Bind(lib, "PQstatus", api.status, missing);
  Bind(lib, "PQsocket", api.socket, missing);
  Bind(lib, "PQerrorMessage", api.errorMessage, missing);
  Bind(lib, "PQfinish", api.finish, missing);
  Bind(lib, "PQhost", api.host, missing);
  Bind(lib, "PQport", api.port, missing);
  Bind(lib, "PQsetNoticeProcessor", api.setNoticeProcessor, missing);
  Bind(lib, "PQexecParams", api.execParams, missing);
  Bind(lib, "PQresultStatus", api.resultStatus, missing);
  Bind(lib, "PQresultErrorField", api.resultErrorField, missing);
  Bind(lib, "PQresultErrorMessage", api.resultErrorMessage, missing);
  Bind(lib, "PQclear", api.clear, missing);
  Bind(lib, "PQntuples", api.ntuples, missing);
  Bind(lib, "PQgetvalue", api.getvalue, missing);
  Bind(lib, "PQgetlength", api.getlength, missing);
  Bind(lib, "PQgetisnull", api.getisnull, missing);
  Bind(lib, "PQcmdTuples", api.cmdTuples, missing);
  Bind(lib, "PQputCopyData", api.putCopyData, missing);
  Bind(lib, "PQputCopyEnd", api.putCopyEnd, missing);
  Bind(lib, "PQgetResult", api.getResult, missing);
  Bind(lib, "PQsendQuery", api.sendQuery, missing);
  Bind(lib, "PQgetCopyData", api.getCopyData, missing);
  Bind(lib, "PQfreemem", api.freemem, missing);
  Bind(lib, "PQsendQueryParams", api.sendQueryParams, missing);
  Bind(lib, "PQisBusy", api.isBusy, missing);
  Bind(lib, "PQconsumeInput", api.consumeInput, missing);
  Bind(lib, "PQsetnonblocking", api.setnonblocking, missing);
  Bind(lib, "PQflush", api.flush, missing);
  Bind(lib, "PQbackendPID", api.backendPID, missing);
  if (!missing.empty()) return Status::Database("libpq.so.5 lacks " + missing);
  return &api;
}

}  // namespace

Result<const Libpq*> LoadLibpq() {
  static const Result<const Libpq*> loaded = Load();
  return loaded;
}

}  // namespace statectl::pg
