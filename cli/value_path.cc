#include "cli/value_path.h"

namespace statectl {

void AddPathOptions(CLI::App& cmd, PathOptions& options) {
  cmd.add_option("--pointer", options.pointer,
                 "Inside the value: a JSON Pointer (RFC 6901), e.g. /master or /refs~1heads~1main")
      ->type_name("POINTER");
  cmd.add_option("--member", options.members,
                 "Inside the value: a member by its literal name, one level each (repeatable)")
      ->type_name("NAME")
      ->delimiter('\0');  // a name may hold commas
}

Result<JsonPath> PathOf(const PathOptions& options) {
  if (options.pointer && !options.members.empty()) {
    return Status::Usage("give --pointer or --member, not both");
  }
  if (options.pointer) return ParseJsonPointer(*options.pointer);
  return options.members;
}

}  // namespace statectl
