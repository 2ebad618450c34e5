// "(NAME CLASS | --id ID) ..." positional arguments, shared by get, set and
// create-once.
#ifndef STATECTL_CLI_OBJECT_REF_H_
#define STATECTL_CLI_OBJECT_REF_H_

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/state_ops.h"
#include "core/status.h"

namespace statectl {

struct ObjectArgs {
  std::optional<int64_t> id;                         // --id
  const std::vector<std::string>* words = nullptr;   // CommandContext::words
};

// Adds --id to cmd; the positional words come from ctx.words.
void AddObjectArgs(CLI::App& cmd, ObjectArgs& args, const std::string& rest_help,
                   const CommandContext& ctx);

// Splits args into the object and the rest. The rest must be between
// min_rest and max_rest words; kUsage naming what is missing or extra.
Result<ObjectRef> TakeObjectRef(const ObjectArgs& args, size_t min_rest, size_t max_rest,
                                std::string_view rest_names, std::vector<std::string>& rest);

}  // namespace statectl

#endif  // STATECTL_CLI_OBJECT_REF_H_
