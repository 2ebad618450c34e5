#include "core/json_parse.h"

#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "core/fast_json_check.h"
#include "core/float_repr.h"
#include "core/utf8.h"

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

// The grammar, once. Each scanning method builds into the node (or string)
// it is given and only checks when given none; on a fault it returns false
// with the fault's description and position kept for Error().
class Scanner {
 public:
  // shallow: containers nested below the top-level value are checked, not
  // built (they keep their type and span).
  Scanner(std::string_view text, JsonMode mode, bool shallow = false)
      : s_(text), mode_(mode), shallow_(shallow) {}

  bool Document(JsonNode* root) {
    if (!IsValidUtf8(s_)) {
      utf8_fault_ = true;
      return false;
    }
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") return Fail("unexpected UTF-8 byte order mark");
    SkipSpace();
    if (!Value(root, 1)) return false;
    SkipSpace();
    if (pos_ != s_.size()) return Fail("extra data after the value");
    return true;
  }

  // The fault Document() found, worded with its line and column.
  Status Error() const {
    if (utf8_fault_) return Status::InvalidData("invalid JSON: not valid UTF-8");
    size_t line = 1, col = 1;
    for (size_t i = 0; i < fault_at_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(s_[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    return Status::InvalidData("invalid JSON: " + fault_ + " at line " + std::to_string(line) +
                               ", column " + std::to_string(col));
  }

 private:
  bool Fail(std::string what) { return FailAt(std::move(what), pos_); }
  bool FailAt(std::string what, size_t at) {
    fault_ = std::move(what);
    fault_at_ = at;
    return false;
  }

  bool More() const { return pos_ < s_.size(); }
  bool At(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool Digit(size_t i) const { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; }
  void SkipSpace() {
    while (More() && IsJsonSpace(s_[pos_])) ++pos_;
  }
  bool Consume(std::string_view word) {
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  bool Value(JsonNode* out, int depth) {
    if (!More()) return Fail("expecting a value");
    size_t begin = pos_;
    char c = s_[pos_];
    bool ok = true;
    if (c == '{' || c == '[') {
      if (depth > kMaxJsonDepth) {
        return Fail("value nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
      }
      if (out) out->type = c == '{' ? JsonNode::Type::kObject : JsonNode::Type::kArray;
      JsonNode* build = shallow_ && depth >= 2 ? nullptr : out;
      ok = c == '{' ? Object(build, depth) : Array(build, depth);
    } else if (c == '"') {
      if (out) out->type = JsonNode::Type::kString;
      ok = String(out ? &out->text : nullptr);
    } else if (Consume("null")) {
      if (out) out->type = JsonNode::Type::kNull;
    } else if (Consume("true")) {
      if (out) out->type = JsonNode::Type::kTrue;
    } else if (Consume("false")) {
      if (out) out->type = JsonNode::Type::kFalse;
    } else if (mode_ == JsonMode::kPython &&
               (Consume("NaN") || Consume("Infinity") || Consume("-Infinity"))) {
      if (out) {
        out->type = JsonNode::Type::kFloat;
        out->text = std::string(s_.substr(begin, pos_ - begin));
      }
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      ok = Number(out);
    } else {
      return Fail("expecting a value");
    }
    if (out) {
      out->begin = begin;
      out->end = pos_;
    }
    return ok;
  }

  bool Array(JsonNode* out, int depth) {
    ++pos_;
    SkipSpace();
    if (At(']')) {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      JsonNode* item = nullptr;
      if (out) item = &out->items.emplace_back();
      if (!Value(item, depth + 1)) return false;
      SkipSpace();
      if (At(',')) {
        ++pos_;
      } else if (At(']')) {
        ++pos_;
        return true;
      } else {
        return Fail("expecting ',' or ']'");
      }
    }
  }

  bool Object(JsonNode* out, int depth) {
    ++pos_;
    SkipSpace();
    if (At('}')) {
      ++pos_;
      return true;
    }
    std::unordered_map<std::string, size_t> index;  // Python mode: key -> member
    std::string key;
    JsonNode value;
    while (true) {
      SkipSpace();
      if (!At('"')) return Fail("expecting a property name in double quotes");
      key.clear();
      if (!String(out ? &key : nullptr)) return false;
      SkipSpace();
      if (!At(':')) return Fail("expecting ':' delimiter");
      ++pos_;
      SkipSpace();
      if (!out) {
        if (!Value(nullptr, depth + 1)) return false;
      } else {
        value = JsonNode();
        if (!Value(&value, depth + 1)) return false;
        auto found = mode_ == JsonMode::kPython ? index.find(key) : index.end();
        if (found != index.end()) {
          out->items[found->second] = std::move(value);  // a dict: first place, last value
        } else {
          if (mode_ == JsonMode::kPython) index.emplace(key, out->items.size());
          out->keys.push_back(std::move(key));
          out->items.push_back(std::move(value));
        }
      }
      SkipSpace();
      if (At(',')) {
        ++pos_;
      } else if (At('}')) {
        ++pos_;
        return true;
      } else {
        return Fail("expecting ',' or '}'");
      }
    }
  }

  bool Hex4(uint32_t* unit) {
    if (pos_ + 4 > s_.size()) return Fail("invalid \\uXXXX escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = HexValue(s_[pos_ + k]);
      if (h < 0) return Fail("invalid \\uXXXX escape");
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += 4;
    *unit = v;
    return true;
  }

  // The string literal at pos_, decoded into *out (WTF-8, as Python's
  // scanner decodes it) unless out is null.
  bool String(std::string* out) {
    size_t start = pos_++;
    while (true) {
      size_t run = pos_;
      while (pos_ < s_.size()) {
        auto c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++pos_;
      }
      if (out) out->append(s_.data() + run, pos_ - run);
      if (!More()) return FailAt("unterminated string", start);
      char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') return Fail("invalid control character in string");
      ++pos_;
      if (!More()) return FailAt("unterminated string", start);
      char e = s_[pos_++];
      char plain = 0;
      switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!Hex4(&cp)) return false;
          if (!out) break;  // a following low surrogate is checked as an escape of its own
          if (cp >= 0xD800 && cp <= 0xDBFF && s_.compare(pos_, 2, "\\u") == 0) {
            size_t save = pos_;
            pos_ += 2;
            uint32_t low;
            if (!Hex4(&low)) return false;
            if (low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else {
              pos_ = save;  // a lone high surrogate; the next escape stands alone
            }
          }
          AppendWtf8(*out, cp);
          break;
        }
        default:
          --pos_;
          return Fail("invalid escape");
      }
      if (plain && out) *out += plain;
    }
  }

  bool Number(JsonNode* out) {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (!Digit(pos_)) return Fail("expecting a value");
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (Digit(pos_)) ++pos_;
    }
    bool is_float = false;
    if (At('.') && Digit(pos_ + 1)) {
      is_float = true;
      ++pos_;
      while (Digit(pos_)) ++pos_;
    }
    if (At('e') || At('E')) {
      size_t e = pos_ + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (Digit(e)) {
        is_float = true;
        pos_ = e;
        while (Digit(pos_)) ++pos_;
      }
    }
    std::string_view token = s_.substr(start, pos_ - start);
    bool negative = token[0] == '-';
    std::string_view digits = negative ? token.substr(1) : token;
    if (mode_ == JsonMode::kPython && !is_float && digits.size() > kMaxIntegerDigits) {
      return FailAt("integer has " + std::to_string(digits.size()) +
                        " digits; Python's limit is " + std::to_string(kMaxIntegerDigits),
                    start);
    }
    if (!out) return true;
    out->type = is_float ? JsonNode::Type::kFloat : JsonNode::Type::kInteger;
    if (mode_ == JsonMode::kStrict) {
      out->text = std::string(token);
    } else if (is_float) {
      std::string copy(token);  // strtod needs a terminator; "C" locale
      out->text = PythonFloatRepr(std::strtod(copy.c_str(), nullptr));
    } else {
      out->text = (negative && digits != "0") ? std::string(token) : std::string(digits);
    }
    return true;
  }

  std::string_view s_;
  JsonMode mode_;
  bool shallow_;
  size_t pos_ = 0;
  bool utf8_fault_ = false;
  std::string fault_;
  size_t fault_at_ = 0;
};

}  // namespace

Result<JsonNode> ParseJson(std::string_view text, JsonMode mode) {
  Scanner scanner(text, mode);
  JsonNode root;
  if (!scanner.Document(&root)) return scanner.Error();
  return root;
}

Result<JsonNode> ParseJsonShallow(std::string_view text) {
  Scanner scanner(text, JsonMode::kStrict, /*shallow=*/true);
  JsonNode root;
  if (!scanner.Document(&root)) return scanner.Error();
  return root;
}

bool IsStrictJson(std::string_view text) {
  return Scanner(text, JsonMode::kStrict).Document(nullptr);
}

bool IsVerbatimDumpValue(std::string_view text) {
  if (text.empty() || IsJsonSpace(text.front()) || IsJsonSpace(text.back())) return false;
  // Two vectorized passes; find_first_of would call memchr once per byte.
  if (std::memchr(text.data(), '\n', text.size()) || std::memchr(text.data(), '\r', text.size())) {
    return false;
  }
  return FastStrictJsonYes(text) || IsStrictJson(text);
}

}  // namespace statectl
