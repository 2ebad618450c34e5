// Reading the whole state, or the objects matching two globs, in the dump's
// order: the one place that chooses how.
#ifndef STATECTL_CORE_SCAN_H_
#define STATECTL_CORE_SCAN_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/backend.h"
#include "core/status.h"

namespace statectl {

struct ScanOptions {
  std::string class_glob = "*";  // shell globs (core/glob.h)
  std::string name_glob = "*";
  // May sort in temporary files under DefaultTempDir() where that is faster.
  bool temp_files = true;
  // While a sort reads the values (before any row is yielded), called now
  // and then with how many it has read, on the scanning thread; may be empty.
  std::function<void(int64_t values_read)> sorting_progress = nullptr;
};

// Every object whose class name and name match the globs, with each of its
// values, sorted bytewise by (class_name, name, key); an object without
// values yields one Row with no key; state rows whose object row is missing
// are left out. How: an unfiltered scan with temp_files reads the values as
// stored and sorts them here (ScanBySorting, core/sorted_scan.h) when the
// temporary directory has room; otherwise, or when that sort gives up before
// yielding anything, the database sorts (StateReader::ReadJoined, narrowed
// by the globs). Stops at the sink's first error and returns it.
Status ScanState(StateReader& reader, const ScanOptions& options, const RowSink& sink);

// Which rows of a stream in dump order belong to objects the globs match:
// matched once per object, as its first row comes ("*" needs no matching).
class ObjectGlobFilter {
 public:
  ObjectGlobFilter(std::string class_glob, std::string name_glob)
      : class_glob_(std::move(class_glob)), name_glob_(std::move(name_glob)) {}
  // Whether the globs keep every object.
  bool KeepsAll() const { return class_glob_ == "*" && name_glob_ == "*"; }
  bool Keeps(const Row& row);

 private:
  std::string class_glob_, name_glob_;
  bool any_ = false, matched_ = false;
  std::string last_class_, last_name_;
};

}  // namespace statectl

#endif  // STATECTL_CORE_SCAN_H_
