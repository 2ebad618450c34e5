#include "cli/import_report.h"

#include "cli/output.h"
#include "core/db_url.h"
#include "core/dump_format.h"
#include "core/json_write.h"

namespace statectl {
namespace {

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

void AppendNames(std::string& out, const std::string& class_name, const std::string& name,
                 const std::string& key) {
  out += "\"class_name\":";
  AppendJsonString(out, class_name);
  out += ",\"name\":";
  AppendJsonString(out, name);
  out += ",\"key\":";
  AppendJsonString(out, key);
}

std::string JsonReport(const ImportReport& r, const ImportOptions& o) {
  std::string out = JsonHead(o, DryRunVerdict(r, o)) +
                    ",\"objects\":{\"new\":" + N(r.objects_new) +
                    ",\"existing\":" + N(r.objects_existing) + "}" +
                    ",\"values\":{\"new\":" + N(r.values_new) +
                    ",\"identical\":" + N(r.values_identical) +
                    ",\"conflicting\":" + N(r.values_conflicting) +
                    ",\"overwrite\":" + N(r.values_overwritten) +
                    ",\"skip\":" + N(r.values_skipped) + ",\"deleted\":" + N(r.values_deleted) +
                    "},\"conflicts\":[";
  for (size_t i = 0; i < r.conflicts.size(); ++i) {
    const ImportConflict& c = r.conflicts[i];
    out += std::string(i ? "," : "") + "{\"line\":" + N(c.line) + ",";
    AppendNames(out, c.class_name, c.name, c.key);
    out += ",\"stored\":";
    AppendJsonString(out, UnicodeForJson(c.stored));
    out += ",\"incoming\":";
    AppendJsonString(out, UnicodeForJson(c.incoming));
    out += '}';
  }
  out += "],\"deletions\":[";
  for (size_t i = 0; i < r.deletions.size(); ++i) {
    out += i ? ",{" : "{";
    AppendNames(out, r.deletions[i].class_name, r.deletions[i].name, r.deletions[i].key);
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
  if (o.replace) conflicting += ", " + N(r.values_deleted) + " to delete (--replace)";
  STATECTL_RETURN_IF_ERROR(PrintLine("dry run, nothing written"));
  STATECTL_RETURN_IF_ERROR(PrintLine("objects: " + N(r.objects_new) + " new, " +
                                     N(r.objects_existing) + " existing"));
  STATECTL_RETURN_IF_ERROR(PrintLine("values: " + N(r.values_new) + " new, " +
                                     N(r.values_identical) + " identical, " + conflicting));
  for (const ImportConflict& c : r.conflicts) {
    STATECTL_RETURN_IF_ERROR(PrintLine("conflict: line " + N(c.line) + ": " + ValueLabel(c) +
                                       ": stored " + ValueForDisplay(c.stored) + ", incoming " +
                                       ValueForDisplay(c.incoming)));
  }
  if (r.values_conflicting > static_cast<int64_t>(r.conflicts.size())) {
    STATECTL_RETURN_IF_ERROR(PrintLine(
        "... and " + N(r.values_conflicting - static_cast<int64_t>(r.conflicts.size())) + " more"));
  }
  for (const ImportDeletion& d : r.deletions) {
    STATECTL_RETURN_IF_ERROR(
        PrintLine("delete: " + ObjectLabel(d.name, d.class_name) + " key " + Quoted(d.key)));
  }
  if (r.values_deleted > static_cast<int64_t>(r.deletions.size())) {
    STATECTL_RETURN_IF_ERROR(PrintLine(
        "... and " + N(r.values_deleted - static_cast<int64_t>(r.deletions.size())) +
        " more to delete"));
  }
  return Status::Ok();
}

}  // namespace

void AddImportOptions(CLI::App& cmd, ImportCliOptions& opts) {
  cmd.add_option("--on-conflict", opts.on_conflict,
                 "When a stored value differs: fail (exit 4, the default), skip, overwrite")
      ->type_name("POLICY");
  cmd.add_flag("--dry-run", opts.import.dry_run,
               "Report what would change (and the first 20 conflicts); write nothing");
  cmd.add_flag("--json", opts.json, "Print the report as one JSON object");
  cmd.add_flag("--init", opts.import.init, "Create the database and tables where absent");
  cmd.add_option("--class", opts.import.class_glob, "Only objects whose class matches GLOB")
      ->type_name("GLOB");
  cmd.add_option("--name", opts.import.name_glob, "Only objects whose name matches GLOB")
      ->type_name("GLOB");
  cmd.add_flag("--replace", opts.import.replace,
               "Exact restore: overwrite what differs, delete what the input lacks (in --class/--name's scope)");
  cmd.add_flag("--progress", opts.progress,
               "Report progress on stderr even when it is not a terminal");
  AddNonAtomicFlag(cmd, opts.import.non_atomic);
}

Result<ImportOptions> ImportOptionsOf(const ImportCliOptions& opts, const CommandContext& ctx) {
  ImportOptions import = opts.import;
  if (import.replace) {
    // An exact restore makes every value the input's: differing ones are overwritten.
    if (!opts.on_conflict.empty()) {
      auto policy = ParseOnConflict(opts.on_conflict);
      if (!policy) return policy.error();
      if (*policy != OnConflict::kOverwrite) {
        return Status::Usage("--replace overwrites every differing value; it cannot be combined "
                             "with --on-conflict " + std::string(OnConflictName(*policy)));
      }
    }
    import.on_conflict = OnConflict::kOverwrite;
  } else {
    auto policy = ParseOnConflict(opts.on_conflict.empty() ? "fail" : opts.on_conflict);
    if (!policy) return policy.error();
    import.on_conflict = *policy;
  }
  import.guard = ctx.Guard();
  return import;
}

Status PrintImportOutcome(const Result<ImportReport>& report, const ImportOptions& options,
                          bool json, bool quiet, const std::string& verb) {
  if (!report) {
    // --json promises one object, failure or not.
    if (json) STATECTL_RETURN_IF_ERROR(PrintLine(JsonHead(options, report.error()) + "}"));
    return report.error();
  }
  const ImportReport& r = *report;
  if (json) {
    STATECTL_RETURN_IF_ERROR(PrintLine(JsonReport(r, options)));
  } else if (options.dry_run) {
    STATECTL_RETURN_IF_ERROR(PrintDryRun(r, options));
  } else if (!quiet) {
    STATECTL_RETURN_IF_ERROR(PrintLine(
        verb + ": " + N(r.objects_new) + " objects created, " + N(r.values_new) +
        " values added, " + N(r.values_overwritten) + " updated, " + N(r.values_skipped) +
        " skipped, " + N(r.values_identical) + " unchanged" +
        (options.replace ? ", " + N(r.values_deleted) + " deleted" : std::string())));
  }
  return DryRunVerdict(r, options);
}

}  // namespace statectl
