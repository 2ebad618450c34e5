// What statectl prints: results on stdout, one-line errors on stderr.
#ifndef STATECTL_CLI_OUTPUT_H_
#define STATECTL_CLI_OUTPUT_H_

#include <string>
#include <string_view>

#include "core/status.h"

namespace statectl {

// Writes text and a newline to stdout; kDatabase if stdout cannot take it
// (a full disk, a closed pipe), so a script never trusts a cut result.
Status PrintLine(std::string_view text);

// "statectl: COMMAND: message" (or "statectl: message") on stderr, one line.
void PrintError(std::string_view command, std::string_view message);

// All of standard input, for VALUE '-'.
Result<std::string> ReadStandardInput();

}  // namespace statectl

#endif  // STATECTL_CLI_OUTPUT_H_
