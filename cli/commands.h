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
#include "core/state_ops.h"
#include "core/status.h"

namespace statectl {

// Options that every command takes, before or after its name.
struct GlobalOptions {
  std::string db_url;      // -d/--db, else $STATECTL_DB, else sqlite:///state.sqlite
  std::string master_dir;  // -m/--master: relative sqlite paths resolve here
  std::string timeout_text;  // --timeout as given; checked by ParseTimeout
  double timeout_seconds = 10;
};

// --timeout's text as seconds: a number from 0 up to a day. kUsage, in
// statectl's words, for anything else.
Result<double> ParseTimeout(const std::string& text);

// --non-atomic, for a command that may write several rows (its help text
// written once).
void AddNonAtomicFlag(CLI::App& cmd, bool& flag);

// What a command does with the database.
enum class Access {
  kNone,        // never opens one
  kRead,        // reads only
  kWrite,       // writes what no master keeps in memory (init, object-id)
  kWriteState,  // writes state a running master may own: gets --force and
                // -q, and core's writes run the guard with ctx.Guard()
};

// Filled by parsing, then handed to the command's run function. Setup's
// callback only records what to run; main runs it after parsing, so no
// database work happens inside the parser. Used on the main thread only.
class CommandContext {
 public:
  GlobalOptions globals;
  std::string command;                 // the command's name, for messages
  const CLI::App* app = nullptr;       // the whole parsed command line (completion reads it)
  std::optional<std::string> id_text;  // --id, for commands that take an object
  bool force = false;                  // --force (kWriteState commands)
  bool non_atomic = false;             // --non-atomic (delete, rename)
  bool quiet = false;                  // -q: no notices, no warnings
  Words words;                         // the positional words, checked against the row
  std::function<Status(CommandContext&)> run;
  // The exit status of a run that succeeded without an error to print:
  // diff's "the states differ" and check's "problems found" (kNotFound: 1).
  Code outcome = Code::kOk;

  // What core's writes need: the guard's options (--force, warnings on
  // stderr unless -q), the notices ("created object ...") unless -q,
  // whether the write may create its object, and --non-atomic.
  GuardOptions Guard() const;
  WriteOptions Write(Create create = Create::kUnlessSlip) const;
  // A line on stderr, "statectl: COMMAND: ...", unless -q.
  void Notice(const std::string& line) const;

  // The database the global options name, opened on first use (a command
  // opens it only once its own arguments are known to be good): --db, else
  // $STATECTL_DB, else the db_url of master.cfg in the master directory (-m,
  // else the current one; core/master_cfg.h), else sqlite:///state.sqlite.
  // create: make it if missing (init, import --init). The Backend lives as
  // long as this context.
  Result<Backend*> Database(bool create = false);
  // Another database, by its URL (diff and copy have two), with the global
  // options' timeout and master directory. create as for Database().
  Result<std::unique_ptr<Backend>> Open(std::string_view url, bool create = false) const;
  std::chrono::milliseconds Timeout() const;
  // After the command ran: a database it created is kept if it succeeded,
  // removed if not (so a failed init or import --init leaves no file).
  void Finish(const Status& outcome);

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
void SetupList(CLI::App& cmd, CommandContext& ctx);
void SetupDelete(CLI::App& cmd, CommandContext& ctx);
void SetupRename(CLI::App& cmd, CommandContext& ctx);
void SetupCompletion(CLI::App& cmd, CommandContext& ctx);
void SetupVerify(CLI::App& cmd, CommandContext& ctx);
void SetupDiff(CLI::App& cmd, CommandContext& ctx);
void SetupCopy(CLI::App& cmd, CommandContext& ctx);
void SetupCheck(CLI::App& cmd, CommandContext& ctx);

}  // namespace statectl

#endif  // STATECTL_CLI_COMMANDS_H_
