// libmariadb, loaded on first use of a mysql:// URL.
//
// Linking libmariadb.so.3 maps libssl, libcrypto and libz into every statectl
// process: measured on the development VM, an empty program linked with it
// starts in 2.5 ms against 1.6 ms, about half of a SQLite `get`. Loaded with
// dlopen only when needed (as libpq is), MySQL users pay what the mariadb
// client pays and the others nothing. Types and signatures come from
// mysql.h itself, so a mismatch is a compile error.
#ifndef STATECTL_BACKENDS_MYSQL_MARIADB_API_H_
#define STATECTL_BACKENDS_MYSQL_MARIADB_API_H_

#include <mysql.h>

#include "core/status.h"

namespace statectl::my {

struct Mariadb {
  decltype(&::mysql_init) init;
  decltype(&::mysql_options) options;
  decltype(&::mysql_real_connect) real_connect;
  decltype(&::mysql_close) close;
  decltype(&::mysql_error) error;
  decltype(&::mysql_errno) errnum;
  decltype(&::mysql_set_character_set) set_character_set;
  decltype(&::mysql_real_query) real_query;
  decltype(&::mysql_store_result) store_result;
  decltype(&::mysql_fetch_row) fetch_row;
  decltype(&::mysql_fetch_lengths) fetch_lengths;
  decltype(&::mysql_num_fields) num_fields;
  decltype(&::mysql_free_result) free_result;
  decltype(&::mysql_next_result) next_result;
  decltype(&::mysql_get_host_info) get_host_info;
  decltype(&::mysql_get_client_info) get_client_info;
  decltype(&::mysql_thread_id) thread_id;
  decltype(&::mysql_get_socket) get_socket;
  decltype(&::mysql_stmt_init) stmt_init;
  decltype(&::mysql_stmt_prepare) stmt_prepare;
  decltype(&::mysql_stmt_bind_param) stmt_bind_param;
  decltype(&::mysql_stmt_bind_result) stmt_bind_result;
  decltype(&::mysql_stmt_execute) stmt_execute;
  decltype(&::mysql_stmt_fetch) stmt_fetch;
  decltype(&::mysql_stmt_fetch_column) stmt_fetch_column;
  decltype(&::mysql_stmt_free_result) stmt_free_result;
  decltype(&::mysql_stmt_close) stmt_close;
  decltype(&::mysql_stmt_error) stmt_error;
  decltype(&::mysql_stmt_errno) stmt_errno;
  decltype(&::mysql_stmt_affected_rows) stmt_affected_rows;
  decltype(&::mysql_stmt_insert_id) stmt_insert_id;
  decltype(&::mysql_stmt_param_count) stmt_param_count;
  decltype(&::mysql_stmt_field_count) stmt_field_count;
  decltype(&::mysql_stmt_attr_set) stmt_attr_set;
};

// The loaded library (loaded once, kept for the process's life), or kDatabase
// naming what is missing. Any thread.
Result<const Mariadb*> LoadMariadb();

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MARIADB_API_H_
