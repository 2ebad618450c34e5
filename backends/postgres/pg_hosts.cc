#include "backends/postgres/pg_hosts.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

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

// What libpq looks up: not empty (the default socket), not a socket
// directory, not a numeric address.
bool IsHostName(const std::string& host) {
  if (host.empty() || host[0] == '/' || host[0] == '@') return false;
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) != 1 && inet_pton(AF_INET6, host.c_str(), buf) != 1;
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

Result<std::vector<std::string>> LookUpHost(const std::string& name,
                                            std::chrono::steady_clock::time_point deadline) {
  // Shared with the looking-up thread, which may outlive this call.
  struct Lookup {
    std::mutex mu;
    std::condition_variable done_cv;
    bool done = false;
    std::vector<std::string> addresses;
  };
  auto lookup = std::make_shared<Lookup>();
  std::thread([lookup, name] {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::vector<std::string> addresses;
    if (getaddrinfo(name.c_str(), nullptr, &hints, &found) == 0) {
      for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        char text[NI_MAXHOST];
        if (getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0,
                        NI_NUMERICHOST) != 0) {
          continue;
        }
        if (std::find(addresses.begin(), addresses.end(), text) == addresses.end()) {
          addresses.emplace_back(text);
        }
      }
      freeaddrinfo(found);
    }
    std::lock_guard<std::mutex> lock(lookup->mu);
    lookup->addresses = std::move(addresses);
    lookup->done = true;
    lookup->done_cv.notify_all();
  }).detach();
  std::unique_lock<std::mutex> lock(lookup->mu);
  if (!lookup->done_cv.wait_until(lock, deadline, [&] { return lookup->done; })) {
    return Status::Database("cannot look up host name '" + name + "'");
  }
  return std::move(lookup->addresses);
}

}  // namespace statectl::pg
