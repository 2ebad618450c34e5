// --class/--name filters: shell globs as fnmatch(3) reads them (* ? [...]).
#ifndef STATECTL_CORE_GLOB_H_
#define STATECTL_CORE_GLOB_H_

#include <string>
#include <string_view>

namespace statectl {

// Matches the whole text; '/' and a leading '.' are ordinary characters.
// ignore_case: letters match in either case, by the C library's Unicode
// case mapping (C.UTF-8), not only ASCII.
bool GlobMatch(const std::string& pattern, const std::string& text, bool ignore_case = false);

// A glob that matches exactly text: * ? [ ] and backslash escaped.
std::string GlobEscape(std::string_view text);

// True if pattern has no special characters but * and ? (no [...], no
// backslash): such a pattern means the same to SQL's GLOB and LIKE, once
// translated, as to GlobMatch, so drivers can filter with it.
bool IsPlainGlob(std::string_view pattern);

}  // namespace statectl

#endif  // STATECTL_CORE_GLOB_H_
