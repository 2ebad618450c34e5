// The command table: each command is one cmd_*.cc with a Setup function.
#ifndef STATECTL_CLI_COMMANDS_H_
#define STATECTL_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/status.h"

namespace statectl {

// Options that every command takes, before or after its name.
struct GlobalOptions {
  std::string db_url;      // -d/--db, else $STATECTL_DB, else sqlite:///state.sqlite
  std::string master_dir;  // -m/--master: relative sqlite paths resolve here
  double timeout_seconds = 10;
};

// Filled by parsing. A Setup's callback only records what to run; main runs
// it after parsing, so no database work happens inside the parser.
struct CommandContext {
  GlobalOptions globals;
  std::string command;  // the chosen command's name, for error messages
  // The positional words, in order, for commands that take them (NAME CLASS
  // KEY VALUE). main collects them itself: CLI11 2.1.2 positionals split
  // "[1,2]" at the comma, take "-Infinity" for an option, and hand a "--"
  // after a subcommand's positionals to the parent. After "--", every word is
  // positional.
  std::vector<std::string> words;
  std::function<Status()> run;
};

struct Command {
  const char* name;
  bool takes_words;  // positional words, in CommandContext::words
  const char* help;
  void (*setup)(CLI::App& cmd, CommandContext& ctx);
};

// In help order.
const std::vector<Command>& Commands();

// Opens the database the global options name. Only init and import --init
// pass create = true.
Result<std::unique_ptr<Backend>> OpenDatabase(const GlobalOptions& globals, bool create);

std::chrono::milliseconds Timeout(const GlobalOptions& globals);

void SetupInit(CLI::App& cmd, CommandContext& ctx);
void SetupObjectId(CLI::App& cmd, CommandContext& ctx);
void SetupGet(CLI::App& cmd, CommandContext& ctx);
void SetupSet(CLI::App& cmd, CommandContext& ctx);
void SetupCreateOnce(CLI::App& cmd, CommandContext& ctx);
void SetupDump(CLI::App& cmd, CommandContext& ctx);
void SetupImport(CLI::App& cmd, CommandContext& ctx);

}  // namespace statectl

#endif  // STATECTL_CLI_COMMANDS_H_
