#include "core/dump_format.h"

#include <charconv>
#include <cstdio>

#include "core/json_parse.h"
#include "core/json_write.h"
#include "core/utf8.h"

namespace statectl {
namespace {

// A non-negative decimal that fits an int64_t, all of text.
bool ParseCount(std::string_view text, int64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= 0;
}

const JsonNode* Field(const JsonNode& obj, std::string_view name) {
  for (size_t i = 0; i < obj.keys.size(); ++i) {
    if (obj.keys[i] == name) return &obj.items[i];
  }
  return nullptr;
}

Result<std::string> StringField(const JsonNode& obj, std::string_view name) {
  const JsonNode* f = Field(obj, name);
  if (!f) return Status::InvalidData("missing \"" + std::string(name) + "\"");
  if (f->type != JsonNode::Type::kString) {
    return Status::InvalidData("\"" + std::string(name) + "\" is not a string");
  }
  auto text = WtfToUtf8(f->text);
  if (!text) return text.error().WithContext("\"" + std::string(name) + "\"");
  return text;
}

Result<int64_t> CountField(const JsonNode& obj, std::string_view name) {
  const JsonNode* f = Field(obj, name);
  int64_t count = 0;
  if (!f || f->type != JsonNode::Type::kInteger ||
      !ParseCount(f->text, count)) {
    return Status::InvalidData("\"" + std::string(name) + "\" is not a count");
  }
  return count;
}

Status CheckFields(const JsonNode& obj, std::initializer_list<std::string_view> allowed) {
  for (size_t i = 0; i < obj.keys.size(); ++i) {
    bool known = false;
    for (auto a : allowed) known = known || obj.keys[i] == a;
    if (!known) return Status::InvalidData("unknown field \"" + obj.keys[i] + "\"");
    for (size_t j = 0; j < i; ++j) {
      if (obj.keys[j] == obj.keys[i]) {
        return Status::InvalidData("field \"" + obj.keys[i] + "\" appears twice");
      }
    }
  }
  return Status::Ok();
}

Result<DumpLine> DecodeControl(const JsonNode& obj) {
  auto format = StringField(obj, "format");
  if (!format) return format.error();
  if (*format != kDumpFormatName) return Status::InvalidData("not a statectl dump line");
  DumpLine line;
  if (Field(obj, "end")) {
    STATECTL_RETURN_IF_ERROR(CheckFields(obj, {"format", "end", "objects", "values", "sha256"}));
    if (Field(obj, "end")->type != JsonNode::Type::kTrue) {
      return Status::InvalidData("\"end\" is not true");
    }
    line.kind = DumpLine::Kind::kTrailer;
    auto objects = CountField(obj, "objects");
    if (!objects) return objects.error();
    auto values = CountField(obj, "values");
    if (!values) return values.error();
    auto sha = StringField(obj, "sha256");
    if (!sha) return sha.error();
    line.trailer = DumpTrailer{*objects, *values, *sha};
    return line;
  }
  STATECTL_RETURN_IF_ERROR(CheckFields(obj, {"format", "version", "created", "source"}));
  const JsonNode* version = Field(obj, "version");
  if (!version || version->type != JsonNode::Type::kInteger) {
    return Status::InvalidData("header has no \"version\"");
  }
  if (version->text != std::to_string(kDumpVersion)) {
    return Status::InvalidData("unsupported dump version " + version->text +
                               " (this statectl reads version 1)");
  }
  line.kind = DumpLine::Kind::kHeader;
  return line;
}

}  // namespace

std::string EncodeHeader(std::string_view created, std::string_view source) {
  std::string out = "{\"format\":\"statectl-dump\",\"version\":1,\"created\":";
  AppendJsonString(out, created);
  out += ",\"source\":";
  AppendJsonString(out, source);
  out += "}\n";
  return out;
}

Status AppendRecord(std::string& out, const Row& row) {
  if (!IsValidUtf8(row.class_name) || !IsValidUtf8(row.name) ||
      (row.key && !IsValidUtf8(*row.key))) {
    return Status::InvalidData("a name or key is not valid UTF-8 and cannot be dumped");
  }
  size_t start = out.size();
  out += "{\"class_name\":";
  AppendJsonString(out, row.class_name);
  out += ",\"name\":";
  AppendJsonString(out, row.name);
  if (row.key) {
    out += ",\"key\":";
    AppendJsonString(out, *row.key);
    const std::string& value = row.value_json.value();
    if (IsVerbatimDumpValue(value)) {
      out += ",\"value\":";
      out += value;
    } else {
      if (!IsValidUtf8(value)) {
        out.resize(start);
        return Status::InvalidData("stored value_json is not valid UTF-8 and cannot be dumped");
      }
      out += ",\"value_json\":";
      AppendJsonString(out, value);
    }
  }
  out += "}\n";
  return Status::Ok();
}

Result<std::string> EncodeRecord(const Row& row) {
  std::string out;
  STATECTL_RETURN_IF_ERROR(AppendRecord(out, row));
  return out;
}

std::string EncodeTrailer(const DumpTrailer& t) {
  return "{\"format\":\"statectl-dump\",\"end\":true,\"objects\":" + std::to_string(t.objects) +
         ",\"values\":" + std::to_string(t.values) + ",\"sha256\":\"" + t.sha256 + "\"}\n";
}

Result<DumpLine> DecodeLine(std::string_view text) {
  auto parsed = ParseJsonShallow(text);  // "value" is kept as its bytes: no tree needed
  if (!parsed) return parsed.error();
  const JsonNode& obj = *parsed;
  if (obj.type != JsonNode::Type::kObject) return Status::InvalidData("not a JSON object");
  if (Field(obj, "format")) return DecodeControl(obj);
  STATECTL_RETURN_IF_ERROR(CheckFields(obj, {"class_name", "name", "key", "value", "value_json"}));
  DumpLine line;
  auto class_name = StringField(obj, "class_name");
  if (!class_name) return class_name.error();
  auto name = StringField(obj, "name");
  if (!name) return name.error();
  line.record.class_name = std::move(*class_name);
  line.record.name = std::move(*name);
  const JsonNode* value = Field(obj, "value");
  const JsonNode* value_json = Field(obj, "value_json");
  if (!Field(obj, "key")) {
    if (value || value_json) return Status::InvalidData("a value without a \"key\"");
    return line;
  }
  auto key = StringField(obj, "key");
  if (!key) return key.error();
  line.record.key = std::move(*key);
  if ((value != nullptr) == (value_json != nullptr)) {
    return Status::InvalidData("a record with a key needs exactly one of \"value\", \"value_json\"");
  }
  if (value) {
    line.record.value_json = std::string(text.substr(value->begin, value->end - value->begin));
  } else {
    auto stored = StringField(obj, "value_json");
    if (!stored) return stored.error();
    line.record.value_json = std::move(*stored);
  }
  return line;
}

std::string ValueForDisplay(std::string_view value_json) {
  if (IsVerbatimDumpValue(value_json)) return std::string(value_json);
  std::string out = "value_json:";
  if (IsValidUtf8(value_json)) {
    AppendJsonString(out, value_json);
    return out;
  }
  // Not UTF-8: each byte outside ASCII as \xNN, so the line stays text.
  std::string ascii;
  for (char c : value_json) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      ascii += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      ascii += buf;
    }
  }
  AppendJsonString(out, ascii);
  return out;
}

std::string UnicodeForJson(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceAt(text, i);
    if (n) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
  }
  return out;
}

}  // namespace statectl
