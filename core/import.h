// statectl import: restores a v1 dump, all or nothing, in one pass.
#ifndef STATECTL_CORE_IMPORT_H_
#define STATECTL_CORE_IMPORT_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/progress_sink.h"
#include "core/status.h"

namespace statectl {

enum class OnConflict { kFail, kSkip, kOverwrite };

struct ImportOptions {
  OnConflict on_conflict = OnConflict::kFail;
  bool dry_run = false;  // report what would change; write nothing
  bool init = false;     // create the tables where absent first
  ProgressSink progress;
};

// A stored value that differs from the dump's.
struct ImportConflict {
  int64_t line = 0;
  std::string class_name, name, key;
};

inline constexpr size_t kConflictsReported = 20;

// "CLASS" "NAME" "KEY" as JSON strings: how errors and reports name a value.
std::string QuotedNames(const ImportConflict& conflict);

struct ImportReport {
  int64_t objects_new = 0;
  int64_t objects_existing = 0;
  int64_t values_new = 0;
  int64_t values_identical = 0;    // the same bytes already stored: not a conflict
  int64_t values_conflicting = 0;  // stored and different; then, by policy:
  int64_t values_overwritten = 0;  //   --on-conflict overwrite
  int64_t values_skipped = 0;      //   --on-conflict skip
  std::vector<ImportConflict> conflicts;  // the first kConflictsReported
};

// Reads the dump from `in` (any stream: standard input is fine) in one pass
// and applies it in one transaction, mapping objects by (name, class_name),
// never by id. Every line, the order, the counts and the checksum of the
// end line are verified before COMMIT; any fault (kInvalidData naming the
// line) rolls everything back. A differing stored value under kFail is
// kConflict naming the line, and nothing is written. A dry run reads and
// reports only; under kFail it still returns the report, conflicts listed.
Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options);

}  // namespace statectl

#endif  // STATECTL_CORE_IMPORT_H_
