// Buildbot's ensureLength(), for object names and state keys. The first
// byte picks the limit. Properties: no crash; text that is not UTF-8 is
// refused; a value of at most the limit (in characters) is kept as is; a
// longer one becomes its first limit/2 characters and 40 hex digits, and
// shortening is then a fixed point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/object_names.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

namespace {

// Unicode characters in valid UTF-8: the bytes that do not continue one.
size_t Characters(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t limit = data[0] % 2 ? kObjectNameLength : 2 + data[0] % 64;
  std::string_view value(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto stored = EnsureLength(value, limit);
  if (!stored) return 0;
  size_t chars = Characters(value);
  if (chars <= limit) {
    FUZZ_CHECK(*stored == value);
  } else {
    FUZZ_CHECK(Characters(*stored) == limit / 2 + 40);
    std::string_view prefix(*stored);
    prefix.remove_suffix(40);
    FUZZ_CHECK(value.substr(0, prefix.size()) == prefix);
    FUZZ_CHECK(Characters(prefix) == limit / 2);
  }
  FUZZ_CHECK(Characters(*stored) <= limit || limit / 2 + 40 > limit);
  if (Characters(*stored) <= limit) {
    auto again = EnsureLength(*stored, limit);
    FUZZ_CHECK(again.has_value() && *again == *stored);
  }
  auto key = StoredKey(value);
  if (key) FUZZ_CHECK(Characters(*key) <= kStateKeyLength);
  return 0;
}
