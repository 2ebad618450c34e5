// Writing JSON: as Python's json.dumps writes it (what Buildbot stores), for
// people (--pretty), and string literals for the dump's lines.
#ifndef STATECTL_CORE_JSON_WRITE_H_
#define STATECTL_CORE_JSON_WRITE_H_

#include <string>
#include <string_view>

#include "core/json_parse.h"
#include "core/status.h"

namespace statectl {

// json.dumps(value) with Python's defaults: ", " and ": ", ensure_ascii.
// value comes from ParseJson in Python mode.
std::string PythonDumps(const JsonNode& value);

// json.dumps(json.loads(text)): what Buildbot stores for text. kInvalidData
// as ParseJson when Python would refuse text.
Result<std::string> PythonRoundTrip(std::string_view text);

// Indented by two spaces, for people; strings escaped as json.dumps does.
std::string PrettyJson(const JsonNode& value);

// Appends text as a JSON string literal: quotes, backslashes and control
// characters escaped, other UTF-8 kept as is. text must be valid UTF-8.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace statectl

#endif  // STATECTL_CORE_JSON_WRITE_H_
