#include "cli/output.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/db_url.h"
#include "core/utf8.h"

namespace statectl {

Status PrintLine(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
      std::fputc('\n', stdout) == EOF || std::fflush(stdout) != 0) {
    return Status::Database(std::string("cannot write to standard output: ") +
                            std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteLine(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
      std::fputc('\n', stdout) == EOF) {
    return Status::Database(std::string("cannot write to standard output: ") +
                            std::strerror(errno));
  }
  return Status::Ok();
}

Status FlushOutput() {
  if (std::fflush(stdout) != 0) {
    return Status::Database(std::string("cannot write to standard output: ") +
                            std::strerror(errno));
  }
  return Status::Ok();
}

std::string ShellWord(std::string_view word) {
  bool plain = !word.empty();
  bool control = !IsValidUtf8(word);
  for (char c : word) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || (c != 0 && std::strchr("_@%+=:,./-", c)))) plain = false;
    if (u < 0x20 || u == 0x7F) control = true;
  }
  if (plain) return std::string(word);
  std::string out;
  if (!control) {
    out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }
  // bash's and zsh's ANSI-C quoting: the line stays one line of text
  out = "$'";
  for (size_t i = 0; i < word.size(); ++i) {
    auto u = static_cast<unsigned char>(word[i]);
    size_t n = Utf8SequenceAt(word, i);
    if (word[i] == '\'' || word[i] == '\\') {
      out += '\\';
      out += word[i];
    } else if (n == 0 || u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out.append(word.substr(i, n));
      i += n - 1;
    }
  }
  return out + "'";
}

void PrintError(std::string_view command, std::string_view message) {
  std::string line = "statectl: ";
  if (!command.empty()) {
    line += command;
    line += ": ";
  }
  for (char c : RedactUrl(message)) line += (c == '\n' || c == '\r') ? ' ' : c;  // one line
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

Result<InputFile> InputFile::Open(const std::string& name) {
  InputFile in;
  if (name == "-") {
    in.file_ = stdin;
    return in;
  }
  in.owned_.reset(std::fopen(name.c_str(), "rb"));
  if (!in.owned_) return Status::Database("cannot open '" + name + "': " + std::strerror(errno));
  in.file_ = in.owned_.get();
  return in;
}

Result<std::string> ReadStandardInput() {
  std::string data;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) data.append(buf, n);
  if (std::ferror(stdin)) {
    return Status::Database(std::string("cannot read standard input: ") + std::strerror(errno));
  }
  return data;
}

}  // namespace statectl
