// statectl set (NAME CLASS | --id ID) KEY VALUE [--print]
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct SetOptions {
  bool print = false;
};

Status RunSet(const SetOptions& opts, CommandContext& ctx) {
  std::string value = ctx.words.one("VALUE");
  if (value == "-") {
    auto input = ReadStandardInput();
    if (!input) return input.error();
    value = std::move(*input);
  }
  auto db = ctx.Database();
  if (!db) return db.error();
  auto stored = SetState(**db, ctx.words.object(), ctx.words.one("KEY"), value);
  if (!stored) return stored.error();
  return opts.print ? PrintLine(*stored) : Status::Ok();
}

}  // namespace

void SetupSet(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<SetOptions>();
  cmd.add_flag("--print", opts->print, "Print the value actually stored");
  cmd.footer(
      "VALUE is JSON as Python's json.loads reads it ('-' reads standard input); put -- before\n"
      "a VALUE that starts with '-' (negative numbers and -Infinity need none).");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunSet(*opts, c); }; });
}

}  // namespace statectl
