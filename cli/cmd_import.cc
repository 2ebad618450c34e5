// statectl import [FILE|-] [--on-conflict fail|skip|overwrite] [--dry-run] [--json] [--init]
//                 [--class GLOB] [--name GLOB] [--replace] [--progress] [--force] [-q]
#include <memory>

#include "cli/commands.h"
#include "cli/import_report.h"
#include "cli/output.h"
#include "cli/progress.h"

namespace statectl {
namespace {

Status RunImport(const ImportCliOptions& opts, CommandContext& ctx) {
  std::string file = ctx.words.optional("FILE").value_or("-");
  auto import = ImportOptionsOf(opts, ctx);
  if (!import) return import.error();
  auto in = InputFile::Open(file);
  if (!in) return in.error();
  auto db = ctx.Database(import->init && !import->dry_run);
  if (!db) return db.error();
  Progress progress("import", opts.progress);
  import->progress = progress.Sink();
  auto report = ImportDump(**db, in->get(), *import);
  progress.Finish();
  return PrintImportOutcome(report, *import, opts.json, ctx.quiet, "imported");
}

}  // namespace

void SetupImport(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<ImportCliOptions>();
  AddImportOptions(cmd, *opts);
  cmd.footer("FILE is the dump to read; '-' (the default) reads standard input.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunImport(*opts, c); }; });
}

}  // namespace statectl
