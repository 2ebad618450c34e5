// How dump and import report how far they are, for a caller that shows it.
#ifndef STATECTL_CORE_PROGRESS_SINK_H_
#define STATECTL_CORE_PROGRESS_SINK_H_

#include <cstdint>
#include <functional>

namespace statectl {

// Called now and then with the records and bytes done so far; may be empty.
using ProgressSink = std::function<void(int64_t records, int64_t bytes)>;

}  // namespace statectl

#endif  // STATECTL_CORE_PROGRESS_SINK_H_
