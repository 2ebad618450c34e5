// Reading JSON as Buildbot's Python reads it, and as the dump format needs it.
//
// Our own scanner, not simdjson: Python's acceptance rules (NaN, lone
// surrogates, duplicate keys) and exact byte spans are what statectl needs,
// and simdjson 3.0.1 offers neither. One grammar serves every use: building
// a tree, building only the top level (dump lines), and checking without
// building anything (every stored value a dump carries verbatim); all three
// accept exactly the same texts and word a fault the same way.
//
// Python mode accepts exactly what Python's json.loads accepts (NaN,
// Infinity, -Infinity, lone surrogate escapes, duplicate keys with the last
// value kept at the first key's place, integers of up to 4300 digits).
// Strict mode accepts RFC 8259 JSON only. Both reject input that is not
// UTF-8 and values nested deeper than kMaxJsonDepth.
#ifndef STATECTL_CORE_JSON_PARSE_H_
#define STATECTL_CORE_JSON_PARSE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace statectl {

// Deeper values are refused: Python's json fails with RecursionError near
// depth 1000, earlier inside a running master's deeper call stack.
inline constexpr int kMaxJsonDepth = 512;

enum class JsonMode { kPython, kStrict };

struct JsonNode {
  enum class Type { kNull, kFalse, kTrue, kInteger, kFloat, kString, kArray, kObject };
  Type type = Type::kNull;
  // In Python mode, kInteger: the digits as Python's int() prints them ("-0"
  // is "0"), kFloat: Python's repr; in strict mode, either: the source token.
  // kString: the decoded text as WTF-8 (UTF-8 that may hold lone surrogates).
  std::string text;
  std::vector<JsonNode> items;    // array elements, or object member values
  std::vector<std::string> keys;  // object member keys (WTF-8), parallel to items
  size_t begin = 0, end = 0;      // the value's bytes in the source
};

// Parses one whole JSON text (surrounding JSON whitespace allowed).
// kInvalidData with "invalid JSON: what at line L, column C" on failure.
Result<JsonNode> ParseJson(std::string_view text, JsonMode mode);

// As ParseJson(text, kStrict), accepting the same texts with the same
// errors, but containers below the top-level value are only checked: they
// keep their type and byte span, no items. For reading dump lines fast.
Result<JsonNode> ParseJsonShallow(std::string_view text);

// ParseJson(text, JsonMode::kStrict).has_value(), building nothing.
bool IsStrictJson(std::string_view text);

// True if text is one line of strict JSON with no surrounding whitespace, so
// the dump can carry it verbatim as a "value".
bool IsVerbatimDumpValue(std::string_view text);

}  // namespace statectl

#endif  // STATECTL_CORE_JSON_PARSE_H_
