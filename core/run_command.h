// create-once --run: a shell command whose standard output is the value.
#ifndef STATECTL_CORE_RUN_COMMAND_H_
#define STATECTL_CORE_RUN_COMMAND_H_

#include <chrono>
#include <string>

#include "core/status.h"

namespace statectl {

// Runs command with /bin/sh -c, standard input and error inherited, and
// returns its standard output. kDatabase (a system failure) if it cannot
// start, exits non-zero, dies of a signal, or outlives timeout (it is then
// killed with its process group, so a held write lock is bounded).
Result<std::string> RunShellCommand(const std::string& command, std::chrono::milliseconds timeout);

}  // namespace statectl

#endif  // STATECTL_CORE_RUN_COMMAND_H_
