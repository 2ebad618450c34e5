#include "cli/output.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/db_url.h"

namespace statectl {

Status PrintLine(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
      std::fputc('\n', stdout) == EOF || std::fflush(stdout) != 0) {
    return Status::Database(std::string("cannot write to standard output: ") +
                            std::strerror(errno));
  }
  return Status::Ok();
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
