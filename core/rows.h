// What flows across the seam: object identities, rows of a scan, and the
// callbacks that receive them.
#ifndef STATECTL_CORE_ROWS_H_
#define STATECTL_CORE_ROWS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace statectl {

// An object's identity in Buildbot: the unique pair (name, class_name).
struct ObjectName {
  std::string name;
  std::string class_name;
};

// One record of a scan: an object with one of its values, or (key and
// value_json empty) an object that has no values.
struct Row {
  std::string class_name;
  std::string name;
  std::optional<std::string> key;
  std::optional<std::string> value_json;
};

// The bytes of text a row carries, for sizing batches of rows.
inline size_t PayloadBytes(const Row& row) {
  return row.class_name.size() + row.name.size() + (row.key ? row.key->size() : 0) +
         (row.value_json ? row.value_json->size() : 0);
}

// Gets each row of a scan; it may move from the row (the producer fills
// every field anew for the next one). A non-OK status stops the scan.
using RowSink = std::function<Status(Row&)>;
// Gets each object of a table read: its id, class name and name. The views
// die when it returns. A non-OK status stops the read.
using ObjectVisitor =
    std::function<Status(int64_t id, std::string_view class_name, std::string_view name)>;
// Gets each state row of a table read. The views die when it returns.
using ValueVisitor =
    std::function<Status(int64_t object_id, std::string_view key, std::string_view value_json)>;

// "'last_build'": how every message quotes a name, class or key. Quotes,
// backslashes and control characters are escaped as Python's repr does; a
// byte that is not part of UTF-8 is written \xNN, so messages stay text.
std::string Quoted(std::string_view text);
// "('nightly', 'Nightly')": how every message names an object, in the order
// of Buildbot's getObjectId(name, class_name).
std::string ObjectLabel(std::string_view name, std::string_view class_name);
inline std::string ObjectLabel(const ObjectName& obj) {
  return ObjectLabel(obj.name, obj.class_name);
}

}  // namespace statectl

#endif  // STATECTL_CORE_ROWS_H_
