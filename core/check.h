// statectl check: the doctor. Finds the damage that makes Buildbot
// misbehave silently, in one read snapshot, and (with fix) deletes what is
// safe to delete: orphan state rows.
#ifndef STATECTL_CORE_CHECK_H_
#define STATECTL_CORE_CHECK_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/backend.h"

namespace statectl {

struct CheckFinding {
  enum class Kind {
    kOrphanValues,  // state rows whose object row is missing (SQLite)
    kBadJson,       // a value Python's json.loads rejects: getState raises
    kNotUtf8,       // a value, key or name that is not UTF-8
    kLongKey,       // a key over 255 characters: setState and getState never meet
    kLongName,      // an object name over 128 characters: getObjectId never finds it
    kLongClass,     // a class name over 128 characters: fits no other database
    kIntegrity,     // the database's own check of the two tables failed
    kUnclaimed,     // values of an object no service of a running master claims
  };
  Kind kind = Kind::kIntegrity;
  // True for damage (check exits 1); false for a notice worth a look
  // (kLongClass, kUnclaimed), which changes no exit status.
  bool problem = true;
  std::optional<int64_t> object_id;
  std::string name, class_name;    // the object's, when it has a row
  std::optional<std::string> key;  // the value's, for findings about one value
  int64_t values = 0;              // kOrphanValues: how many rows
  std::string detail;              // what is wrong and what Buildbot does with it
  // What fixes it: statectl's own words after "statectl [GLOBAL OPTIONS]"
  // (Fix::kCommand), or done by --fix, or for people (kManual).
  enum class Fix { kByCheckFix, kCommand, kManual, kNone };
  Fix fix = Fix::kNone;
  std::vector<std::string> fix_words;  // kCommand: the argv after the global options
  std::string fix_text;                // kManual: what to do
};

// The kind's name in --json and in text: "orphan_values", "bad_json", ...
const char* CheckKindName(CheckFinding::Kind kind);

struct CheckReport {
  int64_t objects = 0, values = 0;  // what was read
  int64_t problems = 0, notices = 0;
  int64_t orphans_deleted = 0;  // with fix
};

// Reads the whole state once (objects, then every value in storage order:
// memory grows with the objects, not the values) and hands each finding to
// sink, orphans and the database's integrity check last. With fix, deletes
// the orphan rows in one write transaction first and reports what is left
// (the orphans are then no finding). The classes in kNeverClaimed hold
// Buildbot's own state (the web UI's session secret, the master's, the IRC
// bot's), which no service claims: never kUnclaimed.
Result<CheckReport> CheckState(Backend& db, bool fix,
                               const std::function<Status(const CheckFinding&)>& sink);

}  // namespace statectl

#endif  // STATECTL_CORE_CHECK_H_
