#include "core/master_cfg.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/db_url.h"

namespace statectl {
namespace {

// Python's tokens, as much of them as finding db_url needs.
struct Token {
  enum class Kind { kName, kString, kOp, kNewline, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;       // a name, an operator, or a string's decoded value
  bool plain = true;      // a string: no f/b prefix, no escape beyond the simple ones
  int line = 0;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  std::vector<Token> All() {
    std::vector<Token> out;
    while (true) {
      Token t = Next();
      out.push_back(t);
      if (t.kind == Token::Kind::kEnd) return out;
    }
  }

 private:
  bool More() const { return pos_ < s_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }

  Token Make(Token::Kind kind, std::string text) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.line = line_;
    return t;
  }

  Token Next() {
    while (More()) {
      char c = Peek();
      if (c == '\\' && Peek(1) == '\n') {  // a continued line
        pos_ += 2;
        ++line_;
      } else if (c == '\n') {
        ++pos_;
        Token t = Make(Token::Kind::kNewline, "");
        ++line_;
        if (depth_ == 0) return t;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        ++pos_;
      } else if (c == '#') {
        while (More() && Peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
    if (!More()) return Make(Token::Kind::kEnd, "");
    size_t prefix = 0;
    while (prefix < 2 && std::strchr("rRbBuUfF", Peek(prefix)) && Peek(prefix) != '\0') ++prefix;
    if (Peek(prefix) == '\'' || Peek(prefix) == '"') return String(prefix);
    char c = Peek();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (More() && (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '_')) ++pos_;
      return Make(Token::Kind::kName, std::string(s_.substr(start, pos_ - start)));
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos_;
      while (More() && (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '.')) ++pos_;
      return Make(Token::Kind::kOp, std::string(s_.substr(start, pos_ - start)));
    }
    if (std::strchr("([{", c)) ++depth_;
    if (std::strchr(")]}", c) && depth_ > 0) --depth_;
    // Two-character operators, so that "==" and "+=" are never "=".
    if (std::strchr("=!<>+-*/%&|^:", c) && Peek(1) == '=') {
      pos_ += 2;
      return Make(Token::Kind::kOp, std::string{c, '='});
    }
    ++pos_;
    return Make(Token::Kind::kOp, std::string(1, c));
  }

  Token String(size_t prefix) {
    std::string letters(s_.substr(pos_, prefix));
    bool raw = letters.find_first_of("rR") != std::string::npos;
    Token t = Make(Token::Kind::kString, "");
    t.plain = letters.find_first_of("fFbB") == std::string::npos;
    pos_ += prefix;
    char quote = Peek();
    bool triple = Peek(1) == quote && Peek(2) == quote;
    pos_ += triple ? 3 : 1;
    while (More()) {
      char c = Peek();
      if (c == quote && (!triple || (Peek(1) == quote && Peek(2) == quote))) {
        pos_ += triple ? 3 : 1;
        return t;
      }
      if (c == '\n') {
        ++line_;
        if (!triple) break;  // an unterminated literal: not one statectl can read
      }
      if (c == '\\') {
        char e = Peek(1);
        pos_ += 2;
        if (e == '\n') ++line_;
        if (raw) {
          t.text += c;
          t.text += e;
          continue;
        }
        switch (e) {
          case '\\': t.text += '\\'; break;
          case '\'': t.text += '\''; break;
          case '"': t.text += '"'; break;
          case 'n': t.text += '\n'; break;
          case 't': t.text += '\t'; break;
          case '\n': break;
          default: t.plain = false;  // \x, \u, \N{...}: not worth reading here
        }
        continue;
      }
      t.text += c;
      ++pos_;
    }
    t.plain = false;
    return t;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int line_ = 1;
  int depth_ = 0;
};

bool IsOp(const std::vector<Token>& t, size_t i, std::string_view op) {
  return i < t.size() && t[i].kind == Token::Kind::kOp && t[i].text == op;
}

bool IsString(const std::vector<Token>& t, size_t i, std::string_view value) {
  return i < t.size() && t[i].kind == Token::Kind::kString && t[i].plain && t[i].text == value;
}

// One place master.cfg sets db_url (or c['db']).
struct Setting {
  int line = 0;
  std::optional<std::string> url;  // nullopt: not a form statectl can read
};

// The plain string literals at t[i] up to a token that ends an expression.
std::optional<std::string> Literal(const std::vector<Token>& t, size_t i) {
  std::string value;
  size_t start = i;
  while (i < t.size() && t[i].kind == Token::Kind::kString) {
    if (!t[i].plain) return std::nullopt;
    value += t[i].text;
    ++i;
  }
  if (i == start) return std::nullopt;
  bool ends = i >= t.size() || t[i].kind == Token::Kind::kNewline ||
              t[i].kind == Token::Kind::kEnd || IsOp(t, i, ",") || IsOp(t, i, "}") ||
              IsOp(t, i, ")") || IsOp(t, i, ";");
  return ends ? std::optional<std::string>(value) : std::nullopt;
}

std::vector<Setting> Settings(const std::vector<Token>& t) {
  std::vector<Setting> found;
  for (size_t i = 0; i < t.size(); ++i) {
    bool subscript_assigned =
        i > 0 && IsOp(t, i - 1, "[") && IsOp(t, i + 1, "]") && IsOp(t, i + 2, "=");
    if (IsString(t, i, "db_url")) {
      if (subscript_assigned) {
        found.push_back({t[i].line, Literal(t, i + 3)});  // X['db_url'] = ...
      } else if (IsOp(t, i + 1, ":")) {
        found.push_back({t[i].line, Literal(t, i + 2)});  // {'db_url': ...}
      }
    } else if (t[i].kind == Token::Kind::kName && t[i].text == "db_url" && i > 0 &&
               (IsOp(t, i - 1, "(") || IsOp(t, i - 1, ",")) && IsOp(t, i + 1, "=")) {
      found.push_back({t[i].line, Literal(t, i + 2)});  // dict(db_url=...)
    } else if (IsString(t, i, "db") && subscript_assigned) {
      // c['db'] = ...: a dict literal's db_url is found above; else unreadable.
      bool dict = IsOp(t, i + 3, "{") ||
                  (i + 4 < t.size() && t[i + 3].kind == Token::Kind::kName &&
                   t[i + 3].text == "dict" && IsOp(t, i + 4, "("));
      if (!dict) found.push_back({t[i].line, std::nullopt});
    }
  }
  return found;
}

}  // namespace

Result<std::string> DbUrlFromMasterCfg(std::string_view text) {
  std::vector<Setting> settings = Settings(Lexer(text).All());
  if (settings.empty()) return std::string(kDefaultDbUrl);
  for (const Setting& s : settings) {
    if (!s.url) {
      return Status::Usage("line " + std::to_string(s.line) +
                           " sets db_url in a form statectl cannot read without running it (a "
                           "variable, a call, an f-string, a secret); give the URL with --db or "
                           "$STATECTL_DB");
    }
  }
  for (const Setting& s : settings) {
    if (*s.url != *settings.front().url) {
      return Status::Usage("lines " + std::to_string(settings.front().line) + " and " +
                           std::to_string(s.line) +
                           " set db_url to different URLs; give the URL with --db or $STATECTL_DB");
    }
  }
  return *settings.front().url;
}

Result<std::optional<std::string>> ReadMasterCfgDbUrl(const std::string& dir) {
  std::string path = (dir.empty() ? std::string(".") : dir) + "/master.cfg";
  struct stat st;
  if (stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::optional<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Database("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  auto url = DbUrlFromMasterCfg(text.str());
  if (!url) return url.error().WithContext(path);
  return std::optional<std::string>(*url);
}

}  // namespace statectl
