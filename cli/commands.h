// The command table: each command is one cmd_*.cc with a Setup function
// and one row here, which says what it takes and what it needs.
#ifndef STATECTL_CLI_COMMANDS_H_
#define STATECTL_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/words.h"
#include "core/backend.h"
#include "core/status.h"

namespace statectl {

// Options that every command takes, before or after its name.
struct GlobalOptions {
  std::string db_url;      // -d/--db, else $STATECTL_DB, else sqlite:///state.sqlite
  std::string master_dir;  // -m/--master: relative sqlite paths resolve here
  double timeout_seconds = 10;
};

// What a command does with the database.
enum class Access {
  kNone,   // never opens one
  kRead,   // reads only
  kWrite,  // writes (the checks every write shares go here)
};

// Filled by parsing, then handed to the command's run function. Setup's
// callback only records what to run; main runs it after parsing, so no
// database work happens inside the parser. Used on the main thread only.
class CommandContext {
 public:
  GlobalOptions globals;
  std::optional<std::string> id_text;  // --id, for commands that take an object
  Words words;                         // the positional words, checked against the row
  std::function<Status(CommandContext&)> run;

  // The database the global options name, opened on first use (a command
  // opens it only once its own arguments are known to be good). create:
  // make it if missing (init, import --init). The Backend lives as long as
  // this context.
  Result<Backend*> Database(bool create = false);
  std::chrono::milliseconds Timeout() const;

 private:
  std::unique_ptr<Backend> db_;
};

struct Command {
  const char* name;
  const char* help;
  Positionals positionals;
  Access access;
  void (*setup)(CLI::App& cmd, CommandContext& ctx);
};

// In help order.
const std::vector<Command>& Commands();
// The row of that name, or null.
const Command* FindCommand(std::string_view name);

void SetupInit(CLI::App& cmd, CommandContext& ctx);
void SetupObjectId(CLI::App& cmd, CommandContext& ctx);
void SetupGet(CLI::App& cmd, CommandContext& ctx);
void SetupSet(CLI::App& cmd, CommandContext& ctx);
void SetupCreateOnce(CLI::App& cmd, CommandContext& ctx);
void SetupDump(CLI::App& cmd, CommandContext& ctx);
void SetupImport(CLI::App& cmd, CommandContext& ctx);

}  // namespace statectl

#endif  // STATECTL_CLI_COMMANDS_H_
