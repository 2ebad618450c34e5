#include "core/seconds.h"

namespace statectl {

std::string SecondsText(std::chrono::milliseconds duration) {
  std::string s = std::to_string(static_cast<double>(duration.count()) / 1000.0);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace statectl
