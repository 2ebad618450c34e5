// statectl: parses the command line, runs the chosen command, maps its Status
// to the exit code. All logic lives in core/.
#include <CLI/CLI.hpp>

#include <cctype>
#include <exception>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/output.h"

namespace statectl {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{"statectl: inspect, fix, copy and back up the state Buildbot keeps for its "
               "schedulers and change sources (tables objects and object_state)."};
  app.name("statectl");
  app.fallthrough();  // global options also after the command name
  app.require_subcommand(1);
  app.allow_extras();  // positional words land here, in order; see CommandContext::words
  app.set_version_flag("--version", "statectl " STATECTL_VERSION);
  CommandContext ctx;
  app.add_option("-d,--db", ctx.globals.db_url,
                 "Database URL as in master.cfg (default: $STATECTL_DB, else sqlite:///state.sqlite)")
      ->envname("STATECTL_DB")
      ->type_name("URL");
  app.add_option("-m,--master", ctx.globals.master_dir,
                 "The master's base directory: relative sqlite paths resolve here (default: .)")
      ->type_name("DIR");
  app.add_option("--timeout", ctx.globals.timeout_seconds,
                 "Seconds to wait for a busy database (default: 10)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("SECONDS");
  app.footer("Exit status: 0 ok, 1 not found, 2 usage, 3 invalid input data, 4 conflict, "
             "5 database or system error.\nSee statectl(1).");
  for (const Command& command : Commands()) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    command.setup(*sub, ctx);
  }
  std::vector<std::string> args;  // CLI11 wants them reversed
  for (int i = argc - 1; i >= 1; --i) args.emplace_back(argv[i]);
  std::vector<std::string> after_separator;
  for (size_t i = args.size(); i-- > 0;) {
    if (args[i] != "--") continue;
    auto count = static_cast<std::ptrdiff_t>(i);  // args[0, i) in reverse: argv after "--"
    after_separator.assign(args.rend() - count, args.rend());
    args.erase(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(i + 1));
    break;
  }
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::string command;
    for (const CLI::App* sub : app.get_subcommands()) command = sub->get_name();
    if (command.empty() && dynamic_cast<const CLI::RequiredError*>(&e)) {
      std::string names;
      for (const Command& c : Commands()) names += std::string(names.empty() ? "" : ", ") + c.name;
      PrintError("", "missing COMMAND: one of " + names + " (see statectl --help)");
      return ExitCodeFor(Code::kUsage);
    }
    PrintError(command, std::string(e.what()) + " (see statectl " +
                            (command.empty() ? "" : command + " ") + "--help)");
    return ExitCodeFor(Code::kUsage);
  }
  for (const CLI::App* sub : app.get_subcommands()) ctx.command = sub->get_name();
  ctx.words = app.remaining(true);
  for (const std::string& word : ctx.words) {
    if (word.size() > 1 && word[0] == '-' && !std::isdigit(static_cast<unsigned char>(word[1])) &&
        word != "-Infinity") {
      PrintError(ctx.command, "unknown option '" + word + "' (see statectl " + ctx.command +
                                  " --help; put -- before a value that starts with '-')");
      return ExitCodeFor(Code::kUsage);
    }
  }
  ctx.words.insert(ctx.words.end(), after_separator.begin(), after_separator.end());
  for (const Command& command : Commands()) {
    if (command.name == ctx.command && !command.takes_words && !ctx.words.empty()) {
      PrintError(ctx.command, "unexpected argument '" + ctx.words.front() + "' (see statectl " +
                                  ctx.command + " --help)");
      return ExitCodeFor(Code::kUsage);
    }
  }
  Status status;
  try {
    status = ctx.run();
  } catch (const std::exception& e) {
    status = Status::Database(std::string("internal error: ") + e.what());
  }
  if (!status.ok()) PrintError(ctx.command, status.message());
  return ExitCodeFor(status.code());
}

}  // namespace
}  // namespace statectl

int main(int argc, char** argv) { return statectl::Main(argc, argv); }
