#include "cli/object_ref.h"

namespace statectl {

void AddObjectArgs(CLI::App& cmd, ObjectArgs& args, const std::string& rest_help,
                   const CommandContext& ctx) {
  args.words = &ctx.words;
  cmd.add_option("--id", args.id, "The object by its id instead of NAME CLASS (then: " +
                                      rest_help + ")")
      ->type_name("ID");
}

Result<ObjectRef> TakeObjectRef(const ObjectArgs& args, size_t min_rest, size_t max_rest,
                                std::string_view rest_names, std::vector<std::string>& rest) {
  const std::vector<std::string>& words = *args.words;
  ObjectRef ref;
  size_t first = 0;
  std::string expected = args.id ? std::string(rest_names) : "NAME CLASS " + std::string(rest_names);
  if (args.id) {
    ref.id = args.id;
  } else {
    if (words.size() < 2 + min_rest) {
      return Status::Usage("expected " + expected + " (or --id ID " + std::string(rest_names) + ")");
    }
    ref.name = words[0];
    ref.class_name = words[1];
    first = 2;
  }
  size_t count = words.size() - first;
  if (count < min_rest || count > max_rest) {
    return Status::Usage("expected " + expected + ", got " + std::to_string(words.size()) +
                         " argument" + (words.size() == 1 ? "" : "s"));
  }
  rest.assign(words.begin() + static_cast<std::ptrdiff_t>(first), words.end());
  return ref;
}

}  // namespace statectl
