// Dump format v1: JSON Lines. Encoding and decoding of single lines, nothing
// more (reading and writing whole dumps is dump.h and import.h).
//
//   {"format":"statectl-dump","version":1,"created":"<UTC ISO-8601>","source":"sqlite"}
//   {"class_name":C,"name":N,"key":K,"value":<value_json verbatim>}
//   {"class_name":C,"name":N,"key":K,"value_json":"<stored text>"}   not one line of strict JSON
//   {"class_name":C,"name":N}                                         object without values
//   {"format":"statectl-dump","end":true,"objects":<n>,"values":<m>,"sha256":"<hex>"}
//
// The sha256 is the digest of the record lines (every byte after the header
// line and before the end line), so dumps of the same state share it.
#ifndef STATECTL_CORE_DUMP_FORMAT_H_
#define STATECTL_CORE_DUMP_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/backend.h"
#include "core/status.h"

namespace statectl {

inline constexpr std::string_view kDumpFormatName = "statectl-dump";
inline constexpr int64_t kDumpVersion = 1;

struct DumpTrailer {
  int64_t objects = 0;
  int64_t values = 0;
  std::string sha256;
};

// Each returns one line including its '\n'.
std::string EncodeHeader(std::string_view created, std::string_view source);
// kInvalidData if a name, key or value is not valid UTF-8 (JSON cannot hold it).
Result<std::string> EncodeRecord(const Row& row);
// EncodeRecord's line appended to out; on error out is as it was.
Status AppendRecord(std::string& out, const Row& row);
std::string EncodeTrailer(const DumpTrailer& trailer);

struct DumpLine {
  enum class Kind { kHeader, kRecord, kTrailer };
  Kind kind = Kind::kRecord;
  Row record;           // kRecord
  DumpTrailer trailer;  // kTrailer
};

// Decodes one line (without its '\n'). kInvalidData naming what is wrong; an
// unknown version is refused.
Result<DumpLine> DecodeLine(std::string_view line);

// How a diff line or a report shows a stored value on one line: verbatim
// when the dump would write it as "value", else "value_json:" and its text
// as a JSON string (a byte of text that is not UTF-8 written there as the
// four characters \xNN).
std::string ValueForDisplay(std::string_view value_json);

// text itself when it is valid UTF-8, else with each byte that is not part
// of a UTF-8 sequence replaced by U+FFFD: what --json shows of a stored
// value that JSON cannot hold (statectl check names such values).
std::string UnicodeForJson(std::string_view text);

}  // namespace statectl

#endif  // STATECTL_CORE_DUMP_FORMAT_H_
