// What statectl prints: results on stdout, one-line errors on stderr.
#ifndef STATECTL_CLI_OUTPUT_H_
#define STATECTL_CLI_OUTPUT_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace statectl {

// Writes text and a newline to stdout; kDatabase if stdout cannot take it
// (a full disk, a closed pipe), so a script never trusts a cut result.
Status PrintLine(std::string_view text);

// As PrintLine, buffered: for many lines (diff, check), then FlushOutput().
Status WriteLine(std::string_view text);
Status FlushOutput();

// word as one shell word, for commands statectl prints for the user to
// run: as is when it needs no quoting, else in single quotes, or in $'...'
// when it holds control characters (so the command stays one line).
std::string ShellWord(std::string_view word);

// "statectl: COMMAND: message" (or "statectl: message") on stderr, one line.
void PrintError(std::string_view command, std::string_view message);

// A FILE argument opened for reading: the file, or standard input for "-"
// (never closed). kDatabase naming the file when it cannot be opened.
class InputFile {
 public:
  static Result<InputFile> Open(const std::string& name);
  FILE* get() const { return file_; }

 private:
  struct Close {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<FILE, Close> owned_;
  FILE* file_ = nullptr;
};

// All of standard input, for VALUE '-'.
Result<std::string> ReadStandardInput();

}  // namespace statectl

#endif  // STATECTL_CLI_OUTPUT_H_
