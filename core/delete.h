// statectl delete: values, a whole object, or the objects two globs match,
// in one write transaction each.
#ifndef STATECTL_CORE_DELETE_H_
#define STATECTL_CORE_DELETE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/scan.h"
#include "core/state_ops.h"

namespace statectl {

// What a delete removed (or, planned, would remove): a line each for people
// ("value ('n', 'C') key 'k'", "object 11 ('n', 'C') with 2 values"), and counts.
struct DeleteReport {
  std::vector<std::string> lines;    // what went
  std::vector<std::string> missing;  // what was asked for and not there
  int64_t objects = 0;
  int64_t values = 0;
};

// "1 value", "3 values": counts in messages.
std::string Count(int64_t n, const std::string& thing);

// Deletes these keys of one object. Keys that are absent are named in the
// report's lines ("no value for key ..."); kNotFound when none was there,
// or the object is absent (with what it may be a typo for). The guard as
// for any write (options.guard).
// kShortened: each key is shortened as Buildbot's setState does (what
// every command does); kAsStored: taken byte for byte as stored, for the
// keys statectl check reports (over 255 characters, or not UTF-8).
enum class KeyForm { kShortened, kAsStored };
Result<DeleteReport> DeleteValues(Backend& db, const ObjectRef& ref,
                                  const std::vector<std::string>& keys, const WriteOptions& options,
                                  KeyForm form = KeyForm::kShortened);

// Deletes every value of one object and keeps the object; kNotFound when it
// has none.
Result<DeleteReport> DeleteAllValues(Backend& db, const ObjectRef& ref, const WriteOptions& options);

// Deletes the object row and all its values (on SQLite explicitly, orphan
// rows with its id included, so no later object inherits them).
Result<DeleteReport> DeleteWholeObject(Backend& db, const ObjectRef& ref,
                                       const WriteOptions& options);

// The objects whose class name and name match globs (GlobMatch): whole,
// or (all_keys) only their values.
struct DeleteSelection {
  std::string class_glob = "*";
  std::string name_glob = "*";
  bool ignore_case = false;
  bool all_keys = false;
};

// What DeleteSelected would delete now, from one read snapshot.
Result<DeleteReport> PlanDelete(Backend& db, const DeleteSelection& selection);

// Deletes what the selection matches when it runs, in one write
// transaction; the report says what went. kNotFound when nothing matched.
Result<DeleteReport> DeleteSelected(Backend& db, const DeleteSelection& selection,
                                    const WriteOptions& options);

}  // namespace statectl

#endif  // STATECTL_CORE_DELETE_H_
