// An unfiltered scan made by sorting on statectl's side (ExternalSort): what
// ScanState (core/scan.h) uses when the temporary directory has room.
#ifndef STATECTL_CORE_SORTED_SCAN_H_
#define STATECTL_CORE_SORTED_SCAN_H_

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/rows.h"
#include "core/status.h"

namespace statectl {

// What a driver reads, all in one snapshot. A visitor's error must stop the
// reading and come back from the call.
struct SortedScanSource {
  // Every object, in bytewise (class_name, name) order. Called twice.
  std::function<Status(const ObjectVisitor&)> objects;
  // Every state row, in any order (rows without an object are skipped).
  std::function<Status(const ValueVisitor&)> values;
  // About how many bytes the state takes (the temporary space needed).
  uint64_t estimated_bytes = 0;
};

// Yields what ScanState yields for an unfiltered scan. False, having yielded
// nothing, when the temporary directory (DefaultTempDir()) has less than 4
// times estimated_bytes free (a second merge pass needs twice the data; the
// rest stays free for others), or a write there fails or would leave less
// than half of that free.
// progress (may be empty) is called as ScanOptions::sorting_progress says.
// A caller that gets false reads in order its own way.
Result<bool> ScanBySorting(const SortedScanSource& source, const RowSink& sink,
                           const std::function<void(int64_t)>& progress);

}  // namespace statectl

#endif  // STATECTL_CORE_SORTED_SCAN_H_
