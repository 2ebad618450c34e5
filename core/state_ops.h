// Buildbot's state API (getObjectId, getState, setState, atomicCreateState)
// over a Backend, with the races each one must survive, and what an
// operator's edit adds: edits inside a value, compare-and-swap, the refusal
// to create an object by a typo, and the guard against a running master.
#ifndef STATECTL_CORE_STATE_OPS_H_
#define STATECTL_CORE_STATE_OPS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "core/backend.h"
#include "core/guard.h"
#include "core/status.h"
#include "core/value_edit.h"

namespace statectl {

// How a command names an object: by (name, class) as given by the user (not
// yet shortened), or by its id.
struct ObjectRef {
  std::optional<int64_t> id;
  std::string name;
  std::string class_name;

  static ObjectRef Named(std::string name, std::string class_name) {
    return ObjectRef{std::nullopt, std::move(name), std::move(class_name)};
  }
  static ObjectRef WithId(int64_t id) { return ObjectRef{id, {}, {}}; }
};

// "object 7" or "object ('nightly', 'Nightly')".
std::string Describe(const ObjectRef& ref);

// Whether a write may create the object it names.
enum class Create {
  kUnlessSlip,  // as getObjectId does, unless it looks like a typo (core/near_miss.h)
  kAlways,      // --create
  kNever,       // --no-create
};

struct WriteOptions {
  Create create = Create::kUnlessSlip;
  GuardOptions guard;                                // the running-master guard's (core/guard.h)
  // "created object 11 ('n', 'C')", told once the write has committed; may be empty
  std::function<void(const std::string&)> notice;
  // Write several rows even where the database cannot roll back (--non-atomic;
  // core/all_or_nothing.h). Writes of one value never need it.
  bool non_atomic = false;
};

// getObjectId: the object's id, creating the row unless !create (then
// kNotFound if absent). Looks up in a read transaction first, so an existing
// object costs the running master no write lock.
Result<int64_t> ObjectId(Backend& db, const std::string& name, const std::string& class_name,
                         bool create);

// getState: the stored value_json, or nullopt if the object or key is absent.
// kNotFound for an --id that names no object.
Result<std::optional<std::string>> GetState(Backend& db, const ObjectRef& ref,
                                            const std::string& key);

// Why GetState found nothing, as the kNotFound to report: "no value for key
// 'k' of object ('n', 'C')", or "no such object ('n', 'C')" with what it may
// be a typo for.
Status MissingValue(Backend& db, const ObjectRef& ref, const std::string& key);

// setState, and edits inside a value: stores what ApplyEdit (value_edit.h)
// makes of the stored value, in one write transaction (the stored value read
// with GetValueForUpdate, so a concurrent writer is never undone) and returns
// what is stored afterwards (for a whole value, the winner's if a concurrent
// insert won, as setState does). Creates the object as options say (kNotFound
// when it may not); a path edit needs the key (kNotFound). kOwned (unless
// forced) when a running master owns the object. kInvalidData, kConflict as
// ApplyEdit; nothing is written on any error.
Result<std::string> SetState(Backend& db, const ObjectRef& ref, const std::string& key,
                             const ValueEdit& edit, const WriteOptions& options = {});
// setState itself: the whole value, JSON as json.loads reads it.
Result<std::string> SetState(Backend& db, const ObjectRef& ref, const std::string& key,
                             const std::string& value, const WriteOptions& options = {});

// atomicCreateState: if the key is absent, stores make_value()'s JSON and
// returns it; otherwise returns the stored value and never calls make_value.
// make_value runs inside the write transaction, so concurrent callers run it
// at most once per key. Creation and the guard as SetState.
Result<std::string> CreateOnce(Backend& db, const ObjectRef& ref, const std::string& key,
                               const std::function<Result<std::string>()>& make_value,
                               const WriteOptions& options = {});

// The object's id in a transaction, or nullopt when absent; kNotFound for
// an --id that names no object. The name is shortened as Buildbot does.
Result<std::optional<int64_t>> FindObject(StateReader& state, const ObjectRef& ref);

// The kNotFound for an object ref names that does not exist, with what it
// may be a typo for.
Status NoSuchObject(StateReader& state, const ObjectRef& ref);

}  // namespace statectl

#endif  // STATECTL_CORE_STATE_OPS_H_
