// --pointer and --member: where inside a value get, set, delete and
// --expect work, taken one way by every command that has them.
#ifndef STATECTL_CLI_VALUE_PATH_H_
#define STATECTL_CLI_VALUE_PATH_H_

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/json_pointer.h"
#include "core/status.h"

namespace statectl {

struct PathOptions {
  std::optional<std::string> pointer;  // --pointer /a/b~1c
  std::vector<std::string> members;    // --member a --member b/c (literal names)
};

// Adds --pointer and --member to cmd.
void AddPathOptions(CLI::App& cmd, PathOptions& options);

// The path the options name (empty: the whole value). kUsage for both
// forms at once, or a malformed pointer.
Result<JsonPath> PathOf(const PathOptions& options);

}  // namespace statectl

#endif  // STATECTL_CLI_VALUE_PATH_H_
