// statectl: parses the command line, runs the chosen command, maps its Status
// to the exit code. All logic lives in core/.
#include <CLI/CLI.hpp>
#include <malloc.h>

#include <algorithm>
#include <exception>
#include <memory>

#include "backends/registry.h"
#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"
#include "cli/words.h"
#include "core/db_url.h"
#include "core/edit_distance.h"

namespace statectl {
namespace {

// CLI11's help with each command's real usage line, from its table row.
class UsageFormatter final : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string name) const override {
    if (!app->get_parent()) return "Usage: " + name + " [OPTIONS] COMMAND ...\n";
    const Command* command = FindCommand(app->get_name());
    if (!command) return CLI::Formatter::make_usage(app, std::move(name));
    std::string usage = command->positionals.Usage();
    return "Usage: " + name + " [OPTIONS]" + (usage.empty() ? "" : " " + usage) + "\n";
  }
};

std::string CommandNames() {
  std::string names;
  for (const Command& c : Commands()) names += std::string(names.empty() ? "" : ", ") + c.name;
  return names;
}

// "unknown command 'lst'; did you mean 'list'?" when one is close.
std::string UnknownCommand(const std::string& word) {
  std::string message = "unknown command '" + word + "'";
  for (const Command& c : Commands()) {
    if (IsNearMiss(word, c.name)) return message + "; did you mean '" + c.name + "'?";
  }
  return message + " (commands: " + CommandNames() + ")";
}

int Fail(const std::string& command, const Status& status) {
  PrintError(command, status.message());
  return ExitCodeFor(status.code());
}

// Overwrites, in the process's own argv, each password of a database URL
// with '*', so ps and /proc/PID/cmdline do not show it (as mysql does). The
// window before this runs is a few microseconds after exec.
void MaskPasswords(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view word(argv[i]);
    std::vector<TextSpan> spans = UrlPasswordSpans(word);  // exact, for a URL word
    for (const TextSpan& span : PasswordSpans(word)) spans.push_back(span);
    for (const TextSpan& span : spans) {
      RememberPassword(word.substr(span.offset, span.length));  // for CLI11's copies' errors
    }
    for (const TextSpan& span : spans) {
      std::fill(argv[i] + span.offset, argv[i] + span.offset + span.length, '*');
    }
  }
}

int Main(int argc, char** argv) {
  CLI::App app{"statectl: inspect, fix, copy and back up the state Buildbot keeps for its "
               "schedulers and change sources (tables objects and object_state)."};
  app.name("statectl");
  app.formatter(std::make_shared<UsageFormatter>());
  app.fallthrough();  // global options also after the command name
  app.allow_extras();  // positional words land here, in order: cli/words.h reads them
  app.set_version_flag("--version", std::string("statectl " STATECTL_VERSION " (") +
                                        DriversBuiltWith() + ")");
  CommandContext ctx;
  app.add_option("-d,--db", ctx.globals.db_url,
                 "Database URL as in master.cfg (default: $STATECTL_DB, else sqlite:///state.sqlite)")
      ->envname("STATECTL_DB")
      ->type_name("URL");
  app.add_option("-m,--master", ctx.globals.master_dir,
                 "The master's base directory: relative sqlite paths resolve here (default: .)")
      ->type_name("DIR");
  app.add_option("--timeout", ctx.globals.timeout_text,
                 "Seconds to wait for a busy or silent database (default: 10)")
      ->type_name("SECONDS");
  app.footer("Exit status: 0 ok, 1 not found (diff: different; check: problems), 2 usage, 3 invalid input data, 4 conflict, "
             "5 database or system error, 6 owned by a running master.\nSee statectl(1).");
  for (const Command& command : Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    sub->group("Commands");
    if (command.positionals.object) {
      sub->add_option("--id", ctx.id_text, "The object by its id instead of NAME CLASS")
          ->type_name("ID");
    }
    if (command.access == Access::kWriteState) {
      sub->add_flag("--force", ctx.force,
                    "Write even where a running master owns the state (it will overwrite it)");
      sub->add_flag("-q,--quiet", ctx.quiet, "Print no notices or warnings on stderr");
    }
    command.setup(*sub, ctx);
  }
  SplitArgs args = SplitAtSeparator(argc, argv);
  MaskPasswords(argc, argv);  // parsing reads the copies from here on
  std::vector<std::string> reversed(args.parsed.rbegin(), args.parsed.rend());  // CLI11's order
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::string command;
    for (const CLI::App* sub : app.get_subcommands()) command = sub->get_name();
    return Fail(command, Status::Usage(std::string(e.what()) + " (see statectl " +
                                       (command.empty() ? "" : command + " ") + "--help)"));
  }
  const Command* command = nullptr;
  for (const CLI::App* sub : app.get_subcommands()) command = FindCommand(sub->get_name());
  std::vector<std::string> leftover = app.remaining(true);
  if (!command) {
    if (!leftover.empty() && IsDashValue(leftover.front())) {
      return Fail("", Status::Usage(UnknownCommand(leftover.front())));
    }
    return Fail("", Status::Usage("missing COMMAND: one of " + CommandNames() +
                                  " (see statectl --help)"));
  }
  if (!ctx.globals.timeout_text.empty()) {
    auto seconds = ParseTimeout(ctx.globals.timeout_text);
    if (!seconds) return Fail(command->name, seconds.error());
    ctx.globals.timeout_seconds = *seconds;
  }
  auto words = ParseWords(command->name, command->positionals, leftover, args.after_separator,
                          ctx.id_text);
  if (!words) return Fail(command->name, words.error());
  ctx.words = std::move(*words);
  ctx.command = command->name;
  ctx.app = &app;
  Status status;
  try {
    status = ctx.run(ctx);
  } catch (const std::exception& e) {
    status = Status::Database(std::string("internal error: ") + e.what());
  }
  ctx.Finish(status);
  if (!status.ok()) return Fail(command->name, status);
  return ExitCodeFor(ctx.outcome);
}

}  // namespace
}  // namespace statectl

int main(int argc, char** argv) {
  // glibc raises its mmap threshold to the size of each large block freed
  // (up to 32 MiB): once a sort's 4 MiB run buffer goes, the object ranks and
  // other MiB-sized blocks that follow come from the heap and fragment it.
  // Fixed at 1 MiB, those are mapped and unmapped whole (10M-value diff 32.5
  // -> 31.6 MiB), while 256 KiB batches stay on the heap (at 128 KiB each
  // batch was an mmap: 20% slower).
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  return statectl::Main(argc, argv);
}
