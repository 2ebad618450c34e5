// statectl diff A B [--class GLOB] [--name GLOB] [--stat] [--json]
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/diff.h"
#include "core/dump_format.h"
#include "core/json_write.h"

namespace statectl {
namespace {

struct DiffOptions {
  ScanOptions filter;
  bool stat = false;
  bool json = false;
};

// A side as given: a database URL (it has "://"), a dump file, or '-'.
struct OpenSide {
  std::unique_ptr<Backend> db;
  std::optional<InputFile> file;
  DiffSide side;
};

Status Open(const std::string& what, CommandContext& ctx, OpenSide& out) {
  if (what.find("://") != std::string::npos) {
    auto db = ctx.Open(what);
    if (!db) return db.error();
    out.db = std::move(*db);
    out.side.db = out.db.get();
    return Status::Ok();
  }
  auto file = InputFile::Open(what);
  if (!file) return file.error();
  out.file = std::move(*file);
  out.side.dump = out.file->get();
  return Status::Ok();
}

std::string TextLine(const Difference& d) {
  const Row& row = d.a ? *d.a : *d.b;
  char sign = d.op == Difference::Op::kOnlyInA ? '-' : d.op == Difference::Op::kOnlyInB ? '+' : '~';
  std::string line = std::string(1, sign) + " " + ObjectLabel(row.name, row.class_name);
  if (!row.key) return line;
  line += " " + Quoted(*row.key) + " ";
  if (d.op == Difference::Op::kChanged) {
    return line + ValueForDisplay(*d.a->value_json) + " -> " + ValueForDisplay(*d.b->value_json);
  }
  return line + ValueForDisplay(*row.value_json);
}

void AppendValue(std::string& out, const Row* row) {
  if (row && row->value_json) {
    AppendJsonString(out, UnicodeForJson(*row->value_json));
  } else {
    out += "null";
  }
}

std::string JsonLine(const Difference& d) {
  const Row& row = d.a ? *d.a : *d.b;
  const char* op = d.op == Difference::Op::kOnlyInA ? "-" : d.op == Difference::Op::kOnlyInB ? "+" : "~";
  std::string out = std::string("{\"v\":1,\"op\":\"") + op + "\",\"class_name\":";
  AppendJsonString(out, UnicodeForJson(row.class_name));
  out += ",\"name\":";
  AppendJsonString(out, UnicodeForJson(row.name));
  out += ",\"key\":";
  if (row.key) {
    AppendJsonString(out, UnicodeForJson(*row.key));
  } else {
    out += "null";
  }
  out += ",\"old\":";
  AppendValue(out, d.a);
  out += ",\"new\":";
  AppendValue(out, d.b);
  return out + "}";
}

Status RunDiff(const DiffOptions& opts, CommandContext& ctx) {
  const std::string& a_name = ctx.words.one("A");
  const std::string& b_name = ctx.words.one("B");
  if (a_name == "-" && b_name == "-") return Status::Usage("only one side can be standard input");
  OpenSide a, b;
  STATECTL_RETURN_IF_ERROR(Open(a_name, ctx, a));
  STATECTL_RETURN_IF_ERROR(Open(b_name, ctx, b));
  std::function<Status(const Difference&)> sink;
  if (!opts.stat) {
    sink = [&](const Difference& d) { return WriteLine(opts.json ? JsonLine(d) : TextLine(d)); };
  }
  auto stats = DiffState(a.side, b.side, opts.filter, sink);
  Status flushed = FlushOutput();  // the differences found, also before an error
  if (!stats) return stats.error();
  STATECTL_RETURN_IF_ERROR(flushed);
  if (opts.stat) {
    auto count = [](int64_t v) { return std::to_string(v); };
    if (opts.json) {
      STATECTL_RETURN_IF_ERROR(PrintLine(
          "{\"v\":1,\"objects\":{\"only_in_a\":" + count(stats->objects_only_a) +
          ",\"only_in_b\":" + count(stats->objects_only_b) + "},\"values\":{\"only_in_a\":" +
          count(stats->values_only_a) + ",\"only_in_b\":" + count(stats->values_only_b) +
          ",\"changed\":" + count(stats->values_changed) + "}}"));
    } else {
      STATECTL_RETURN_IF_ERROR(PrintLine(
          "objects: " + count(stats->objects_only_a) + " only in A, " +
          count(stats->objects_only_b) + " only in B; values: " + count(stats->values_only_a) +
          " only in A, " + count(stats->values_only_b) + " only in B, " +
          count(stats->values_changed) + " changed"));
    }
  }
  if (!stats->same()) ctx.outcome = Code::kNotFound;  // exit 1: the states differ
  return Status::Ok();
}

}  // namespace

void SetupDiff(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<DiffOptions>();
  cmd.add_option("--class", opts->filter.class_glob, "Only objects whose class matches GLOB")
      ->type_name("GLOB");
  cmd.add_option("--name", opts->filter.name_glob, "Only objects whose name matches GLOB")
      ->type_name("GLOB");
  cmd.add_flag("--stat", opts->stat, "Print the counts of differences only");
  cmd.add_flag("--json", opts->json, "JSON Lines, one difference per line (schema v1: statectl(1))");
  cmd.footer("A and B are each a database URL or a dump file ('-': standard input, for one).\n"
             "Lines: '-' only in A, '+' only in B, '~' changed (old -> new). Exit 0 same,\n"
             "1 different, 2 and up as for errors.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunDiff(*opts, c); }; });
}

}  // namespace statectl
