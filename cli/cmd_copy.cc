// statectl copy --from URL --to URL [--class GLOB] [--name GLOB] [--on-conflict ...]
//               [--dry-run] [--init] [--replace] [--json] [--progress] [--force] [-q]
#include <memory>

#include "cli/commands.h"
#include "cli/import_report.h"
#include "cli/progress.h"

namespace statectl {
namespace {

struct CopyOptions {
  ImportCliOptions import;
  std::string from, to;
  bool no_temp_files = false;
};

Status RunCopy(const CopyOptions& opts, CommandContext& ctx) {
  if (opts.from.empty() || opts.to.empty()) return Status::Usage("copy needs --from URL and --to URL");
  if (opts.from == opts.to) return Status::Usage("--from and --to name the same database");
  auto import = ImportOptionsOf(opts.import, ctx);
  if (!import) return import.error();
  auto from = ctx.Open(opts.from);
  if (!from) return from.error().WithContext("--from");
  ctx.globals.db_url = opts.to;  // the target is the command's database (created with --init)
  auto to = ctx.Database(import->init && !import->dry_run);
  if (!to) return to.error().WithContext("--to");
  Progress progress("copy", opts.import.progress);
  import->progress = progress.Sink();
  auto report = CopyState(**from, **to, *import, !opts.no_temp_files);
  progress.Finish();
  return PrintImportOutcome(report, *import, opts.import.json, ctx.quiet, "copied");
}

}  // namespace

void SetupCopy(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<CopyOptions>();
  cmd.add_option("--from", opts->from, "The database to copy from (read in one snapshot)")
      ->type_name("URL");
  cmd.add_option("--to", opts->to, "The database to copy into (one transaction)")->type_name("URL");
  AddImportOptions(cmd, opts->import);
  cmd.add_flag("--no-temp-files", opts->no_temp_files,
               "Never sort the source in temporary files (as for dump)");
  cmd.footer("dump | import in one process: the import's rules, checks and report, one\n"
             "snapshot of the source, one transaction on the target, one progress display.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunCopy(*opts, c); }; });
}

}  // namespace statectl
