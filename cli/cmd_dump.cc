// statectl dump [--class GLOB] [--name GLOB] [-o FILE] [--no-temp-files] [--progress] [--quiet]
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "core/atomic_file.h"
#include "core/dump.h"
#include "core/scan.h"

namespace statectl {
namespace {

struct DumpOptions {
  ScanOptions scan;
  std::string output;
  bool progress = false;
  bool quiet = false;
};

Status RunDump(const DumpOptions& opts, CommandContext& ctx) {
  auto db = ctx.Database();
  if (!db) return db.error();
  std::unique_ptr<AtomicFile> file;
  if (!opts.output.empty() && opts.output != "-") {
    auto created = AtomicFile::Create(opts.output);
    if (!created) return created.error();
    file = std::move(*created);
  }
  Progress progress("dump", opts.progress);
  ScanOptions scan = opts.scan;
  scan.sorting_progress = progress.SortingSink();
  auto stats = WriteDump(**db, scan, file ? file->stream() : stdout, progress.Sink());
  progress.Finish();
  if (!stats) return stats.error();  // the temp file is removed; FILE keeps its old content
  if (file) STATECTL_RETURN_IF_ERROR(file->Publish());
  if (stats->orphans_skipped > 0 && !opts.quiet) {
    PrintError("dump", "skipped " + std::to_string(stats->orphans_skipped) +
                           " state value(s) whose object row is missing");
  }
  return Status::Ok();
}

}  // namespace

void SetupDump(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<DumpOptions>();
  cmd.add_option("--class", opts->scan.class_glob, "Only objects whose class matches GLOB")
      ->type_name("GLOB");
  cmd.add_option("--name", opts->scan.name_glob, "Only objects whose name matches GLOB")
      ->type_name("GLOB");
  cmd.add_option("-o,--output", opts->output,
                 "Write to FILE (mode 0600), renamed into place only when complete")
      ->type_name("FILE");
  cmd.add_flag("--no-temp-files", [opts](int64_t) { opts->scan.temp_files = false; },
               "Never sort in temporary files (slower on large databases)");
  cmd.add_flag("--progress", opts->progress,
               "Report progress on stderr even when it is not a terminal");
  cmd.add_flag("-q,--quiet", opts->quiet, "Print no notices (skipped orphan values)");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunDump(*opts, c); }; });
}

}  // namespace statectl
