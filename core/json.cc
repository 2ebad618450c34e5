#include "core/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>


namespace statectl {
namespace {

// Python refuses int() of longer digit strings (sys.get_int_max_str_digits()).
constexpr size_t kMaxIntegerDigits = 4300;

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Encodes a code point as UTF-8; surrogates (U+D800..U+DFFF) too, giving WTF-8.
void AppendCodePoint(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one code point of (already validated) WTF-8 at s[i]; advances i.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (int k = 1; k < n && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += n;
  return cp;
}

void AppendUnicodeEscape(std::string& out, uint32_t unit) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\u%04x", unit);
  out += buf;
}

// A JSON string literal as Python's json.dumps writes it (ensure_ascii).
void AppendPythonString(std::string& out, std::string_view wtf8) {
  out += '"';
  for (size_t i = 0; i < wtf8.size();) {
    uint32_t cp = NextCodePoint(wtf8, i);
    switch (cp) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp >= 0x20 && cp <= 0x7E) {
          out += static_cast<char>(cp);
        } else if (cp > 0xFFFF) {
          uint32_t v = cp - 0x10000;
          AppendUnicodeEscape(out, 0xD800 | (v >> 10));
          AppendUnicodeEscape(out, 0xDC00 | (v & 0x3FF));
        } else {
          AppendUnicodeEscape(out, cp);
        }
    }
  }
  out += '"';
}

// Accepts exactly what ParseJson(text, kStrict) accepts, building nothing:
// the dump checks every stored value with it.
class StrictValidator {
 public:
  explicit StrictValidator(std::string_view text, size_t pos = 0) : s_(text), pos_(pos) {}

  // Validates the one value at pos (nested at depth) without the document's
  // UTF-8 check; on success, pos is just past it.
  static bool SkipValue(std::string_view text, size_t& pos, int depth) {
    StrictValidator v(text, pos);
    if (!v.Value(depth)) return false;
    pos = v.pos_;
    return true;
  }

  bool Document() {
    if (!IsValidUtf8(s_) || s_.substr(0, 3) == "\xEF\xBB\xBF") return false;
    SkipSpace();
    if (!Value(1)) return false;
    SkipSpace();
    return pos_ == s_.size();
  }

 private:
  bool More() const { return pos_ < s_.size(); }
  void SkipSpace() {
    while (More() && IsJsonSpace(s_[pos_])) ++pos_;
  }
  bool Consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Digit(size_t i) const { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; }

  bool Value(int depth) {
    if (!More()) return false;
    char c = s_[pos_];
    if (c == '{' || c == '[') return depth <= kMaxJsonDepth && Container(c, depth);
    if (c == '"') return String();
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    return Consume("null") || Consume("true") || Consume("false");
  }

  bool Container(char open, int depth) {
    char close = open == '{' ? '}' : ']';
    ++pos_;
    SkipSpace();
    if (More() && s_[pos_] == close) {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (open == '{') {
        if (!More() || s_[pos_] != '"' || !String()) return false;
        SkipSpace();
        if (!More() || s_[pos_] != ':') return false;
        ++pos_;
        SkipSpace();
      }
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (!More()) return false;
      if (s_[pos_] == ',') {
        ++pos_;
      } else if (s_[pos_] == close) {
        ++pos_;
        return true;
      } else {
        return false;
      }
    }
  }

  bool String() {
    ++pos_;
    while (More()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') continue;
      if (!More()) return false;
      char e = s_[pos_++];
      if (e == 'u') {
        if (pos_ + 4 > s_.size()) return false;
        for (int k = 0; k < 4; ++k) {
          if (HexValue(s_[pos_ + k]) < 0) return false;
        }
        pos_ += 4;
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return false;
      }
    }
    return false;
  }

  bool Number() {
    if (s_[pos_] == '-') ++pos_;
    if (!Digit(pos_)) return false;
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (Digit(pos_)) ++pos_;
    }
    if (More() && s_[pos_] == '.' && Digit(pos_ + 1)) {
      ++pos_;
      while (Digit(pos_)) ++pos_;
    }
    if (More() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      size_t e = pos_ + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (Digit(e)) {
        pos_ = e;
        while (Digit(pos_)) ++pos_;
      }
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
};


class Parser {
 public:
  // shallow: containers below the top-level value are validated, not built
  // (they keep only their type and byte span).
  Parser(std::string_view text, JsonMode mode, bool shallow = false)
      : s_(text), mode_(mode), shallow_(shallow) {}

  Result<JsonNode> ParseDocument() {
    if (!IsValidUtf8(s_)) return Status::InvalidData("invalid JSON: not valid UTF-8");
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") return Fail("unexpected UTF-8 byte order mark");
    SkipSpace();
    JsonNode root;
    STATECTL_RETURN_IF_ERROR(ParseValue(root, 1));
    SkipSpace();
    if (pos_ != s_.size()) return Fail("extra data after the value");
    return root;
  }

 private:
  Status Fail(std::string_view what) const { return FailAt(what, pos_); }
  Status FailAt(std::string_view what, size_t at) const {
    size_t line = 1, col = 1;
    for (size_t i = 0; i < at && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    return Status::InvalidData("invalid JSON: " + std::string(what) + " at line " +
                               std::to_string(line) + ", column " + std::to_string(col));
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsJsonSpace(s_[pos_])) ++pos_;
  }
  bool Consume(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Status ParseValue(JsonNode& out, int depth) {
    if (pos_ >= s_.size()) return Fail("expecting a value");
    out.begin = pos_;
    Status st;
    char c = s_[pos_];
    if (c == '{' || c == '[') {
      if (depth > kMaxJsonDepth) {
        return Fail("value nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      }
      if (shallow_ && depth >= 2) {
        out.type = c == '{' ? JsonNode::Type::kObject : JsonNode::Type::kArray;
        if (!StrictValidator::SkipValue(s_, pos_, depth)) {
          return Fail("invalid nested value");  // ParseJsonShallow finds the exact fault
        }
        out.end = pos_;
        return Status::Ok();
      }
      st = c == '{' ? ParseObject(out, depth) : ParseArray(out, depth);
    } else if (c == '"') {
      out.type = JsonNode::Type::kString;
      st = ParseString(out.text);
    } else if (Consume("null")) {
      out.type = JsonNode::Type::kNull;
    } else if (Consume("true")) {
      out.type = JsonNode::Type::kTrue;
    } else if (Consume("false")) {
      out.type = JsonNode::Type::kFalse;
    } else if (mode_ == JsonMode::kPython && Consume("NaN")) {
      out.type = JsonNode::Type::kFloat;
      out.text = "NaN";
    } else if (mode_ == JsonMode::kPython && Consume("Infinity")) {
      out.type = JsonNode::Type::kFloat;
      out.text = "Infinity";
    } else if (mode_ == JsonMode::kPython && Consume("-Infinity")) {
      out.type = JsonNode::Type::kFloat;
      out.text = "-Infinity";
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      st = ParseNumber(out);
    } else {
      return Fail("expecting a value");
    }
    out.end = pos_;
    return st;
  }

  Status ParseArray(JsonNode& out, int depth) {
    out.type = JsonNode::Type::kArray;
    ++pos_;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return Status::Ok();
    }
    while (true) {
      SkipSpace();
      out.items.emplace_back();
      STATECTL_RETURN_IF_ERROR(ParseValue(out.items.back(), depth + 1));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return Status::Ok();
      } else {
        return Fail("expecting ',' or ']'");
      }
    }
  }

  Status ParseObject(JsonNode& out, int depth) {
    out.type = JsonNode::Type::kObject;
    ++pos_;
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return Status::Ok();
    }
    std::unordered_map<std::string, size_t> index;  // Python mode: key -> member
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        return Fail("expecting a property name in double quotes");
      }
      std::string key;
      STATECTL_RETURN_IF_ERROR(ParseString(key));
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return Fail("expecting ':' delimiter");
      ++pos_;
      SkipSpace();
      JsonNode value;
      STATECTL_RETURN_IF_ERROR(ParseValue(value, depth + 1));
      auto found = mode_ == JsonMode::kPython ? index.find(key) : index.end();
      if (found != index.end()) {
        // A dict keeps the first key's place and the last value.
        out.items[found->second] = std::move(value);
      } else {
        if (mode_ == JsonMode::kPython) index.emplace(key, out.items.size());
        out.keys.push_back(std::move(key));
        out.items.push_back(std::move(value));
      }
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return Status::Ok();
      } else {
        return Fail("expecting ',' or '}'");
      }
    }
  }

  Result<uint32_t> ParseHex4() {
    if (pos_ + 4 > s_.size()) return Fail("invalid \\uXXXX escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = HexValue(s_[pos_ + k]);
      if (h < 0) return Fail("invalid \\uXXXX escape");
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    return v;
  }

  // Decodes a string literal at pos_ into WTF-8, as Python's scanner does.
  Status ParseString(std::string& out) {
    size_t start = pos_++;
    while (true) {
      if (pos_ >= s_.size()) return FailAt("unterminated string", start);
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return Status::Ok();
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("invalid control character in string");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= s_.size()) return FailAt("unterminated string", start);
      char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto unit = ParseHex4();
          if (!unit) return unit.error();
          uint32_t cp = *unit;
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
            size_t save = pos_;
            pos_ += 2;
            auto low = ParseHex4();
            if (!low) return low.error();
            if (*low >= 0xDC00 && *low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate; the next escape stands alone
            }
          }
          AppendCodePoint(out, cp);
          break;
        }
        default:
          pos_ -= 1;
          return Fail("invalid escape");
      }
    }
  }

  Status ParseNumber(JsonNode& out) {
    size_t start = pos_;
    auto digit = [&](size_t i) { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; };
    if (s_[pos_] == '-') ++pos_;
    if (!digit(pos_)) return Fail("expecting a value");
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit(pos_)) ++pos_;
    }
    bool is_float = false;
    if (pos_ < s_.size() && s_[pos_] == '.' && digit(pos_ + 1)) {
      is_float = true;
      ++pos_;
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      size_t e = pos_ + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (digit(e)) {
        is_float = true;
        pos_ = e;
        while (digit(pos_)) ++pos_;
      }
    }
    std::string_view token = s_.substr(start, pos_ - start);
    if (mode_ == JsonMode::kStrict) {
      out.type = is_float ? JsonNode::Type::kFloat : JsonNode::Type::kInteger;
      out.text = std::string(token);
      return Status::Ok();
    }
    if (is_float) {
      out.type = JsonNode::Type::kFloat;
      std::string copy(token);  // strtod needs a terminator; "C" locale
      out.text = PythonFloatRepr(std::strtod(copy.c_str(), nullptr));
      return Status::Ok();
    }
    out.type = JsonNode::Type::kInteger;
    bool negative = token[0] == '-';
    std::string_view digits = negative ? token.substr(1) : token;
    if (digits.size() > kMaxIntegerDigits) {
      return FailAt("integer has " + std::to_string(digits.size()) +
                        " digits; Python's limit is " + std::to_string(kMaxIntegerDigits),
                    start);
    }
    out.text = (negative && digits != "0") ? std::string(token) : std::string(digits);
    return Status::Ok();
  }

  std::string_view s_;
  JsonMode mode_;
  bool shallow_;
  size_t pos_ = 0;
};

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

Result<JsonNode> ParseJson(std::string_view text, JsonMode mode) {
  return Parser(text, mode).ParseDocument();
}

Result<JsonNode> ParseJsonShallow(std::string_view text) {
  auto shallow = Parser(text, JsonMode::kStrict, true).ParseDocument();
  if (shallow) return shallow;
  return ParseJson(text, JsonMode::kStrict).error();  // the full parser words the fault
}

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

std::string PythonFloatRepr(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  // Shortest round-trip digits, as Python's repr uses.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  std::string out;
  if (sci[0] == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exp10 = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  if (exp10 < -4 || exp10 >= 16) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    char e[16];
    std::snprintf(e, sizeof e, "e%c%02d", exp10 < 0 ? '-' : '+', std::abs(exp10));
    out += e;
  } else if (exp10 >= 0) {
    auto int_len = static_cast<size_t>(exp10) + 1;
    if (digits.size() <= int_len) {
      out += digits;
      out.append(int_len - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, int_len);
      out += '.';
      out += digits.substr(int_len);
    }
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-exp10 - 1), '0');
    out += digits;
  }
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
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        AppendUnicodeEscape(out, static_cast<unsigned char>(c));
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

Result<std::string> WtfToUtf8(std::string_view wtf8) {
  for (size_t i = 0; i + 1 < wtf8.size(); ++i) {
    // Surrogates encode as ED A0..BF xx; valid UTF-8 never holds them.
    if (static_cast<unsigned char>(wtf8[i]) == 0xED &&
        static_cast<unsigned char>(wtf8[i + 1]) >= 0xA0) {
      return Status::InvalidData("string holds a lone UTF-16 surrogate, which has no UTF-8 form");
    }
  }
  return std::string(wtf8);
}

bool IsValidUtf8(std::string_view text) {
  // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    // Skip ASCII eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, s + i, 8);
      if (chunk & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

bool IsStrictJson(std::string_view text) { return StrictValidator(text).Document(); }

bool IsVerbatimDumpValue(std::string_view text) {
  if (text.empty() || IsJsonSpace(text.front()) || IsJsonSpace(text.back())) return false;
  // Two vectorized passes; find_first_of would call memchr once per byte.
  if (std::memchr(text.data(), '\n', text.size()) || std::memchr(text.data(), '\r', text.size())) {
    return false;
  }
  return IsStrictJson(text);
}

}  // namespace statectl
