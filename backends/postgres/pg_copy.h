// PostgreSQL's COPY formats, both ways, without a server: the binary format
// statectl reads (COPY ... TO STDOUT (FORMAT binary)) and the text format it
// writes (COPY ... FROM STDIN); and the text[] literal of a bound list.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_COPY_H_
#define STATECTL_BACKENDS_POSTGRES_PG_COPY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace statectl::pg {

// Reads the binary COPY format one data message at a time, as libpq hands
// them out: the first begins with the 19-byte header (signature, flags,
// extension area); each holds one tuple (int16 field count, then per field
// an int32 length, -1 for NULL, and the bytes); the last is the trailer, a
// count of -1. kDatabase "malformed COPY data" for anything else.
class BinaryCopyReader {
 public:
  using Fields = std::vector<std::optional<std::string_view>>;

  // The fields of the message's tuple (none for the header-only first
  // message and for the trailer), as views into data, valid until the next
  // call.
  Result<const Fields*> Tuple(std::string_view data);

 private:
  bool header_seen_ = false;
  Fields fields_;  // reused: no allocation per row
};

// A binary int8 field (8 bytes, big-endian); nullopt for any other size.
std::optional<int64_t> Int8Field(std::string_view field);

// Appends a field in COPY's text format: backslash, tab, newline and
// carriage return escaped; null is \N.
void AppendCopyField(std::string& out, const std::string* field);

// Appends one element of a text[] literal ("{a,b}"): double-quoted, with
// backslash and double quote escaped; for binding a list as one parameter.
void AppendArrayElement(std::string& out, std::string_view element);

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_COPY_H_
