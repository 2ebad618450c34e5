#include "core/glob.h"

#include <fnmatch.h>
#include <locale.h>

namespace statectl {

bool GlobMatch(const std::string& pattern, const std::string& text, bool ignore_case) {
  // fnmatch(3) reads characters by the thread's LC_CTYPE: UTF-8 here, so '?'
  // is one character, not one byte, whatever the process's locale is.
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  locale_t previous = utf8 ? uselocale(utf8) : nullptr;
  bool match = fnmatch(pattern.c_str(), text.c_str(), ignore_case ? FNM_CASEFOLD : 0) == 0;
  if (previous) uselocale(previous);
  return match;
}

std::string GlobEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

bool IsPlainGlob(std::string_view pattern) {
  return pattern.find_first_of("[]\\") == std::string_view::npos;
}

}  // namespace statectl
