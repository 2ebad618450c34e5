#include "backends/host_lookup.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace statectl {

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

bool IsHostName(const std::string& host) {
  if (host.empty() || host[0] == '/' || host[0] == '@') return false;
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) != 1 && inet_pton(AF_INET6, host.c_str(), buf) != 1;
}

}  // namespace statectl
