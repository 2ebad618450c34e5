#include "backends/postgres/pg_copy.h"

namespace statectl::pg {
namespace {

uint16_t Read16(const char* p) {
  return static_cast<uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                               static_cast<unsigned char>(p[1]));
}
uint32_t Read32(const char* p) { return (static_cast<uint32_t>(Read16(p)) << 16) | Read16(p + 2); }

Status Malformed() { return Status::Database("malformed COPY data from PostgreSQL"); }

}  // namespace

Result<const BinaryCopyReader::Fields*> BinaryCopyReader::Tuple(std::string_view data) {
  static constexpr std::string_view kSignature("PGCOPY\n\xff\r\n\0", 11);
  fields_.clear();
  if (!header_seen_) {
    if (data.size() < 19 || data.substr(0, 11) != kSignature) return Malformed();
    uint32_t extension = Read32(data.data() + 15);
    if (data.size() - 19 < extension) return Malformed();
    data.remove_prefix(19 + extension);
    header_seen_ = true;
    if (data.empty()) return &fields_;
  }
  if (data.size() < 2) return Malformed();
  auto count = static_cast<int16_t>(Read16(data.data()));
  data.remove_prefix(2);
  if (count < 0) return &fields_;  // the trailer
  for (int16_t i = 0; i < count; ++i) {
    if (data.size() < 4) return Malformed();
    auto len = static_cast<int32_t>(Read32(data.data()));
    data.remove_prefix(4);
    if (len < 0) {
      fields_.emplace_back();
      continue;
    }
    if (data.size() < static_cast<size_t>(len)) return Malformed();
    fields_.emplace_back(data.substr(0, static_cast<size_t>(len)));
    data.remove_prefix(static_cast<size_t>(len));
  }
  return &fields_;
}

std::optional<int64_t> Int8Field(std::string_view field) {
  if (field.size() != 8) return std::nullopt;
  uint64_t v = 0;
  for (char c : field) v = v << 8 | static_cast<unsigned char>(c);
  return static_cast<int64_t>(v);
}

void AppendCopyField(std::string& out, const std::string* field) {
  if (!field) {
    out += "\\N";
    return;
  }
  // Runs of ordinary bytes are appended whole: a value is mostly those.
  const char* run = field->data();
  const char* end = run + field->size();
  for (const char* p = run; p != end; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c > '\r' && c != '\\') continue;
    const char* escaped = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
    if (!escaped) continue;
    out.append(run, p);
    out += escaped;
    run = p + 1;
  }
  out.append(run, end);
}

void AppendArrayElement(std::string& out, std::string_view element) {
  out += '"';
  while (true) {
    size_t special = element.find_first_of("\\\"");
    out.append(element.substr(0, special));
    if (special == std::string_view::npos) break;
    out += '\\';
    out += element[special];
    element.remove_prefix(special + 1);
  }
  out += '"';
}

}  // namespace statectl::pg
