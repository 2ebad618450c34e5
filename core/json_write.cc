#include "core/json_write.h"

#include <cstdio>

#include "core/utf8.h"

namespace statectl {
namespace {

void AppendUnicodeEscape(std::string& out, uint32_t unit) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", unit);
  out += buf;
}

// The two-character escape JSON has for c (\" \\ \n \r \t \b \f), or null.
const char* ShortEscape(uint32_t c) {
  switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
    default: return nullptr;
  }
}

// A JSON string literal as Python's json.dumps writes it (ensure_ascii).
void AppendPythonString(std::string& out, std::string_view wtf8) {
  out += '"';
  for (size_t i = 0; i < wtf8.size();) {
    uint32_t cp = NextCodePoint(wtf8, i);
    if (const char* escape = ShortEscape(cp)) {
      out += escape;
    } else if (cp >= 0x20 && cp <= 0x7E) {
      out += static_cast<char>(cp);
    } else if (cp > 0xFFFF) {
      uint32_t v = cp - 0x10000;
      AppendUnicodeEscape(out, 0xD800 | (v >> 10));
      AppendUnicodeEscape(out, 0xDC00 | (v & 0x3FF));
    } else {
      AppendUnicodeEscape(out, cp);
    }
  }
  out += '"';
}

void AppendDumps(std::string& out, const JsonNode& v) {
  switch (v.type) {
    case JsonNode::Type::kNull: out += "null"; return;
    case JsonNode::Type::kTrue: out += "true"; return;
    case JsonNode::Type::kFalse: out += "false"; return;
    case JsonNode::Type::kInteger:
    case JsonNode::Type::kFloat: out += v.text; return;
    case JsonNode::Type::kString: AppendPythonString(out, v.text); return;
    case JsonNode::Type::kArray:
      out += '[';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ", ";
        AppendDumps(out, v.items[i]);
      }
      out += ']';
      return;
    case JsonNode::Type::kObject:
      out += '{';
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ", ";
        AppendPythonString(out, v.keys[i]);
        out += ": ";
        AppendDumps(out, v.items[i]);
      }
      out += '}';
      return;
  }
}

void AppendPretty(std::string& out, const JsonNode& v, int indent) {
  auto newline = [&](int level) {
    out += '\n';
    out.append(static_cast<size_t>(level) * 2, ' ');
  };
  bool is_array = v.type == JsonNode::Type::kArray;
  if ((!is_array && v.type != JsonNode::Type::kObject) || v.items.empty()) {
    AppendDumps(out, v);
    return;
  }
  out += is_array ? '[' : '{';
  for (size_t i = 0; i < v.items.size(); ++i) {
    if (i) out += ',';
    newline(indent + 1);
    if (!is_array) {
      AppendPythonString(out, v.keys[i]);
      out += ": ";
    }
    AppendPretty(out, v.items[i], indent + 1);
  }
  newline(indent);
  out += is_array ? ']' : '}';
}

}  // namespace

std::string PythonDumps(const JsonNode& value) {
  std::string out;
  AppendDumps(out, value);
  return out;
}

Result<std::string> PythonRoundTrip(std::string_view text) {
  auto parsed = ParseJson(text, JsonMode::kPython);
  if (!parsed) return parsed.error();
  return PythonDumps(*parsed);
}

std::string PrettyJson(const JsonNode& value) {
  std::string out;
  AppendPretty(out, value, 0);
  return out;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  size_t run = 0;  // characters before i that need no escape, appended at once
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    auto u = static_cast<unsigned char>(c);
    if (const char* escape = ShortEscape(u)) {
      out += escape;
    } else {
      AppendUnicodeEscape(out, u);
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

}  // namespace statectl
