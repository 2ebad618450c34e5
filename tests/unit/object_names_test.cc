#include "core/object_names.h"

#include <doctest/doctest.h>

#include "core/digest.h"

namespace statectl {
namespace {

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("names up to the column length are kept") {
  CHECK(*EnsureLength(Repeat("a", 128), 128) == Repeat("a", 128));
  CHECK(*EnsureLength("", 128) == "");
  // 128 two-byte characters are 256 bytes, but Buildbot counts characters.
  CHECK(*EnsureLength(Repeat("\xC3\xA9", 128), 128) == Repeat("\xC3\xA9", 128));
}

TEST_CASE("longer names become half the length plus the SHA-1 of the whole") {
  std::string name = Repeat("a", 129);
  CHECK(*EnsureLength(name, 128) == Repeat("a", 64) + Sha1Hex(name));
  std::string key = Repeat("k", 256);
  CHECK(*EnsureLength(key, 255) == Repeat("k", 127) + Sha1Hex(key));
  CHECK(EnsureLength(key, 255)->size() == 167);
}

TEST_CASE("non-ASCII: characters, not bytes, are cut; the digest is of UTF-8") {
  std::string name = Repeat("\xC3\xA9", 130);  // é x 130, as the oracle run showed
  CHECK(*EnsureLength(name, 128) == Repeat("\xC3\xA9", 64) + "07f0a36cf979a2c38b7a239da8986e3a9b1a52f0");
  std::string emoji = Repeat("\xF0\x9F\x98\x80", 129);
  CHECK(*EnsureLength(emoji, 128) == Repeat("\xF0\x9F\x98\x80", 64) + Sha1Hex(emoji));
}

TEST_CASE("invalid UTF-8 is refused") {
  auto r = EnsureLength("\xFF", 128);
  REQUIRE(!r.has_value());
  CHECK(r.error().code() == Code::kInvalidData);
}

TEST_CASE("the stored object name shortens the name, never the class") {
  auto stored = StoredObjectName(Repeat("n", 200), Repeat("C", 200));
  REQUIRE(stored.has_value());
  CHECK(stored->name.size() == 104);
  CHECK(stored->class_name == Repeat("C", 200));
}

}  // namespace
}  // namespace statectl
