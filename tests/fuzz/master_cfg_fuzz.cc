// master.cfg's db_url reader: Python text statectl never runs. Properties:
// no crash or hang on any text, and a refusal always says why.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/master_cfg.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto url = DbUrlFromMasterCfg(text);
  if (!url) FUZZ_CHECK(!url.error().message().empty());
  return 0;
}
