// Paths into a JSON value: JSON Pointer (RFC 6901), and the plain member
// names of --member, both as a list of segments; finding, setting and
// removing the value a path names in a tree parsed in Python mode.
#ifndef STATECTL_CORE_JSON_POINTER_H_
#define STATECTL_CORE_JSON_POINTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json_parse.h"
#include "core/status.h"

namespace statectl {

// Object member names or array indices, from the top of the value.
using JsonPath = std::vector<std::string>;

// "/a/b~1c/0": each '/' starts a segment, "~1" stands for '/' and "~0" for
// '~'. "" is the whole value. kUsage for a pointer that does not start with
// '/' or holds a '~' followed by anything but 0 or 1.
Result<JsonPath> ParseJsonPointer(std::string_view pointer);

// The pointer of a path, escaped: for messages.
std::string FormatJsonPointer(const JsonPath& path);

// The value at path. kNotFound naming the first segment that is missing;
// kInvalidData for a path that goes into a scalar, or an array index that
// is not a decimal number without leading zeros ("-" names no element).
Result<const JsonNode*> FindAt(const JsonNode& root, const JsonPath& path);

// Puts value at path: replaces what is there, or adds it to its parent (an
// object gets the member at its end, as a Python dict does; an array takes
// index == its size, or "-", as the next element). path must not be empty;
// its parent must exist (kNotFound otherwise); errors as FindAt.
Status SetAt(JsonNode& root, const JsonPath& path, JsonNode value);

// Removes the member or element at path (not empty): kNotFound if absent.
Status RemoveAt(JsonNode& root, const JsonPath& path);

}  // namespace statectl

#endif  // STATECTL_CORE_JSON_POINTER_H_
