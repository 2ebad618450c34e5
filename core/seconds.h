// Durations as people read them in messages: "10", "0.3", "1.25".
#ifndef STATECTL_CORE_SECONDS_H_
#define STATECTL_CORE_SECONDS_H_

#include <chrono>
#include <string>

namespace statectl {

std::string SecondsText(std::chrono::milliseconds duration);

}  // namespace statectl

#endif  // STATECTL_CORE_SECONDS_H_
