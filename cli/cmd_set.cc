// statectl set (NAME CLASS | --id ID) KEY VALUE [--pointer P | --member M...] [-s|--string]
//              [--expect JSON] [--create | --no-create] [--print] [--force] [-q]
#include <cctype>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/value_path.h"
#include "core/json_write.h"
#include "core/state_ops.h"
#include "core/utf8.h"

namespace statectl {
namespace {

struct SetOptions {
  PathOptions path;
  bool string = false;
  std::optional<std::string> expect;
  bool create = false;
  bool no_create = false;
  bool print = false;
};

// A VALUE that is not JSON, said in words that help: a bare word is
// probably a string someone forgot to quote.
Status BadValue(const Status& error, const std::string& value) {
  bool bare_word = !value.empty() && (std::isalpha(static_cast<unsigned char>(value[0])) ||
                                      value[0] == '_' || value[0] == '/');
  if (!bare_word) return error;
  return Status::InvalidData(error.message() + "; a string needs JSON's double quotes ('\"" +
                             value.substr(0, 40) + (value.size() > 40 ? "..." : "") +
                             "\"') or --string");
}

Status RunSet(const SetOptions& opts, CommandContext& ctx) {
  if (opts.create && opts.no_create) return Status::Usage("give --create or --no-create, not both");
  auto path = PathOf(opts.path);
  if (!path) return path.error();
  std::string value = ctx.words.one("VALUE");
  if (value == "-") {
    auto input = ReadStandardInput();
    if (!input) return input.error();
    value = std::move(*input);
  }
  ValueEdit edit;
  edit.path = std::move(*path);
  edit.expect = opts.expect;
  if (opts.string) {
    if (!IsValidUtf8(value)) return Status::InvalidData("value: --string: not valid UTF-8");
    AppendJsonString(edit.json, value);
  } else {
    edit.json = value;
  }
  if (Status checked = CheckEdit(edit); !checked.ok()) {
    return opts.string || checked.message().rfind("value:", 0) != 0 ? checked
                                                                       : BadValue(checked, value);
  }
  auto db = ctx.Database();
  if (!db) return db.error();
  Create create = opts.create ? Create::kAlways : opts.no_create ? Create::kNever : Create::kUnlessSlip;
  auto stored = SetState(**db, ctx.words.object(), ctx.words.one("KEY"), edit, ctx.Write(create));
  if (!stored) return stored.error();
  return opts.print ? PrintLine(*stored) : Status::Ok();
}

}  // namespace

void SetupSet(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<SetOptions>();
  AddPathOptions(cmd, opts->path);
  cmd.add_flag("-s,--string", opts->string, "VALUE is a plain string, stored as a JSON string");
  cmd.add_option("--expect", opts->expect,
                 "Write only if the value (or member) is now this JSON; else exit 4")
      ->type_name("JSON");
  cmd.add_flag("--create", opts->create, "Create the object even if its name looks like a typo");
  cmd.add_flag("--no-create", opts->no_create, "Never create the object: exit 1 if it is absent");
  cmd.add_flag("--print", opts->print, "Print the value actually stored");
  cmd.footer(
      "VALUE is JSON as Python's json.loads reads it ('-' reads standard input); put -- before\n"
      "a VALUE that starts with '-' (negative numbers and -Infinity need none).");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunSet(*opts, c); }; });
}

}  // namespace statectl
