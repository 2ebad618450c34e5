// simdjson's yes (core/fast_json_check.h) implies the strict scanner's:
// any input simdjson accepts and IsStrictJson refuses aborts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/fast_json_check.h"
#include "core/json_parse.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
#ifdef STATECTL_SIMDJSON_PLUGIN
  static const bool loaded = [] {
    std::string why;
    bool ok = statectl::LoadFastJsonCheck(STATECTL_SIMDJSON_PLUGIN, &why);
    FUZZ_CHECK(ok);
    return ok;
  }();
  (void)loaded;
#endif
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (statectl::FastStrictJsonYes(text)) FUZZ_CHECK(statectl::IsStrictJson(text));
  return 0;
}
