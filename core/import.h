// statectl import: restores a v1 dump, all or nothing.
#ifndef STATECTL_CORE_IMPORT_H_
#define STATECTL_CORE_IMPORT_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "core/backend.h"
#include "core/status.h"

namespace statectl {

enum class OnConflict { kFail, kSkip, kOverwrite };

struct ImportOptions {
  OnConflict on_conflict = OnConflict::kFail;
  bool dry_run = false;  // report what would change; write nothing
  bool init = false;     // create the tables where absent first
};

struct ImportReport {
  int64_t objects_created = 0;
  int64_t values_added = 0;
  int64_t values_updated = 0;
  int64_t values_unchanged = 0;  // identical bytes already stored: not a conflict
  int64_t values_skipped = 0;    // differed, kept under --on-conflict skip
};

// Called with one line per change ("add ...", "update ...") in a dry run.
using ChangeSink = std::function<void(const std::string&)>;

// Checks the whole dump in `in` (a seekable file) first: header, every line,
// order, counts and checksum; any fault is kInvalidData naming the line, and
// nothing is written. Then applies it in one write transaction, mapping
// objects by (name, class_name), never by id. A differing stored value is
// kConflict under OnConflict::kFail, and nothing is written.
Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options,
                                const ChangeSink& changes);

// Reads a dump from a source that may not be seekable (standard input) into
// an unlinked temporary file in $TMPDIR (default /tmp), so ImportDump can
// read it twice.
Result<FILE*> SpoolToTempFile(FILE* in);

}  // namespace statectl

#endif  // STATECTL_CORE_IMPORT_H_
