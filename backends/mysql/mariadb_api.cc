#include "backends/mysql/mariadb_api.h"

#include <dlfcn.h>

#include <string>

namespace statectl::my {
namespace {

template <class Fn>
void Bind(void* lib, const char* name, Fn& fn, std::string& missing) {
  fn = reinterpret_cast<Fn>(dlsym(lib, name));
  if (!fn && missing.empty()) missing = name;
}

Result<const Mariadb*> Load() {
  void* lib = dlopen("libmariadb.so.3", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    return Status::Database(std::string("MySQL needs libmariadb (Debian: libmariadb3): ") +
                            dlerror());
  }
  static Mariadb api;
  std::string missing;
  Bind(lib, "mysql_init", api.init, missing);
  Bind(lib, "mysql_options", api.options, missing);
  Bind(lib, "mysql_real_connect", api.real_connect, missing);
  Bind(lib, "mysql_close", api.close, missing);
  Bind(lib, "mysql_error", api.error, missing);
  Bind(lib, "mysql_errno", api.errnum, missing);
  Bind(lib, "mysql_set_character_set", api.set_character_set, missing);
  Bind(lib, "mysql_real_query", api.real_query, missing);
  Bind(lib, "mysql_store_result", api.store_result, missing);
  Bind(lib, "mysql_fetch_row", api.fetch_row, missing);
  Bind(lib, "mysql_fetch_lengths", api.fetch_lengths, missing);
  Bind(lib, "mysql_num_fields", api.num_fields, missing);
  Bind(lib, "mysql_free_result", api.free_result, missing);
  Bind(lib, "mysql_next_result", api.next_result, missing);
  Bind(lib, "mysql_get_host_info", api.get_host_info, missing);
  Bind(lib, "mysql_get_client_info", api.get_client_info, missing);
  Bind(lib, "mysql_thread_id", api.thread_id, missing);
  Bind(lib, "mysql_get_socket", api.get_socket, missing);
  Bind(lib, "mysql_stmt_init", api.stmt_init, missing);
  Bind(lib, "mysql_stmt_prepare", api.stmt_prepare, missing);
  Bind(lib, "mysql_stmt_bind_param", api.stmt_bind_param, missing);
  Bind(lib, "mysql_stmt_bind_result", api.stmt_bind_result, missing);
  Bind(lib, "mysql_stmt_execute", api.stmt_execute, missing);
  Bind(lib, "mysql_stmt_fetch", api.stmt_fetch, missing);
  Bind(lib, "mysql_stmt_fetch_column", api.stmt_fetch_column, missing);
  Bind(lib, "mysql_stmt_free_result", api.stmt_free_result, missing);
  Bind(lib, "mysql_stmt_close", api.stmt_close, missing);
  Bind(lib, "mysql_stmt_error", api.stmt_error, missing);
  Bind(lib, "mysql_stmt_errno", api.stmt_errno, missing);
  Bind(lib, "mysql_stmt_affected_rows", api.stmt_affected_rows, missing);
  Bind(lib, "mysql_stmt_insert_id", api.stmt_insert_id, missing);
  Bind(lib, "mysql_stmt_param_count", api.stmt_param_count, missing);
  Bind(lib, "mysql_stmt_field_count", api.stmt_field_count, missing);
  Bind(lib, "mysql_stmt_attr_set", api.stmt_attr_set, missing);
  if (!missing.empty()) return Status::Database("libmariadb.so.3 lacks " + missing);
  return &api;
}

}  // namespace

Result<const Mariadb*> LoadMariadb() {
  static const Result<const Mariadb*> loaded = Load();
  return loaded;
}

}  // namespace statectl::my
