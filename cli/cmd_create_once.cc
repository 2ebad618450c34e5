// statectl create-once (NAME CLASS | --id ID) KEY (VALUE | --run 'SHELL COMMAND')
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/json_write.h"
#include "core/run_command.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct CreateOnceOptions {
  std::optional<std::string> run;
  bool create = false;
  bool no_create = false;
};

Status RunCreateOnce(const CreateOnceOptions& opts, CommandContext& ctx) {
  std::optional<std::string> value = ctx.words.optional("VALUE");
  if (value.has_value() == opts.run.has_value()) {
    return Status::Usage("give either VALUE or --run COMMAND (see statectl create-once --help)");
  }
  if (opts.create && opts.no_create) return Status::Usage("give --create or --no-create, not both");
  if (value) {
    if (*value == "-") {
      auto input = ReadStandardInput();
      if (!input) return input.error();
      value = std::move(*input);
    }
    // Bad input is refused even when the key already exists.
    auto checked = PythonRoundTrip(*value);
    if (!checked) return checked.error().WithContext("value");
  }
  auto db = ctx.Database();
  if (!db) return db.error();
  auto make_value = [&]() -> Result<std::string> {
    if (value) return *value;
    auto output = RunShellCommand(*opts.run, ctx.Timeout());
    if (!output) return output.error();
    auto checked = PythonRoundTrip(*output);
    if (!checked) return checked.error().WithContext("--run output");
    return output;
  };
  Create create = opts.create ? Create::kAlways : opts.no_create ? Create::kNever : Create::kUnlessSlip;
  auto stored = CreateOnce(**db, ctx.words.object(), ctx.words.one("KEY"), make_value,
                           ctx.Write(create));
  if (!stored) return stored.error();
  return PrintLine(*stored);
}

}  // namespace

void SetupCreateOnce(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<CreateOnceOptions>();
  cmd.add_option("--run", opts->run,
                 "Compute the value with /bin/sh -c COMMAND, only if the key is absent")
      ->type_name("COMMAND");
  cmd.add_flag("--create", opts->create, "Create the object even if its name looks like a typo");
  cmd.add_flag("--no-create", opts->no_create, "Never create the object: exit 1 if it is absent");
  cmd.footer("Give VALUE or --run. Always prints the stored value: the new one, or the one\n"
             "that was already there.");
  cmd.callback([opts, &ctx] {
    ctx.run = [opts](CommandContext& c) { return RunCreateOnce(*opts, c); };
  });
}

}  // namespace statectl
