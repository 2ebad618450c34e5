#include "core/digest.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace statectl {
namespace {

std::string ToHex(const unsigned char* bytes, unsigned int len) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string Sha1Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), md, &len, EVP_sha1(), nullptr)) {
    throw std::runtime_error("libcrypto: SHA-1 failed");
  }
  return ToHex(md, len);
}

struct Sha256::Ctx {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  if (!ctx_->md || !EVP_DigestInit_ex(ctx_->md.get(), EVP_sha256(), nullptr)) {
    throw std::runtime_error("libcrypto: SHA-256 init failed");
  }
}

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view data) {
  if (!EVP_DigestUpdate(ctx_->md.get(), data.data(), data.size())) {
    throw std::runtime_error("libcrypto: SHA-256 update failed");
  }
}

std::string Sha256::HexDigest() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_DigestFinal_ex(ctx_->md.get(), md, &len)) {
    throw std::runtime_error("libcrypto: SHA-256 final failed");
  }
  return ToHex(md, len);
}

}  // namespace statectl
