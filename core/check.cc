#include "core/check.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <string_view>
#include <vector>

#include "core/fast_json_check.h"
#include "core/guard.h"
#include "core/id_table.h"
#include "core/json_parse.h"
#include "core/object_names.h"
#include "core/utf8.h"

namespace statectl {
namespace {

using Kind = CheckFinding::Kind;
using Fix = CheckFinding::Fix;

// Buildbot's own state, which no scheduler or change source claims: the
// master's (buildbot/master.py), the web UI's session secret
// (buildbot/www/service.py), the IRC and Telegram bots' (buildbot/reporters).
constexpr std::string_view kNeverClaimedClasses[] = {"buildbot.master.BuildMaster",
                                                     "buildbot.www.service.WWWService"};
constexpr std::string_view kNeverClaimedPrefix = "buildbot.reporters.";

bool NeverClaimed(std::string_view class_name) {
  for (std::string_view c : kNeverClaimedClasses) {
    if (class_name == c) return true;
  }
  return class_name.substr(0, kNeverClaimedPrefix.size()) == kNeverClaimedPrefix;
}

// Unicode characters in valid UTF-8, as Python's len() counts them.
size_t Chars(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::vector<std::string> DeleteObjectWords(int64_t id) {
  return {"delete", "--id", std::to_string(id), "--object"};
}

// The key as stored: --as-stored where statectl's own shortening would
// name another key (a long key) or refuse it (not UTF-8).
std::vector<std::string> DeleteValueWords(int64_t id, const std::string& key) {
  std::vector<std::string> words = {"delete", "--id", std::to_string(id)};
  if (!IsValidUtf8(key) || Chars(key) > kStateKeyLength) words.push_back("--as-stored");
  words.push_back("--");
  words.push_back(key);
  return words;
}

// A value finding, kept until the scan is done (a COPY in progress takes
// the connection: the object's name is looked up afterwards).
struct ValueFinding {
  Kind kind;
  int64_t id;
  std::string key;
  std::string detail;
};

// What is wrong with one stored value, if anything.
void CheckValue(int64_t id, std::string_view key, std::string_view value,
                std::vector<ValueFinding>& out) {
  std::string k(key);
  if (!IsValidUtf8(key)) {
    out.push_back({Kind::kNotUtf8, id, k,
                   "key is not UTF-8: no Python string names it, so Buildbot never reads it"});
  } else if (Chars(key) > kStateKeyLength) {
    out.push_back({Kind::kLongKey, id, k,
                   "key of " + std::to_string(Chars(key)) +
                       " characters (column: 255): Buildbot's setState writes such a key "
                       "shortened and its getState looks it up whole, so they never meet"});
  }
  if (FastStrictJsonYes(value) || IsStrictJson(value)) return;
  auto parsed = ParseJson(value, JsonMode::kPython);
  if (parsed) return;
  if (!IsValidUtf8(value)) {
    out.push_back({Kind::kNotUtf8, id, k,
                   "value is not UTF-8: reading it fails, getState raises and the service "
                   "does not start"});
  } else {
    out.push_back({Kind::kBadJson, id, k,
                   "value is not JSON that Python's json.loads reads (" + parsed.error().message() +
                       "): getState raises and the service does not start"});
  }
}

// "2nd", "11th", "23rd".
std::string Ordinal(int64_t n) {
  int64_t tens = n % 100, ones = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : ones == 1                ? "st"
                       : ones == 2                ? "nd"
                       : ones == 3                ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

std::string OrphanDetail(int64_t id, int64_t values, std::optional<int64_t> next) {
  std::string detail = std::to_string(values) + (values == 1 ? " value" : " values") +
                       " of object id " + std::to_string(id) + ", which has no object row";
  if (!next) return detail;
  if (id == *next) return detail + "; the next object created (id " + std::to_string(id) + ") inherits them";
  if (id > *next) {
    return detail + "; the " + Ordinal(id - *next + 1) + " object created from now (id " +
           std::to_string(id) + ") inherits them";
  }
  return detail + "; no object created now gets id " + std::to_string(id) +
         ", but an import or a restored backup may";
}

class Checker {
 public:
  Checker(ReadTxn& txn, const std::function<Status(const CheckFinding&)>& sink)
      : txn_(txn), sink_(sink) {}

  Status Run() {
    STATECTL_RETURN_IF_ERROR(CheckObjects());
    STATECTL_RETURN_IF_ERROR(CheckValues());
    STATECTL_RETURN_IF_ERROR(CheckClaims());
    STATECTL_RETURN_IF_ERROR(CheckOrphans());
    return CheckIntegrity();
  }

  CheckReport report;

 private:
  Status Emit(CheckFinding finding) {
    ++(finding.problem ? report.problems : report.notices);
    return sink_(finding);
  }

  CheckFinding About(Kind kind, int64_t id, std::string_view name, std::string_view cls) {
    CheckFinding f;
    f.kind = kind;
    f.object_id = id;
    f.name = std::string(name);
    f.class_name = std::string(cls);
    return f;
  }

  Status CheckObjects() {
    std::vector<CheckFinding> found;
    std::vector<int64_t> ids;
    STATECTL_RETURN_IF_ERROR(txn_.state().ReadObjects([&](int64_t id, std::string_view cls,
                                                           std::string_view name) {
      ++report.objects;
      ids.push_back(id);
      if (!IsValidUtf8(name) || !IsValidUtf8(cls)) {
        CheckFinding f = About(Kind::kNotUtf8, id, name, cls);
        f.detail = std::string(IsValidUtf8(name) ? "class name" : "name") +
                   " is not UTF-8: Buildbot's getObjectId never finds this object";
        f.fix = Fix::kCommand;
        f.fix_words = DeleteObjectWords(id);
        found.push_back(std::move(f));
        return Status::Ok();
      }
      if (Chars(name) > kObjectNameLength) {
        CheckFinding f = About(Kind::kLongName, id, name, cls);
        f.detail = "name of " + std::to_string(Chars(name)) +
                   " characters (column: 128): Buildbot's getObjectId looks names up "
                   "shortened, so it never finds this object";
        f.fix = Fix::kCommand;
        f.fix_words = DeleteObjectWords(id);
        found.push_back(std::move(f));
      }
      if (Chars(cls) > kClassNameLength) {
        CheckFinding f = About(Kind::kLongClass, id, name, cls);
        f.problem = false;
        f.detail = "class name of " + std::to_string(Chars(cls)) +
                   " characters (column: 128): SQLite keeps it, PostgreSQL and MySQL "
                   "refuse it, so a copy there fails";
        f.fix = Fix::kManual;
        f.fix_text = "statectl rename with --class and --to-class, to a class name that fits";
        found.push_back(std::move(f));
      }
      return Status::Ok();
    }));
    tallies_ = IdTable<Tally>(ids);
    for (int64_t id : ids) tallies_.Find(id)->is_object = true;
    for (CheckFinding& f : found) STATECTL_RETURN_IF_ERROR(Emit(std::move(f)));
    return Status::Ok();
  }

  Status CheckValues() {
    std::vector<ValueFinding> found;
    STATECTL_RETURN_IF_ERROR(txn_.state().ReadValues([&](int64_t id, std::string_view key,
                                                          std::string_view value) {
      ++report.values;
      Tally* tally = tallies_.Find(id);
      if (!tally || !tally->is_object) {
        ++orphans_[id];
        return Status::Ok();
      }
      ++tally->values;
      CheckValue(id, key, value, found);
      return Status::Ok();
    }));
    for (ValueFinding& v : found) {
      auto obj = txn_.state().ObjectById(v.id);
      if (!obj) return obj.error();
      CheckFinding f;
    f.kind = v.kind;
      f.object_id = v.id;
      if (*obj) {
        f.name = (*obj)->name;
        f.class_name = (*obj)->class_name;
      }
      f.detail = std::move(v.detail);
      f.fix = Fix::kCommand;
      f.fix_words = DeleteValueWords(v.id, v.key);
      f.key = std::move(v.key);
      STATECTL_RETURN_IF_ERROR(Emit(std::move(f)));
    }
    return Status::Ok();
  }

  // Values of objects no service claims, while a master runs (when none
  // does, no claim is held, and every object would look abandoned).
  Status CheckClaims() {
    auto owners = Owners::Load(txn_.services(), std::time(nullptr));
    if (!owners) return owners.error();
    if (!owners->AnyRunning()) return Status::Ok();
    std::vector<CheckFinding> found;
    STATECTL_RETURN_IF_ERROR(txn_.state().ReadObjects([&](int64_t id, std::string_view cls,
                                                           std::string_view name) {
      const Tally* tally = tallies_.Find(id);
      int64_t values = tally ? tally->values : 0;  // an object made since the first read: none
      if (values == 0 || NeverClaimed(cls) || !owners->Of(std::string(name)).empty()) {
        return Status::Ok();
      }
      CheckFinding f = About(Kind::kUnclaimed, id, name, cls);
      f.problem = false;
      f.values = values;
      f.detail = std::to_string(values) + (values == 1 ? " value" : " values") +
                 " that no service of a master claims: state of a service removed or "
                 "renamed in master.cfg? (statectl rename carries it over; delete removes it)";
      f.fix = Fix::kManual;
      f.fix_text = "statectl rename or statectl delete --id " + std::to_string(id) +
                   " --object, if the service is gone";
      found.push_back(std::move(f));
      return Status::Ok();
    }));
    for (CheckFinding& f : found) STATECTL_RETURN_IF_ERROR(Emit(std::move(f)));
    return Status::Ok();
  }

  Status CheckOrphans() {
    if (orphans_.empty()) return Status::Ok();
    auto next = txn_.schema().NextObjectId();
    if (!next) return next.error();
    for (const auto& [id, values] : orphans_) {
      CheckFinding f;
    f.kind = Kind::kOrphanValues;
      f.object_id = id;
      f.values = values;
      f.detail = OrphanDetail(id, values, *next);
      f.fix = Fix::kByCheckFix;
      STATECTL_RETURN_IF_ERROR(Emit(std::move(f)));
    }
    return Status::Ok();
  }

  Status CheckIntegrity() {
    std::vector<std::string> problems;
    STATECTL_RETURN_IF_ERROR(txn_.schema().CheckIntegrity([&](std::string_view problem) {
      problems.emplace_back(problem);
      return Status::Ok();
    }));
    for (std::string& problem : problems) {
      CheckFinding f;
    f.kind = Kind::kIntegrity;
      f.detail = "the database's integrity check: " + problem;
      f.fix = Fix::kManual;
      f.fix_text = "REINDEX objects; REINDEX object_state; in sqlite3 for an index; for damaged "
                   "tables, restore a backup with statectl import --replace";
      STATECTL_RETURN_IF_ERROR(Emit(std::move(f)));
    }
    return Status::Ok();
  }

  ReadTxn& txn_;
  const std::function<Status(const CheckFinding&)>& sink_;
  // Per object: its values. A flat table, not a hash map: at 200k objects
  // the map's lookups, a cache miss each, were a quarter of a 10M-value
  // check on PostgreSQL and made it grow 1.8x per value from 1M.
  struct Tally {
    bool is_object = false;  // false: a gap between ids (an orphan's id)
    int64_t values = 0;
  };
  IdTable<Tally> tallies_{std::vector<int64_t>()};
  std::map<int64_t, int64_t> orphans_;              // missing object id -> its rows
};

}  // namespace

const char* CheckKindName(Kind kind) {
  switch (kind) {
    case Kind::kOrphanValues: return "orphan_values";
    case Kind::kBadJson: return "bad_json";
    case Kind::kNotUtf8: return "not_utf8";
    case Kind::kLongKey: return "long_key";
    case Kind::kLongName: return "long_name";
    case Kind::kLongClass: return "long_class";
    case Kind::kIntegrity: return "integrity";
    case Kind::kUnclaimed: return "unclaimed";
  }
  return "unknown";
}

Result<CheckReport> CheckState(Backend& db, bool fix,
                               const std::function<Status(const CheckFinding&)>& sink) {
  int64_t deleted = 0;
  if (fix) {
    auto txn = db.BeginWrite();
    if (!txn) return txn.error();
    auto count = (*txn)->schema().DeleteOrphanValues();
    if (!count) return count.error();
    STATECTL_RETURN_IF_ERROR((*txn)->Commit());
    deleted = *count;
  }
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  Checker checker(**txn, sink);
  STATECTL_RETURN_IF_ERROR(checker.Run());
  checker.report.orphans_deleted = deleted;
  return checker.report;
}

}  // namespace statectl
