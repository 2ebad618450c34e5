// LD_PRELOAD'ed by the e2e tests: a DNS that never answers for names ending
// in ".slow" (getaddrinfo sleeps 60 s, then fails), and the real one for
// every other name. statectl must give up on such a name within --timeout.
#include <dlfcn.h>
#include <netdb.h>
#include <unistd.h>

#include <cstring>

extern "C" int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                           struct addrinfo** res) {
  using Real = int (*)(const char*, const char*, const struct addrinfo*, struct addrinfo**);
  static Real real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "getaddrinfo"));
  size_t n = node ? std::strlen(node) : 0;
  if (n > 5 && std::strcmp(node + n - 5, ".slow") == 0) {
    sleep(60);
    return EAI_AGAIN;
  }
  return real(node, service, hints, res);
}
