// Host names looked up within --timeout. libpq resolves a host name inside
// PQconnectStartParams and PQconnectPoll with a blocking getaddrinfo that no
// timeout bounds; given the addresses as hostaddr, it looks nothing up.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_HOSTS_H_
#define STATECTL_BACKENDS_POSTGRES_PG_HOSTS_H_

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/host_lookup.h"
#include "core/status.h"

namespace statectl::pg {

// libpq's comma-separated host, hostaddr and port lists.
struct HostList {
  std::string host, hostaddr, port;
};

// The numeric addresses of a host name; empty when it has none (libpq then
// looks it up itself and reports that as it does); kDatabase when the answer
// does not come in time.
using Resolver = std::function<Result<std::vector<std::string>>(const std::string& name)>;

// host and port as libpq would read them (from the URL, else $PGHOST and
// $PGPORT). A single host name becomes one entry per address (libpq tries
// them in turn, as after its own lookup), host and port repeated, the
// addresses in hostaddr. nullopt when there is nothing to look up: no host
// name (a socket directory, a numeric address), a name that has no address
// (libpq looks it up again and reports it as it does), or a list of hosts
// (libpq may connect to the first without looking up the next).
Result<std::optional<HostList>> ResolveHost(std::string_view host, std::string_view port,
                                                 const Resolver& resolve);

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_HOSTS_H_
