// An edit of one stored value: all of it, or a member inside it, set or
// removed, optionally only if it still holds what the caller expects
// (compare-and-swap). Pure: it computes the new value_json; state_ops.h
// reads and writes it inside one transaction.
#ifndef STATECTL_CORE_VALUE_EDIT_H_
#define STATECTL_CORE_VALUE_EDIT_H_

#include <optional>
#include <string>

#include "core/json_pointer.h"
#include "core/status.h"

namespace statectl {

struct ValueEdit {
  enum class Op { kSet, kRemove };
  Op op = Op::kSet;
  JsonPath path;       // where in the value; empty: the whole value (kSet only)
  std::string json;    // kSet: the new value or member, JSON as Python's json.loads reads it
  // Compare-and-swap: the value (or the member at path) must now be this
  // JSON: its json.dumps form must equal that of json.loads(expect).
  std::optional<std::string> expect;
};

// Checks what the edit brings before anything is read: kInvalidData for a
// new value or --expect that is not JSON as Python reads it (naming which).
Status CheckEdit(const ValueEdit& edit);

// The value_json to store after the edit of stored (nullopt: the key is
// absent). Every byte not edited is what json.dumps(json.loads(stored))
// gives: key order kept, 1796146620.0 stays a float, NaN stays NaN.
// kNotFound for a path edit of an absent key or a missing member (or
// parent); kInvalidData for a stored value Python cannot read, a path
// through a scalar; kConflict when expect does not hold, naming what is
// there now.
Result<std::string> ApplyEdit(const std::optional<std::string>& stored, const ValueEdit& edit);

}  // namespace statectl

#endif  // STATECTL_CORE_VALUE_EDIT_H_
