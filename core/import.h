// statectl import: restores a v1 dump, all or nothing, in one pass.
#ifndef STATECTL_CORE_IMPORT_H_
#define STATECTL_CORE_IMPORT_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/guard.h"
#include "core/progress_sink.h"
#include "core/status.h"

namespace statectl {

enum class OnConflict { kFail, kSkip, kOverwrite };

// --on-conflict's words: "fail", "skip", "overwrite".
const char* OnConflictName(OnConflict policy);
// One of those words (any case); kUsage naming the choices otherwise.
Result<OnConflict> ParseOnConflict(std::string_view word);

struct ImportOptions {
  OnConflict on_conflict = OnConflict::kFail;
  bool dry_run = false;  // report what would change; write nothing
  bool init = false;     // create the tables where absent first
  // Only the records of objects whose class name and name match these
  // globs; with replace, also the scope of what is deleted.
  std::string class_glob = "*";
  std::string name_glob = "*";
  // Exact restore: the target's values in scope that the records lack are
  // deleted (core/replace_scope.h), in the same transaction.
  bool replace = false;
  GuardOptions guard;    // the running-master guard (core/guard.h)
  // Write even where the database cannot roll back (--non-atomic;
  // core/all_or_nothing.h): a failure half way keeps what was written.
  bool non_atomic = false;
  ProgressSink progress;
};

// A stored value that differs from the dump's.
struct ImportConflict {
  int64_t line = 0;
  std::string class_name, name, key;
  std::string stored, incoming;  // value_json: the database's, the dump's
};

inline constexpr size_t kConflictsReported = 20;

// "('nightly', 'Nightly') key 'last_build'": how errors and reports name a value.
std::string ValueLabel(const ImportConflict& conflict);

// A value --replace deletes (or would).
struct ImportDeletion {
  std::string class_name, name, key;
};

struct ImportReport {
  int64_t objects_new = 0;
  int64_t objects_existing = 0;
  int64_t values_new = 0;
  int64_t values_identical = 0;    // the same bytes already stored: not a conflict
  int64_t values_conflicting = 0;  // stored and different; then, by policy:
  int64_t values_overwritten = 0;  //   --on-conflict overwrite
  int64_t values_skipped = 0;      //   --on-conflict skip
  std::vector<ImportConflict> conflicts;  // the first kConflictsReported
  int64_t values_deleted = 0;              // --replace
  std::vector<ImportDeletion> deletions;   // the first kConflictsReported
  // The guard's verdict on the objects the import writes: kOwned naming
  // the first that running masters own, unless forced.
  Status owned;
};

// Reads the dump from `in` (any stream: standard input is fine) in one pass
// and applies it in one write transaction, mapping objects by (name,
// class_name), never by id. Every line, the order, the counts and the
// checksum of the end line are verified before COMMIT; any fault (kInvalidData
// naming the line) rolls everything back. A differing stored value under
// kFail is kConflict naming the line, and nothing is written; so is a value
// another connection writes during the import, whatever the policy (the
// report would otherwise not be true). Objects it would write that a
// running master owns make it kOwned (the guard reads the claims once),
// nothing written. A dry run reads one snapshot and reports only; under
// kFail it still returns the report, conflicts and owned objects listed
// (DryRunVerdict says what the import would do).
Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options);

// copy: import of what ScanState yields of from (one read snapshot, the
// options' globs; temp_files as for dump) into to, with import's rules, in
// one transaction, without a dump in between. A conflict's "line" is the
// record's number in that stream.
Result<ImportReport> CopyState(Backend& from, Backend& to, const ImportOptions& options,
                               bool temp_files = true);

// What the import a dry run stands for would end in: kOwned as the guard
// said; else kConflict (counting the conflicts) when its policy is kFail and
// it found any; OK otherwise.
Status DryRunVerdict(const ImportReport& report, const ImportOptions& options);

}  // namespace statectl

#endif  // STATECTL_CORE_IMPORT_H_
