#include "core/rows.h"

#include <cstdio>

#include "core/utf8.h"

namespace statectl {

std::string Quoted(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      // UTF-8 as is; a byte outside it as \xNN, so the message stays text
      size_t n = Utf8SequenceAt(text, i);
      if (n) {
        out.append(text.substr(i, n));
        i += n - 1;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", u);
        out += buf;
      }
      continue;
    }
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20 || u == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", u);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '\'';
  return out;
}

std::string ObjectLabel(std::string_view name, std::string_view class_name) {
  return "(" + Quoted(name) + ", " + Quoted(class_name) + ")";
}

}  // namespace statectl
