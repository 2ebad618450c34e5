// statectl set (NAME CLASS | --id ID) KEY VALUE [--print]
#include <memory>

#include "cli/commands.h"
#include "cli/object_ref.h"
#include "cli/output.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct SetOptions {
  ObjectArgs object;
  bool print = false;
};

Status RunSet(const SetOptions& opts, const GlobalOptions& globals) {
  std::vector<std::string> rest;
  auto ref = TakeObjectRef(opts.object, 2, 2, "KEY VALUE", rest);
  if (!ref) return ref.error();
  std::string value = rest[1];
  if (value == "-") {
    auto input = ReadStandardInput();
    if (!input) return input.error();
    value = std::move(*input);
  }
  auto db = OpenDatabase(globals, false);
  if (!db) return db.error();
  auto stored = SetState(**db, *ref, rest[0], value);
  if (!stored) return stored.error();
  return opts.print ? PrintLine(*stored) : Status::Ok();
}

}  // namespace

void SetupSet(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<SetOptions>();
  AddObjectArgs(cmd, opts->object, "KEY VALUE ('-' reads standard input)", ctx);
  cmd.add_flag("--print", opts->print, "Print the value actually stored");
  cmd.footer(
      "Usage: statectl set (NAME CLASS | --id ID) KEY VALUE [--print]\n"
      "VALUE is JSON as Python's json.loads reads it; put -- before a VALUE that starts with '-'.");
  cmd.callback([opts, &ctx] { ctx.run = [opts, &ctx] { return RunSet(*opts, ctx.globals); }; });
}

}  // namespace statectl
