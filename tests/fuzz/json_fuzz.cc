// core's JSON reader and writer. Properties: accepting or refusing never
// crashes or hangs; what Python mode reads, written as json.dumps writes it
// and read again, is a fixed point; PrettyJson reads back to the same value;
// strict mode accepts a subset of Python mode, and the shallow reader and
// IsStrictJson agree with strict mode exactly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_parse.h"
#include "core/json_write.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

namespace {

// Same value: a strict tree (a) and a Python-mode tree (b) of one text.
// Strict mode keeps each number's source token, Python mode an integer's
// digits as int() prints them ("-0" is 0) and a float's repr, so floats are
// compared by type only.
bool SameShape(const JsonNode& a, const JsonNode& b) {
  if (a.type != b.type || a.items.size() != b.items.size() || a.keys != b.keys) return false;
  if (a.type == JsonNode::Type::kString && a.text != b.text) return false;
  if (a.type == JsonNode::Type::kInteger && (a.text == "-0" ? "0" : a.text) != b.text) return false;
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (!SameShape(a.items[i], b.items[i])) return false;
  }
  return true;
}

// A strict tree with each object's duplicate keys merged as a Python dict
// merges them: the first key's place, the last value.
JsonNode AsPythonDict(const JsonNode& node) {
  JsonNode out = node;
  out.items.clear();
  out.keys.clear();
  for (size_t i = 0; i < node.items.size(); ++i) {
    JsonNode item = AsPythonDict(node.items[i]);
    if (node.type == JsonNode::Type::kObject) {
      size_t at = 0;
      while (at < out.keys.size() && out.keys[at] != node.keys[i]) ++at;
      if (at < out.keys.size()) {
        out.items[at] = std::move(item);
        continue;
      }
      out.keys.push_back(node.keys[i]);
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto python = ParseJson(text, JsonMode::kPython);
  if (python) {
    std::string dumped = PythonDumps(*python);
    auto again = ParseJson(dumped, JsonMode::kPython);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(PythonDumps(*again) == dumped);
    auto round_trip = PythonRoundTrip(text);
    FUZZ_CHECK(round_trip.has_value() && *round_trip == dumped);
    auto pretty = ParseJson(PrettyJson(*python), JsonMode::kPython);
    FUZZ_CHECK(pretty.has_value() && PythonDumps(*pretty) == dumped);
  } else {
    FUZZ_CHECK(!PythonRoundTrip(text).has_value());
  }

  auto strict = ParseJson(text, JsonMode::kStrict);
  FUZZ_CHECK(IsStrictJson(text) == strict.has_value());
  auto shallow = ParseJsonShallow(text);
  FUZZ_CHECK(shallow.has_value() == strict.has_value());
  if (strict && text.size() > 4300 && !python) return 0;  // Python's integer digit limit
  if (strict) {
    FUZZ_CHECK(python.has_value());
    FUZZ_CHECK(shallow->type == strict->type && shallow->begin == strict->begin &&
               shallow->end == strict->end);
    FUZZ_CHECK(SameShape(AsPythonDict(*strict), *python));
  } else {
    FUZZ_CHECK(shallow.error().message() == strict.error().message());
  }
  return 0;
}
