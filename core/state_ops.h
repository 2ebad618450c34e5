// Buildbot's state API (getObjectId, getState, setState, atomicCreateState)
// over a Backend, with the races each one must survive.
#ifndef STATECTL_CORE_STATE_OPS_H_
#define STATECTL_CORE_STATE_OPS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "core/backend.h"
#include "core/status.h"

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

// getObjectId: the object's id, creating the row unless !create (then
// kNotFound if absent). Looks up in a read transaction first, so an existing
// object costs the running master no write lock.
Result<int64_t> ObjectId(Backend& db, const std::string& name, const std::string& class_name,
                         bool create);

// getState: the stored value_json, or nullopt if the object or key is absent.
// kNotFound for an --id that names no object.
Result<std::optional<std::string>> GetState(Backend& db, const ObjectRef& ref,
                                            const std::string& key);

// setState: stores json.dumps(json.loads(value)) and returns what is stored
// afterwards (the winner's value if a concurrent insert won). kInvalidData if
// value is not JSON as Python reads it; kNotFound for an unknown --id.
Result<std::string> SetState(Backend& db, const ObjectRef& ref, const std::string& key,
                             const std::string& value);

// atomicCreateState: if the key is absent, stores make_value()'s JSON and
// returns it; otherwise returns the stored value and never calls make_value.
// make_value runs inside the write transaction, so concurrent callers run it
// at most once per key.
Result<std::string> CreateOnce(Backend& db, const ObjectRef& ref, const std::string& key,
                               const std::function<Result<std::string>()>& make_value);

}  // namespace statectl

#endif  // STATECTL_CORE_STATE_OPS_H_
