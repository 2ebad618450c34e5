// statectl get (NAME CLASS | --id ID) KEY [--pointer P | --member M...] [--default JSON]
//              [-r|--raw] [--pretty]
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/value_path.h"
#include "core/json_parse.h"
#include "core/json_write.h"
#include "core/state_ops.h"
#include "core/utf8.h"

namespace statectl {
namespace {

struct GetOptions {
  PathOptions path;
  std::optional<std::string> default_json;
  bool raw = false;
  bool pretty = false;
};

// The text to print for a value_json (or the member at path in it).
Result<std::string> Format(const std::string& value_json, const JsonPath& path,
                           const GetOptions& opts) {
  if (!opts.raw && !opts.pretty && path.empty()) return value_json;
  auto parsed = ParseJson(value_json, JsonMode::kPython);
  if (!parsed) return parsed.error().WithContext("stored value");
  auto node = FindAt(*parsed, path);
  if (!node) return node.error();
  if (opts.raw && (*node)->type == JsonNode::Type::kString) {
    auto text = WtfToUtf8((*node)->text);
    if (!text) return text.error().WithContext("--raw");
    return text;
  }
  if (opts.pretty) return PrettyJson(**node);
  return path.empty() ? value_json : PythonDumps(**node);
}

Status RunGet(const GetOptions& opts, CommandContext& ctx) {
  const ObjectRef& ref = ctx.words.object();
  const std::string& key = ctx.words.one("KEY");
  auto path = PathOf(opts.path);
  if (!path) return path.error();
  std::optional<std::string> fallback;
  if (opts.default_json) {
    auto json = PythonRoundTrip(*opts.default_json);
    if (!json) return json.error().WithContext("--default");
    fallback = std::move(*json);
  }
  auto db = ctx.Database();
  if (!db) return db.error();
  auto value = GetState(**db, ref, key);
  if (!value) return value.error();
  if (!*value) {
    if (!fallback) return MissingValue(**db, ref, key);
    return PrintLine(opts.pretty || opts.raw ? *Format(*fallback, {}, opts) : *fallback);
  }
  auto text = Format(**value, *path, opts);
  if (!text) {
    if (text.error().code() == Code::kNotFound && fallback) return PrintLine(*fallback);
    return text.error();
  }
  return PrintLine(*text);
}

}  // namespace

void SetupGet(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<GetOptions>();
  AddPathOptions(cmd, opts->path);
  cmd.add_option("--default", opts->default_json,
                 "Print this JSON (as Buildbot would store it) when the key or member is absent")
      ->type_name("JSON");
  cmd.add_flag("-r,--raw", opts->raw, "Print a string value unescaped, like jq -r");
  cmd.add_flag("--pretty", opts->pretty, "Indent the value");
  cmd.footer("With --pointer or --member, prints that member as Python's json.dumps writes it.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunGet(*opts, c); }; });
}

}  // namespace statectl
