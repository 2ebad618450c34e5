// The only place statectl's exit codes are numbered (man page: EXIT STATUS).
#ifndef STATECTL_CLI_EXIT_CODE_H_
#define STATECTL_CLI_EXIT_CODE_H_

#include "core/status.h"

namespace statectl {

// 0 ok, 1 not found, 2 usage, 3 invalid input data, 4 conflict,
// 5 database or system error, 6 owned by a running master.
int ExitCodeFor(Code code);

}  // namespace statectl

#endif  // STATECTL_CLI_EXIT_CODE_H_
