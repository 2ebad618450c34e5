#include "cli/commands.h"

#include "backends/registry.h"
#include "core/db_url.h"

namespace statectl {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"init", false, "Create Buildbot's objects and object_state tables where absent", &SetupInit},
      {"object-id", false, "Print an object's id, creating it as Buildbot's getObjectId does",
       &SetupObjectId},
      {"get", true, "Print a stored state value", &SetupGet},
      {"set", true, "Store a state value as Buildbot's setState does", &SetupSet},
      {"create-once", true, "Store a value only if the key is absent; print the stored value",
       &SetupCreateOnce},
      {"dump", false, "Write all (or matching) state as a checksummed JSON Lines dump", &SetupDump},
      {"import", false, "Restore a dump, all or nothing", &SetupImport},
  };
  return kCommands;
}

std::chrono::milliseconds Timeout(const GlobalOptions& globals) {
  return std::chrono::milliseconds(static_cast<int64_t>(globals.timeout_seconds * 1000.0));
}

Result<std::unique_ptr<Backend>> OpenDatabase(const GlobalOptions& globals, bool create) {
  OpenOptions options;
  options.create_if_missing = create;
  options.timeout = Timeout(globals);
  options.master_dir = globals.master_dir;
  return OpenBackend(globals.db_url.empty() ? kDefaultDbUrl : std::string_view(globals.db_url),
                     options);
}

}  // namespace statectl
