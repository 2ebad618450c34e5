#include "core/near_miss.h"

#include <cctype>

#include "core/edit_distance.h"

namespace statectl {
namespace {

bool SameIgnoringAsciiCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> NearMissOf(const ObjectName& obj, const std::vector<ObjectName>& known) {
  for (const ObjectName& o : known) {
    // Another writer created it since the caller looked: nothing to suggest.
    if (o.name == obj.name && o.class_name == obj.class_name) return std::nullopt;
  }
  bool class_known = false;
  for (const ObjectName& o : known) class_known = class_known || o.class_name == obj.class_name;
  if (!class_known) {
    for (const ObjectName& o : known) {
      if (IsNearMiss(obj.class_name, o.class_name)) {
        return "no object has class " + Quoted(obj.class_name) + "; did you mean " +
               Quoted(o.class_name) + "?";
      }
    }
    return std::nullopt;
  }
  for (const ObjectName& o : known) {
    if (o.class_name == obj.class_name && SameIgnoringAsciiCase(o.name, obj.name)) {
      return "did you mean " + ObjectLabel(o) + "?";
    }
  }
  return std::nullopt;
}

}  // namespace statectl
