#include "core/object_names.h"

#include "core/digest.h"
#include "core/utf8.h"

namespace statectl {

Result<std::string> EnsureLength(std::string_view value, size_t max_chars) {
  if (!IsValidUtf8(value)) return Status::InvalidData("not valid UTF-8");
  size_t chars = 0;
  size_t half_end = value.size();  // byte offset after max_chars/2 characters
  for (size_t i = 0; i < value.size(); ++i) {
    if ((static_cast<unsigned char>(value[i]) & 0xC0) == 0x80) continue;  // continuation
    if (chars == max_chars / 2) half_end = i;
    ++chars;
  }
  if (chars <= max_chars) return std::string(value);
  return std::string(value.substr(0, half_end)) + Sha1Hex(value);
}

Result<ObjectName> StoredObjectName(std::string_view name, std::string_view class_name) {
  auto stored = EnsureLength(name, kObjectNameLength);
  if (!stored) return stored.error().WithContext("object name");
  if (!IsValidUtf8(class_name)) return Status::InvalidData("class name: not valid UTF-8");
  return ObjectName{std::move(stored).value(), std::string(class_name)};
}

Result<std::string> StoredKey(std::string_view key) {
  auto stored = EnsureLength(key, kStateKeyLength);
  if (!stored) return stored.error().WithContext("key");
  return stored;
}

}  // namespace statectl
