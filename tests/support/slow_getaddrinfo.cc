// LD_PRELOAD'ed by the e2e tests: a DNS that never answers for names ending
// in ".slow" (getaddrinfo sleeps 60 s, then fails), gives names ending in
// ".loopback" two addresses, ::1 and then 127.0.0.1 (a client must try the
// next when the first refuses: the test servers listen on 127.0.0.1 only),
// and the real one for every other name. statectl must give up on a slow
// name within --timeout.
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
  if (n > 9 && std::strcmp(node + n - 9, ".loopback") == 0) {
    addrinfo numeric = hints ? *hints : addrinfo{};
    numeric.ai_flags |= AI_NUMERICHOST;
    addrinfo *v6 = nullptr, *v4 = nullptr;
    int rc = real("::1", service, &numeric, &v6);
    if (rc != 0) return rc;
    rc = real("127.0.0.1", service, &numeric, &v4);
    if (rc != 0) return rc;
    addrinfo* last = v6;
    while (last->ai_next) last = last->ai_next;
    last->ai_next = v4;  // glibc's freeaddrinfo frees node by node
    *res = v6;
    return 0;
  }
  return real(node, service, hints, res);
}
