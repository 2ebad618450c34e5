// statectl import [FILE|-] [--on-conflict fail|skip|overwrite] [--dry-run] [--init]
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/import.h"

namespace statectl {
namespace {

struct ImportCliOptions {
  std::string file = "-";
  ImportOptions import;
};

struct CloseFile {
  void operator()(FILE* f) const { std::fclose(f); }
};

std::string Summary(const ImportReport& r, bool dry_run) {
  auto n = [](int64_t v) { return std::to_string(v); };
  if (dry_run) {
    return "dry run, nothing written: would create " + n(r.objects_created) + " objects, add " +
           n(r.values_added) + " values, update " + n(r.values_updated) + ", skip " +
           n(r.values_skipped) + ", leave " + n(r.values_unchanged) + " unchanged";
  }
  return "imported: " + n(r.objects_created) + " objects created, " + n(r.values_added) +
         " values added, " + n(r.values_updated) + " updated, " + n(r.values_skipped) +
         " skipped, " + n(r.values_unchanged) + " unchanged";
}

Status RunImport(const ImportCliOptions& opts, const GlobalOptions& globals) {
  std::unique_ptr<FILE, CloseFile> in;
  if (opts.file == "-") {
    auto spooled = SpoolToTempFile(stdin);
    if (!spooled) return spooled.error();
    in.reset(*spooled);
  } else {
    in.reset(std::fopen(opts.file.c_str(), "rb"));
    if (!in) {
      return Status::Database("cannot open '" + opts.file + "': " + std::strerror(errno));
    }
  }
  auto db = OpenDatabase(globals, opts.import.init && !opts.import.dry_run);
  if (!db) return db.error();
  Status printed;
  auto report = ImportDump(**db, in.get(), opts.import, [&](const std::string& line) {
    if (printed.ok()) printed = PrintLine(line);
  });
  if (!report) return report.error();
  STATECTL_RETURN_IF_ERROR(printed);
  return PrintLine(Summary(*report, opts.import.dry_run));
}

}  // namespace

void SetupImport(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<ImportCliOptions>();
  cmd.add_option("FILE", opts->file, "The dump to read; '-' (the default) reads standard input");
  const std::map<std::string, OnConflict> policies = {
      {"fail", OnConflict::kFail}, {"skip", OnConflict::kSkip}, {"overwrite", OnConflict::kOverwrite}};
  cmd.add_option("--on-conflict", opts->import.on_conflict,
                 "When a stored value differs: fail (exit 4, the default), skip, overwrite")
      ->transform(CLI::CheckedTransformer(policies, CLI::ignore_case))
      ->type_name("POLICY");
  cmd.add_flag("--dry-run", opts->import.dry_run, "Report what would change; write nothing");
  cmd.add_flag("--init", opts->import.init, "Create the database and tables where absent");
  cmd.footer("Usage: statectl import [FILE|-] [--on-conflict fail|skip|overwrite] [--dry-run] [--init]");
  cmd.callback([opts, &ctx] { ctx.run = [opts, &ctx] { return RunImport(*opts, ctx.globals); }; });
}

}  // namespace statectl
