// The dump line decoder. Properties: any line is decoded or refused without
// crashing; a record it accepts, encoded again and decoded, is the same
// record, and encoding is then a fixed point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/dump_format.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  auto decoded = DecodeLine(line);
  if (!decoded || decoded->kind != DumpLine::Kind::kRecord) return 0;
  const Row& row = decoded->record;
  auto encoded = EncodeRecord(row);
  FUZZ_CHECK(encoded.has_value());
  FUZZ_CHECK(!encoded->empty() && encoded->back() == '\n');
  FUZZ_CHECK(encoded->find('\n') == encoded->size() - 1);
  auto again = DecodeLine(std::string_view(*encoded).substr(0, encoded->size() - 1));
  FUZZ_CHECK(again.has_value() && again->kind == DumpLine::Kind::kRecord);
  const Row& back = again->record;
  FUZZ_CHECK(back.class_name == row.class_name && back.name == row.name && back.key == row.key &&
             back.value_json == row.value_json);
  auto twice = EncodeRecord(back);
  FUZZ_CHECK(twice.has_value() && *twice == *encoded);
  ValueForDisplay(row.value_json.value_or(""));
  UnicodeForJson(row.value_json.value_or(""));
  return 0;
}
