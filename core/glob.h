// --class/--name filters: shell globs as fnmatch(3) reads them (* ? [...]).
#ifndef STATECTL_CORE_GLOB_H_
#define STATECTL_CORE_GLOB_H_

#include <string>
#include <string_view>

namespace statectl {

// Matches the whole text; '/' and a leading '.' are ordinary characters.
bool GlobMatch(const std::string& pattern, const std::string& text);

}  // namespace statectl

#endif  // STATECTL_CORE_GLOB_H_
