#include "cli/commands.h"

#include "backends/registry.h"
#include "core/db_url.h"

namespace statectl {
namespace {

using Arity = Slot::Arity;

}  // namespace

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init", "Create Buildbot's objects and object_state tables where absent", {}, Access::kWrite,
       &SetupInit},
      {"object-id", "Print an object's id, creating it as Buildbot's getObjectId does",
       {false, {{"NAME"}, {"CLASS"}}}, Access::kWrite, &SetupObjectId},
      {"get", "Print a stored state value", {true, {{"KEY"}}}, Access::kRead, &SetupGet},
      {"set", "Store a state value as Buildbot's setState does", {true, {{"KEY"}, {"VALUE"}}},
       Access::kWrite, &SetupSet},
      {"create-once", "Store a value only if the key is absent; print the stored value",
       {true, {{"KEY"}, {"VALUE", Arity::kOptional}}}, Access::kWrite, &SetupCreateOnce},
      {"dump", "Write all (or matching) state as a checksummed JSON Lines dump", {},
       Access::kRead, &SetupDump},
      {"import", "Restore a dump, all or nothing", {false, {{"FILE", Arity::kOptional}}},
       Access::kWrite, &SetupImport},
  };
  return kCommands;
}

const Command* FindCommand(std::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

std::chrono::milliseconds CommandContext::Timeout() const {
  return std::chrono::milliseconds(static_cast<int64_t>(globals.timeout_seconds * 1000.0));
}

Result<Backend*> CommandContext::Database(bool create) {
  if (!db_) {
    OpenOptions options;
    options.create_if_missing = create;
    options.timeout = Timeout();
    options.master_dir = globals.master_dir;
    auto db = OpenBackend(globals.db_url.empty() ? kDefaultDbUrl : std::string_view(globals.db_url),
                          options);
    if (!db) return db.error();
    db_ = std::move(*db);
  }
  return db_.get();
}

}  // namespace statectl
