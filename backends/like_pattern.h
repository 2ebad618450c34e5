// A shell glob as a SQL LIKE pattern (backslash escaping), for the drivers
// whose SQL has LIKE but no GLOB (PostgreSQL, MySQL).
#ifndef STATECTL_BACKENDS_LIKE_PATTERN_H_
#define STATECTL_BACKENDS_LIKE_PATTERN_H_

#include <string>

#include "core/glob.h"

namespace statectl {

// A LIKE pattern matching at least what the glob matches: * and ? become %
// and _, LIKE's own specials are escaped; a glob with [...] or a backslash
// matches anything here and is left to the caller's exact match.
inline std::string LikePattern(const std::string& glob) {
  if (!IsPlainGlob(glob)) return "%";
  std::string like;
  for (char c : glob) {
    if (c == '*') {
      like += '%';
    } else if (c == '?') {
      like += '_';
    } else {
      if (c == '%' || c == '_') like += '\\';
      like += c;
    }
  }
  return like;
}

}  // namespace statectl

#endif  // STATECTL_BACKENDS_LIKE_PATTERN_H_
