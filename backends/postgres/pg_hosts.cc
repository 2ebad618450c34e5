#include "backends/postgres/pg_hosts.h"

namespace statectl::pg {
namespace {

std::vector<std::string> SplitCommas(std::string_view list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = list.find(',', start);
    items.emplace_back(list.substr(start, comma - start));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

std::string JoinCommas(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += items[i];
  }
  return out;
}

}  // namespace

Result<std::optional<HostList>> ResolveHost(std::string_view host, std::string_view port,
                                                 const Resolver& resolve) {
  std::vector<std::string> hosts = SplitCommas(host);
  std::vector<std::string> ports = port.empty() ? std::vector<std::string>() : SplitCommas(port);
  // A list of hosts stays libpq's: it may connect to the first without ever
  // looking up the next, and a lookup here cannot know whether it will.
  if (hosts.size() != 1 || !IsHostName(hosts[0]) || ports.size() > 1) {
    return std::optional<HostList>();
  }
  auto addresses = resolve(hosts[0]);
  if (!addresses) return addresses.error();
  if (addresses->empty()) return std::optional<HostList>();
  std::vector<std::string> repeat_host(addresses->size(), hosts[0]);
  HostList out;
  out.host = JoinCommas(repeat_host);
  out.hostaddr = JoinCommas(*addresses);
  if (!ports.empty()) out.port = JoinCommas(std::vector<std::string>(addresses->size(), ports[0]));
  return std::optional<HostList>(std::move(out));
}


}  // namespace statectl::pg
