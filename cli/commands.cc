#include "cli/commands.h"

#include <charconv>

#include "backends/registry.h"
#include "cli/output.h"
#include "core/db_url.h"
#include "core/master_cfg.h"

namespace statectl {
namespace {

using Arity = Slot::Arity;

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init", "Create Buildbot's objects and object_state tables where absent", {}, Access::kWrite,
       &SetupInit},
      {"list", "List objects (or their keys) with their size and the master that owns them", {},
       Access::kRead, &SetupList},
      {"object-id", "Print an object's id, creating it as Buildbot's getObjectId does",
       {false, {{"NAME"}, {"CLASS"}}}, Access::kWrite, &SetupObjectId},
      {"get", "Print a stored state value, or a member inside it", {true, {{"KEY"}}},
       Access::kRead, &SetupGet},
      {"set", "Store a value (or a member inside it) as Buildbot's setState does",
       {true, {{"KEY"}, {"VALUE"}}}, Access::kWriteState, &SetupSet},
      {"create-once", "Store a value only if the key is absent; print the stored value",
       {true, {{"KEY"}, {"VALUE", Arity::kOptional}}}, Access::kWriteState, &SetupCreateOnce},
      {"delete", "Delete values, a member inside one, or objects with their values",
       {true, {{"KEY", Arity::kMany}}, /*object_optional=*/true}, Access::kWriteState,
       &SetupDelete},
      {"rename", "Give a service's state objects a new name or class", {false, {{"NAME"}}},
       Access::kWriteState, &SetupRename},
      {"dump", "Write all (or matching) state as a checksummed JSON Lines dump", {},
       Access::kRead, &SetupDump},
      {"verify", "Check dump files without a database", {false, {{"FILE", Arity::kMany}}},
       Access::kNone, &SetupVerify},
      {"diff", "Compare two states (databases or dumps) record by record",
       {false, {{"A"}, {"B"}}}, Access::kNone, &SetupDiff},
      {"import", "Restore a dump, all or nothing", {false, {{"FILE", Arity::kOptional}}},
       Access::kWriteState, &SetupImport},
      {"copy", "Copy state from one database into another, as dump | import", {},
       Access::kWriteState, &SetupCopy},
      {"check", "Find damage Buildbot trips on (orphans, bad values, long keys); --fix", {},
       Access::kWrite, &SetupCheck},
      {"completion", "Print a shell completion script (bash or zsh)",
       {false, {{"SHELL", Arity::kOptional}}},
       Access::kNone, &SetupCompletion},
  };
  return kCommands;
}

const Command* FindCommand(std::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

void AddNonAtomicFlag(CLI::App& cmd, bool& flag) {
  cmd.add_flag("--non-atomic", flag,
               "Write even where the database cannot roll back (MySQL's MyISAM tables): "
               "a failure half way keeps what was written");
}

Result<double> ParseTimeout(const std::string& text) {
  double seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(seconds >= 0) ||
      seconds > 86400) {
    return Status::Usage("--timeout must be a number of seconds from 0 to 86400, not '" + text + "'");
  }
  return seconds;
}

std::chrono::milliseconds CommandContext::Timeout() const {
  return std::chrono::milliseconds(static_cast<int64_t>(globals.timeout_seconds * 1000.0));
}

void CommandContext::Notice(const std::string& line) const {
  if (!quiet) PrintError(command, line);
}

GuardOptions CommandContext::Guard() const {
  GuardOptions guard;
  guard.force = force;
  guard.warn = [this](const std::string& line) { Notice(line); };
  return guard;
}

WriteOptions CommandContext::Write(Create create) const {
  WriteOptions options;
  options.create = create;
  options.guard = Guard();
  options.notice = [this](const std::string& line) { Notice(line); };
  options.non_atomic = non_atomic;
  return options;
}

void CommandContext::Finish(const Status& outcome) {
  if (!db_) return;
  if (outcome.ok()) {
    db_->KeepCreated();
  } else {
    db_->DropCreated();
  }
}

Result<std::unique_ptr<Backend>> CommandContext::Open(std::string_view url, bool create) const {
  OpenOptions options;
  options.create_if_missing = create;
  options.timeout = Timeout();
  options.master_dir = globals.master_dir;
  return OpenBackend(url, options);
}

Result<Backend*> CommandContext::Database(bool create) {
  if (!db_) {
    std::string url = globals.db_url;
    if (url.empty()) {
      auto from_cfg = ReadMasterCfgDbUrl(globals.master_dir);
      if (!from_cfg) return from_cfg.error();
      url = from_cfg->value_or(std::string(kDefaultDbUrl));
    }
    auto db = Open(url, create);
    if (!db) return db.error();
    db_ = std::move(*db);
  }
  return db_.get();
}

}  // namespace statectl
