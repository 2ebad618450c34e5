// Buildbot's names as stored: ensureLength() shortening for object names and
// state keys.
#ifndef STATECTL_CORE_OBJECT_NAMES_H_
#define STATECTL_CORE_OBJECT_NAMES_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/backend.h"
#include "core/status.h"

namespace statectl {

inline constexpr size_t kObjectNameLength = 128;  // objects.name VARCHAR(128)
inline constexpr size_t kClassNameLength = 128;   // objects.class_name VARCHAR(128)
inline constexpr size_t kStateKeyLength = 255;    // object_state.name VARCHAR(255)

// Buildbot's ensureLength(): a value of more than max_chars Unicode
// characters becomes its first max_chars/2 characters followed by the SHA-1
// hex digest of the whole value's UTF-8 bytes. Shorter values are unchanged.
// kInvalidData if value is not valid UTF-8.
Result<std::string> EnsureLength(std::string_view value, size_t max_chars);

// The stored form of a name and class given on the command line or in a
// dump: the name shortened, the class kept (Buildbot does not shorten it).
Result<ObjectName> StoredObjectName(std::string_view name, std::string_view class_name);
// The stored form of a state key.
Result<std::string> StoredKey(std::string_view key);

}  // namespace statectl

#endif  // STATECTL_CORE_OBJECT_NAMES_H_
