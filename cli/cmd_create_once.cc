// statectl create-once (NAME CLASS | --id ID) KEY (VALUE | --run 'SHELL COMMAND')
#include <memory>

#include "cli/commands.h"
#include "cli/object_ref.h"
#include "cli/output.h"
#include "core/json_write.h"
#include "core/run_command.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct CreateOnceOptions {
  ObjectArgs object;
  std::optional<std::string> run;
};

Status RunCreateOnce(const CreateOnceOptions& opts, const GlobalOptions& globals) {
  std::vector<std::string> rest;
  size_t values = opts.run ? 0 : 1;
  auto ref = TakeObjectRef(opts.object, 1 + values, 1 + values,
                           opts.run ? "KEY (VALUE is --run's output)" : "KEY VALUE", rest);
  if (!ref) return ref.error();
  std::string value;
  if (!opts.run) {
    value = rest[1];
    if (value == "-") {
      auto input = ReadStandardInput();
      if (!input) return input.error();
      value = std::move(*input);
    }
    // Bad input is refused even when the key already exists.
    auto checked = PythonRoundTrip(value);
    if (!checked) return checked.error().WithContext("value");
  }
  auto db = OpenDatabase(globals, false);
  if (!db) return db.error();
  auto make_value = [&]() -> Result<std::string> {
    if (!opts.run) return value;
    auto output = RunShellCommand(*opts.run, Timeout(globals));
    if (!output) return output.error();
    auto checked = PythonRoundTrip(*output);
    if (!checked) return checked.error().WithContext("--run output");
    return output;
  };
  auto stored = CreateOnce(**db, *ref, rest[0], make_value);
  if (!stored) return stored.error();
  return PrintLine(*stored);
}

}  // namespace

void SetupCreateOnce(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<CreateOnceOptions>();
  AddObjectArgs(cmd, opts->object, "KEY [VALUE]", ctx);
  cmd.add_option("--run", opts->run,
                 "Compute the value with /bin/sh -c COMMAND, only if the key is absent")
      ->type_name("COMMAND");
  cmd.footer(
      "Usage: statectl create-once (NAME CLASS | --id ID) KEY (VALUE | --run 'SHELL COMMAND')\n"
      "Always prints the stored value: the new one, or the one that was already there.");
  cmd.callback([opts, &ctx] { ctx.run = [opts, &ctx] { return RunCreateOnce(*opts, ctx.globals); }; });
}

}  // namespace statectl
