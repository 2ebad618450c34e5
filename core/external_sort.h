// Sorting more records than memory holds, as sort(1) does: sorted runs of
// bounded size spill to temporary files, then merge. An unfiltered dump uses
// it on both drivers (core/sorted_scan.h).
#ifndef STATECTL_CORE_EXTERNAL_SORT_H_
#define STATECTL_CORE_EXTERNAL_SORT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace statectl {

// A record, ordered by rank, then by key's bytes (unsigned, as memcmp).
struct SortRecord {
  int64_t rank = 0;
  std::string_view key;
  std::string_view value;
};

struct ExternalSortOptions {
  std::string temp_dir = "/tmp";  // where runs spill, as unlinked files (mode 0600)
  size_t run_bytes = 4 << 20;     // memory for the run being gathered
  // Runs merged at once; more take an extra pass over everything. 1024 runs
  // of 4 MiB: about 16M values of Buildbot state in one merge. (A diff sorts
  // both sides at once: smaller runs keep its two sorts near one 6 MiB one.)
  size_t fan_in = 1024;
  size_t read_buffer = 4 << 10;  // per run while merging: 4 MiB at the full fan-in
  // Fail (kDatabase) rather than leave less than this free in temp_dir;
  // checked every 4 MiB written.
  uint64_t keep_free = 0;
};

class TempFile;
class RunMerger;

// Memory stays near run_bytes + fan_in * read_buffer (plus the largest
// records), whatever the input's size. Temporary files are unlinked from the
// start, so they vanish with the process however it ends.
class ExternalSort {
 public:
  explicit ExternalSort(ExternalSortOptions options);
  ~ExternalSort();
  ExternalSort(const ExternalSort&) = delete;
  ExternalSort& operator=(const ExternalSort&) = delete;

  // kDatabase if a run cannot be written (a full disk, no temp directory).
  Status Add(int64_t rank, std::string_view key, std::string_view value);
  // Ends the input (records added after it are a bug). Merges until at most
  // fan_in runs are left; kDatabase on a temporary file's failure.
  Status Finish();
  // The next record in order, or false after the last. The views in *out
  // stay valid until the next call. kDatabase if a run cannot be read.
  Result<bool> Next(SortRecord* out);

  // How many runs went to temporary files, and merge passes before the last
  // (what the tests look at).
  size_t runs_spilled() const { return runs_spilled_; }
  size_t extra_passes() const { return extra_passes_; }

 private:
  struct Entry {  // one gathered record: its sort key and where it lies
    int64_t rank;
    uint64_t key_prefix;  // the key's first 8 bytes, big-endian: most compares end here
    size_t offset;        // of the record in arena_
    uint32_t key_size;
  };
  struct Run {
    size_t file;  // index into files_
    uint64_t begin, end;
  };
  void SortEntries();
  Status SpillRun();
  Status MergePass();
  Result<std::unique_ptr<RunMerger>> MergerOf(const std::vector<Run>& runs);

  ExternalSortOptions options_;
  std::vector<char> arena_;  // gathered records, laid out as in a run file
  std::vector<Entry> entries_;
  std::vector<std::unique_ptr<TempFile>> files_;
  std::vector<Run> runs_;
  size_t runs_spilled_ = 0, extra_passes_ = 0;
  // Reading back: from memory (no run spilled) or merging runs_.
  size_t next_entry_ = 0;
  std::unique_ptr<RunMerger> merger_;
};

// $TMPDIR, else /tmp.
std::string DefaultTempDir();
// Bytes an unprivileged user may still write under dir.
Result<uint64_t> FreeBytes(const std::string& dir);

}  // namespace statectl

#endif  // STATECTL_CORE_EXTERNAL_SORT_H_
