#include "backends/mysql/my_url.h"

#include <charconv>

namespace statectl::my {
namespace {

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Result<MyTarget> MyTargetFromUrl(const DbUrl& url) {
  MyTarget target;
  target.user = url.user;
  target.password = url.password;
  if (!url.host.empty()) target.host = url.host;
  if (!url.database.empty()) target.database = url.database;
  if (!url.port.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
    if (ec != std::errc() || end != url.port.data() + url.port.size() || port > 65535) {
      return UrlUsageError(url, "port '" + url.port + "' is not a TCP port");
    }
    target.port = port;
  }
  for (const QueryArg& arg : url.query) {
    if (arg.name == "max_idle") {
      if (!AllDigits(arg.value)) {
        return UrlUsageError(url, "max_idle must be a number of seconds, not '" + arg.value + "'");
      }
    } else if (arg.name == "storage_engine") {
      target.storage_engine = arg.value;
    } else if (arg.name == "charset") {
      if (arg.value != "utf8") {
        return UrlUsageError(url, "Buildbot requires charset=utf8 (and adds it automatically)");
      }
    } else if (arg.name == "use_unicode") {
      if (arg.value != "True") {
        return UrlUsageError(url, "Buildbot requires use_unicode=True (and adds it automatically)");
      }
    } else if (arg.name == "unix_socket") {
      target.unix_socket = arg.value;
    } else if (arg.name == "read_default_file") {
      target.read_default_file = arg.value;
    } else if (arg.name == "read_default_group") {
      target.read_default_group = arg.value;
    } else {
      return UrlUsageError(url, "unknown argument '" + arg.name +
                                    "' (a mysql URL takes unix_socket, read_default_file, "
                                    "read_default_group, charset, use_unicode, max_idle, "
                                    "storage_engine)");
    }
  }
  if (target.unix_socket) {
    target.endpoint = *target.unix_socket;
  } else {
    target.endpoint = target.host.value_or("localhost") + ":" +
                      (target.port ? std::to_string(target.port) : std::string("3306"));
  }
  return target;
}

}  // namespace statectl::my
