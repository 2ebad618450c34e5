// Host names looked up within --timeout: the database client libraries
// (libpq, libmariadb) resolve a host name with a blocking getaddrinfo that
// no timeout bounds, so the drivers look it up first and give the library
// the addresses.
#ifndef STATECTL_BACKENDS_HOST_LOOKUP_H_
#define STATECTL_BACKENDS_HOST_LOOKUP_H_

#include <chrono>
#include <string>
#include <vector>

#include "core/status.h"

namespace statectl {

// The numeric addresses of name, looked up with getaddrinfo as the client
// libraries do (any family, stream sockets), each once, in getaddrinfo's
// order; empty when it has none. kDatabase at deadline: the lookup goes on
// in the background then. Any thread.
Result<std::vector<std::string>> LookUpHost(const std::string& name,
                                            std::chrono::steady_clock::time_point deadline);

// Whether host is a name to look up: not empty, not a path, not a numeric
// IPv4 or IPv6 address.
bool IsHostName(const std::string& host);

}  // namespace statectl

#endif  // STATECTL_BACKENDS_HOST_LOOKUP_H_
