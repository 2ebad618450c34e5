// JSON Pointers and the edits they drive. The input is a pointer, a newline
// and a JSON text. Properties: no crash; a pointer that parses, formatted and
// parsed again, is the same path; on a value Python mode reads, a value set
// at a path is found there afterwards, and removing it again makes it absent.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_parse.h"
#include "core/json_pointer.h"
#include "core/json_write.h"
#include "tests/fuzz/fuzz_check.h"

using namespace statectl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string_view pointer = input.substr(0, nl);
  std::string_view json = nl == std::string_view::npos ? "" : input.substr(nl + 1);

  auto path = ParseJsonPointer(pointer);
  if (!path) return 0;
  auto formatted = ParseJsonPointer(FormatJsonPointer(*path));
  FUZZ_CHECK(formatted.has_value() && *formatted == *path);

  auto root = ParseJson(json, JsonMode::kPython);
  if (!root) return 0;
  (void)FindAt(*root, *path);
  if (path->empty()) return 0;

  JsonNode marker;
  marker.type = JsonNode::Type::kString;
  marker.text = "statectl-fuzz-marker";
  JsonNode edited = *root;
  if (SetAt(edited, *path, marker).ok()) {
    PythonDumps(edited);
    if (path->back() != "-") {
      auto found = FindAt(edited, *path);
      FUZZ_CHECK(found.has_value() && (*found)->type == JsonNode::Type::kString &&
                 (*found)->text == marker.text);
      JsonPath parent_path(path->begin(), path->end() - 1);
      auto parent = FindAt(edited, parent_path);
      FUZZ_CHECK(parent.has_value());
      bool in_object = (*parent)->type == JsonNode::Type::kObject;
      FUZZ_CHECK(RemoveAt(edited, *path).ok());
      if (in_object) FUZZ_CHECK(!FindAt(edited, *path).has_value());
    }
  }
  JsonNode removed = *root;
  if (RemoveAt(removed, *path).ok()) {
    PythonDumps(removed);
  }
  return 0;
}
