// SHA-1 and SHA-256 from OpenSSL's libcrypto, as lower-case hex.
#ifndef STATECTL_CORE_DIGEST_H_
#define STATECTL_CORE_DIGEST_H_

#include <memory>
#include <string>
#include <string_view>

namespace statectl {

std::string Sha1Hex(std::string_view data);

// Incremental SHA-256, for digesting a dump as it streams.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view data);
  std::string HexDigest();  // finishes the digest; call once

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace statectl

#endif  // STATECTL_CORE_DIGEST_H_
