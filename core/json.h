// JSON as Buildbot reads and writes it, and as the dump format needs it.
//
// Our own scanner, not simdjson: Python's acceptance rules (NaN, lone
// surrogates, duplicate keys) and exact byte spans are what statectl needs,
// and simdjson 3.0.1 offers neither.
//
// Python mode accepts exactly what Python's json.loads accepts (NaN,
// Infinity, -Infinity, lone surrogate escapes, duplicate keys with the last
// value kept at the first key's place, integers of up to 4300 digits) and
// PythonDumps() writes what json.dumps writes with its defaults. Strict mode
// accepts RFC 8259 JSON only. Both reject input that is not UTF-8 and values
// nested deeper than kMaxJsonDepth.
#ifndef STATECTL_CORE_JSON_H_
#define STATECTL_CORE_JSON_H_

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
  // kInteger: the digits as Python prints them; kFloat: Python's repr in
  // Python mode, the source token in strict mode; kString: the decoded text as
  // WTF-8 (UTF-8 that may hold lone surrogates).
  std::string text;
  std::vector<JsonNode> items;    // array elements, or object member values
  std::vector<std::string> keys;  // object member keys (WTF-8), parallel to items
  size_t begin = 0, end = 0;      // the value's bytes in the source
};

// Parses one whole JSON text (surrounding JSON whitespace allowed).
// kInvalidData with "what at line L, column C" on failure.
Result<JsonNode> ParseJson(std::string_view text, JsonMode mode);

// As ParseJson(text, kStrict), accepting exactly the same texts, but the
// containers below the top-level value are only validated: they keep their
// type and byte span, no items. For reading dump lines fast.
Result<JsonNode> ParseJsonShallow(std::string_view text);

// json.dumps(value) with Python's defaults: ", " and ": ", ensure_ascii.
std::string PythonDumps(const JsonNode& value);
// json.dumps(json.loads(text)): what Buildbot stores for text.
Result<std::string> PythonRoundTrip(std::string_view text);
// Indented by two spaces, for people; strings escaped as stored.
std::string PrettyJson(const JsonNode& value);

// Python's repr() of a float, as json.dumps writes it (NaN, Infinity).
std::string PythonFloatRepr(double d);

// Appends text as a JSON string literal: quotes, backslashes and control
// characters escaped, other UTF-8 kept as is. text must be valid UTF-8.
void AppendJsonString(std::string& out, std::string_view text);

// WTF-8 to UTF-8: kInvalidData if text holds a lone surrogate.
Result<std::string> WtfToUtf8(std::string_view wtf8);

bool IsValidUtf8(std::string_view text);

// True if text is one line of strict JSON with no surrounding whitespace, so
// the dump can carry it verbatim as a "value".
bool IsVerbatimDumpValue(std::string_view text);

// ParseJson(text, JsonMode::kStrict).has_value(), without building the tree.
bool IsStrictJson(std::string_view text);

}  // namespace statectl

#endif  // STATECTL_CORE_JSON_H_
