// statectl import [FILE|-] [--on-conflict fail|skip|overwrite] [--dry-run] [--json] [--init]
//                 [--progress] [--quiet]
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "core/import.h"
#include "core/db_url.h"
#include "core/json_write.h"

namespace statectl {
namespace {

struct ImportCliOptions {
  std::string on_conflict = "fail";
  ImportOptions import;
  bool json = false;
  bool progress = false;
};

struct CloseFile {
  void operator()(FILE* f) const { std::fclose(f); }
};

std::string N(int64_t v) { return std::to_string(v); }

// The start of the --json object: what was asked, whether it worked and,
// if not, why ("error": the message, else null).
std::string JsonHead(const ImportOptions& o, const Status& verdict) {
  std::string out = std::string("{\"dry_run\":") + (o.dry_run ? "true" : "false") +
                    ",\"on_conflict\":\"" + OnConflictName(o.on_conflict) + "\"" +
                    ",\"ok\":" + (verdict.ok() ? "true" : "false") + ",\"error\":";
  if (verdict.ok()) {
    out += "null";
  } else {
    AppendJsonString(out, RedactUrl(verdict.message()));
  }
  return out;
}

std::string JsonReport(const ImportReport& r, const ImportOptions& o) {
  std::string out = JsonHead(o, DryRunVerdict(r, o)) +
                    ",\"objects\":{\"new\":" + N(r.objects_new) +
                    ",\"existing\":" + N(r.objects_existing) + "}" +
                    ",\"values\":{\"new\":" + N(r.values_new) +
                    ",\"identical\":" + N(r.values_identical) +
                    ",\"conflicting\":" + N(r.values_conflicting) +
                    ",\"overwrite\":" + N(r.values_overwritten) +
                    ",\"skip\":" + N(r.values_skipped) + "},\"conflicts\":[";
  for (size_t i = 0; i < r.conflicts.size(); ++i) {
    const ImportConflict& c = r.conflicts[i];
    if (i) out += ',';
    out += "{\"line\":" + N(c.line) + ",\"class_name\":";
    AppendJsonString(out, c.class_name);
    out += ",\"name\":";
    AppendJsonString(out, c.name);
    out += ",\"key\":";
    AppendJsonString(out, c.key);
    out += '}';
  }
  return out + "]}";
}

Status PrintDryRun(const ImportReport& r, const ImportOptions& o) {
  std::string conflicting = N(r.values_conflicting) + " conflicting";
  if (r.values_conflicting > 0) {
    conflicting += std::string(" (--on-conflict ") + OnConflictName(o.on_conflict) + ": " +
                   (o.on_conflict == OnConflict::kFail        ? "the import would fail"
                    : o.on_conflict == OnConflict::kOverwrite ? "would overwrite"
                                                              : "would skip") +
                   ")";
  }
  STATECTL_RETURN_IF_ERROR(PrintLine("dry run, nothing written"));
  STATECTL_RETURN_IF_ERROR(PrintLine("objects: " + N(r.objects_new) + " new, " +
                                     N(r.objects_existing) + " existing"));
  STATECTL_RETURN_IF_ERROR(PrintLine("values: " + N(r.values_new) + " new, " +
                                     N(r.values_identical) + " identical, " + conflicting));
  for (const ImportConflict& c : r.conflicts) {
    STATECTL_RETURN_IF_ERROR(PrintLine("conflict: line " + N(c.line) + ": " + ValueLabel(c)));
  }
  if (r.values_conflicting > static_cast<int64_t>(r.conflicts.size())) {
    STATECTL_RETURN_IF_ERROR(PrintLine(
        "... and " + N(r.values_conflicting - static_cast<int64_t>(r.conflicts.size())) + " more"));
  }
  return Status::Ok();
}

Status RunImport(const ImportCliOptions& opts, CommandContext& ctx) {
  std::string file = ctx.words.optional("FILE").value_or("-");
  ImportOptions import = opts.import;
  auto policy = ParseOnConflict(opts.on_conflict);
  if (!policy) return policy.error();
  import.on_conflict = *policy;
  import.guard = ctx.Guard();
  std::unique_ptr<FILE, CloseFile> opened;
  FILE* in = stdin;
  if (file != "-") {
    opened.reset(std::fopen(file.c_str(), "rb"));
    if (!opened) {
      return Status::Database("cannot open '" + file + "': " + std::strerror(errno));
    }
    in = opened.get();
  }
  auto db = ctx.Database(import.init && !import.dry_run);
  if (!db) return db.error();
  Progress progress("import", opts.progress);
  import.progress = progress.Sink();
  auto report = ImportDump(**db, in, import);
  progress.Finish();
  if (!report) {
    // --json promises one object, failure or not.
    if (opts.json) STATECTL_RETURN_IF_ERROR(PrintLine(JsonHead(import, report.error()) + "}"));
    return report.error();
  }
  const ImportReport& r = *report;
  if (opts.json) {
    STATECTL_RETURN_IF_ERROR(PrintLine(JsonReport(r, import)));
  } else if (import.dry_run) {
    STATECTL_RETURN_IF_ERROR(PrintDryRun(r, import));
  } else if (!ctx.quiet) {
    STATECTL_RETURN_IF_ERROR(PrintLine(
        "imported: " + N(r.objects_new) + " objects created, " + N(r.values_new) +
        " values added, " + N(r.values_overwritten) + " updated, " + N(r.values_skipped) +
        " skipped, " + N(r.values_identical) + " unchanged"));
  }
  return DryRunVerdict(r, import);
}

}  // namespace

void SetupImport(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<ImportCliOptions>();
  cmd.add_option("--on-conflict", opts->on_conflict,
                 "When a stored value differs: fail (exit 4, the default), skip, overwrite")
      ->type_name("POLICY");
  cmd.add_flag("--dry-run", opts->import.dry_run,
               "Report what would change (and the first 20 conflicts); write nothing");
  cmd.add_flag("--json", opts->json, "Print the report as one JSON object");
  cmd.add_flag("--init", opts->import.init, "Create the database and tables where absent");
  cmd.add_flag("--progress", opts->progress,
               "Report progress on stderr even when it is not a terminal");
  cmd.footer("FILE is the dump to read; '-' (the default) reads standard input.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunImport(*opts, c); }; });
}

}  // namespace statectl
