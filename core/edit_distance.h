// How far apart two words are, for "did you mean" suggestions.
#ifndef STATECTL_CORE_EDIT_DISTANCE_H_
#define STATECTL_CORE_EDIT_DISTANCE_H_

#include <cstddef>
#include <string_view>

namespace statectl {

// The edits between a and b (insertions, deletions, substitutions of single
// bytes, and swaps of two neighbours: the optimal string alignment
// distance), or max + 1 if it is more than max.
size_t EditDistance(std::string_view a, std::string_view b, size_t max);

// True if typed looks like a slip for known: the same ignoring ASCII case,
// or one edit away (two when known is longer than 8 bytes; none when it is
// shorter than 4, where one edit makes another word).
bool IsNearMiss(std::string_view typed, std::string_view known);

}  // namespace statectl

#endif  // STATECTL_CORE_EDIT_DISTANCE_H_
