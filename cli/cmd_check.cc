// statectl check [--fix] [--json]: find the damage Buildbot trips on.
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/check.h"
#include "core/db_url.h"
#include "core/json_write.h"
#include "core/dump_format.h"

namespace statectl {
namespace {

struct CheckOptions {
  bool fix = false;
  bool json = false;
};

// "statectl -d URL delete --id 7 -- lastRev": the fix as one shell line,
// with the global options this run was given (a URL's password masked).
std::string FixCommand(const CheckFinding& f, const CommandContext& ctx) {
  std::string line = "statectl";
  if (!ctx.globals.db_url.empty()) line += " -d " + ShellWord(RedactUrl(ctx.globals.db_url));
  if (!ctx.globals.master_dir.empty()) line += " -m " + ShellWord(ctx.globals.master_dir);
  if (f.fix == CheckFinding::Fix::kByCheckFix) return line + " check --fix";
  for (const std::string& word : f.fix_words) line += " " + ShellWord(word);
  return line;
}

// What the finding is about: "('p', 'GitPoller') key 'lastRev'", "object id 12".
std::string Subject(const CheckFinding& f) {
  std::string out;
  if (f.kind == CheckFinding::Kind::kOrphanValues || f.kind == CheckFinding::Kind::kIntegrity) {
    return out;
  }
  out = ObjectLabel(f.name, f.class_name) + " (id " + std::to_string(f.object_id.value_or(0)) + ")";
  if (f.key) out += " key " + Quoted(*f.key);
  return out + ": ";
}

std::string TextLines(const CheckFinding& f, const CommandContext& ctx) {
  std::string out = std::string(f.problem ? "problem" : "notice") + ": " + CheckKindName(f.kind) +
                    ": " + Subject(f) + f.detail;
  switch (f.fix) {
    case CheckFinding::Fix::kByCheckFix:
    case CheckFinding::Fix::kCommand:
      return out + "\n  fix: " + FixCommand(f, ctx);
    case CheckFinding::Fix::kManual:
      return out + "\n  fix: " + f.fix_text;
    case CheckFinding::Fix::kNone:
      break;
  }
  return out;
}

void AppendOptionalString(std::string& out, const char* member, const std::optional<std::string>& s) {
  out += ",\"";
  out += member;
  out += "\":";
  if (s) {
    AppendJsonString(out, UnicodeForJson(*s));
  } else {
    out += "null";
  }
}

std::string JsonLine(const CheckFinding& f, const CommandContext& ctx) {
  bool has_object = f.kind != CheckFinding::Kind::kIntegrity;
  std::string out = std::string("{\"v\":1,\"kind\":\"") + CheckKindName(f.kind) +
                    "\",\"problem\":" + (f.problem ? "true" : "false") + ",\"object_id\":" +
                    (has_object && f.object_id ? std::to_string(*f.object_id) : "null");
  bool named = has_object && f.kind != CheckFinding::Kind::kOrphanValues;
  AppendOptionalString(out, "name", named ? std::optional<std::string>(f.name) : std::nullopt);
  AppendOptionalString(out, "class_name",
                       named ? std::optional<std::string>(f.class_name) : std::nullopt);
  AppendOptionalString(out, "key", f.key);
  out += ",\"values\":" + std::to_string(f.values);
  AppendOptionalString(out, "detail", f.detail);
  std::optional<std::string> fix;
  if (f.fix == CheckFinding::Fix::kByCheckFix || f.fix == CheckFinding::Fix::kCommand) {
    fix = FixCommand(f, ctx);
  }
  AppendOptionalString(out, "fix", fix);
  AppendOptionalString(out, "advice",
                       f.fix == CheckFinding::Fix::kManual ? std::optional<std::string>(f.fix_text)
                                                           : std::nullopt);
  return out + "}";
}

std::string Plural(int64_t n, const char* thing) {
  return std::to_string(n) + " " + thing + (n == 1 ? "" : "s");
}

Status RunCheck(const CheckOptions& opts, CommandContext& ctx) {
  auto db = ctx.Database();
  if (!db) return db.error();
  auto report = CheckState(**db, opts.fix, [&](const CheckFinding& f) {
    return WriteLine(opts.json ? JsonLine(f, ctx) : TextLines(f, ctx));
  });
  Status flushed = FlushOutput();
  if (!report) return report.error();
  STATECTL_RETURN_IF_ERROR(flushed);
  const CheckReport& r = *report;
  if (opts.json) {
    STATECTL_RETURN_IF_ERROR(PrintLine(
        std::string("{\"v\":1,\"summary\":true,\"healthy\":") + (r.problems ? "false" : "true") +
        ",\"objects\":" + std::to_string(r.objects) + ",\"values\":" + std::to_string(r.values) +
        ",\"problems\":" + std::to_string(r.problems) + ",\"notices\":" +
        std::to_string(r.notices) + ",\"orphans_deleted\":" + std::to_string(r.orphans_deleted) +
        "}"));
  } else {
    if (opts.fix) {
      STATECTL_RETURN_IF_ERROR(
          PrintLine("fixed: deleted " + Plural(r.orphans_deleted, "orphan value")));
    }
    std::string counts = Plural(r.objects, "object") + ", " + Plural(r.values, "value");
    std::string notices = r.notices ? ", " + Plural(r.notices, "notice") : "";
    STATECTL_RETURN_IF_ERROR(PrintLine(
        r.problems ? "check: " + Plural(r.problems, "problem") + notices + " in " + counts
                   : "check: healthy" + notices + ": " + counts));
  }
  if (r.problems) ctx.outcome = Code::kNotFound;  // exit 1: problems found
  return Status::Ok();
}

}  // namespace

void SetupCheck(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<CheckOptions>();
  cmd.add_flag("--fix", opts->fix,
               "Delete orphan state rows (one transaction); print the fix for the rest");
  cmd.add_flag("--json", opts->json,
               "JSON Lines: one object per finding, then a summary (schema v1: statectl(1))");
  cmd.footer("Finds orphan state rows, values Python's json.loads rejects or that are not\n"
             "UTF-8, keys over 255 and names over 128 characters, values no service claims\n"
             "while a master runs, and (SQLite) damage in the two tables and their indexes.\n"
             "Exit 0 healthy, 1 problems found (notices alone: 0), 2 and up as for errors.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunCheck(*opts, c); }; });
}

}  // namespace statectl
