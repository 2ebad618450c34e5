// statectl diff: two states (databases or dumps) compared record by record.
// Both sides stream in dump order on threads of their own and are merged
// here: memory stays a few batches a side, whatever the state's size.
#ifndef STATECTL_CORE_DIFF_H_
#define STATECTL_CORE_DIFF_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "core/backend.h"
#include "core/scan.h"

namespace statectl {

// One side: a database, read in one snapshot, or a dump, checked as import
// checks it (a damaged dump is kInvalidData, however far diff got).
struct DiffSide {
  Backend* db = nullptr;  // or
  FILE* dump = nullptr;
};

// A record in one side only, or a value that differs.
struct Difference {
  enum class Op { kOnlyInA, kOnlyInB, kChanged };  // printed '-', '+', '~'
  Op op;
  const Row* a;  // kOnlyInA, kChanged
  const Row* b;  // kOnlyInB, kChanged
};

struct DiffStats {
  int64_t objects_only_a = 0, objects_only_b = 0;
  int64_t values_only_a = 0, values_only_b = 0, values_changed = 0;
  bool same() const {
    return objects_only_a == 0 && objects_only_b == 0 && values_only_a == 0 &&
           values_only_b == 0 && values_changed == 0;
  }
};

// Compares the records of a and b (those ScanState yields for filter's
// globs), in bytewise (class_name, name, key) order, handing each
// difference to sink (which may be empty: counts only). A record is an
// object's value, or an object without values; a value differs when its
// value_json bytes do. Objects are counted as in one side only when no
// record of theirs is in the other.
Result<DiffStats> DiffState(const DiffSide& a, const DiffSide& b, const ScanOptions& filter,
                            const std::function<Status(const Difference&)>& sink);

}  // namespace statectl

#endif  // STATECTL_CORE_DIFF_H_
