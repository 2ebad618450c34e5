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
};

Status RunCreateOnce(const CreateOnceOptions& opts, CommandContext& ctx) {
  std::optional<std::string> value = ctx.words.optional("VALUE");
  if (value.has_value() == opts.run.has_value()) {
    return Status::Usage("give either VALUE or --run COMMAND (see statectl create-once --help)");
  }
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
  auto stored = CreateOnce(**db, ctx.words.object(), ctx.words.one("KEY"), make_value);
  if (!stored) return stored.error();
  return PrintLine(*stored);
}

}  // namespace

void SetupCreateOnce(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<CreateOnceOptions>();
  cmd.add_option("--run", opts->run,
                 "Compute the value with /bin/sh -c COMMAND, only if the key is absent")
      ->type_name("COMMAND");
  cmd.footer("Give VALUE or --run. Always prints the stored value: the new one, or the one\n"
             "that was already there.");
  cmd.callback([opts, &ctx] {
    ctx.run = [opts](CommandContext& c) { return RunCreateOnce(*opts, c); };
  });
}

}  // namespace statectl
