#include "core/edit_distance.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace statectl {

size_t EditDistance(std::string_view a, std::string_view b, size_t max) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > max) return max + 1;
  // Three rows of the optimal-string-alignment table: before, previous, this.
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);  // two neighbours swapped
      }
      best = std::min(best, row[j]);
    }
    if (best > max) return max + 1;
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return std::min(previous[b.size()], max + 1);
}

bool IsNearMiss(std::string_view typed, std::string_view known) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  if (lower(typed) == lower(known)) return true;
  size_t allowed = known.size() > 8 ? 2 : known.size() >= 4 ? 1 : 0;
  return allowed > 0 && EditDistance(typed, known, allowed) <= allowed;
}

}  // namespace statectl
