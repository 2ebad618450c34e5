// statectl get (NAME CLASS | --id ID) KEY [--default JSON] [-r|--raw] [--pretty]
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/json_parse.h"
#include "core/json_write.h"
#include "core/state_ops.h"
#include "core/utf8.h"

namespace statectl {
namespace {

struct GetOptions {
  std::optional<std::string> default_json;
  bool raw = false;
  bool pretty = false;
};

// The text to print for a value_json under --raw/--pretty.
Result<std::string> Format(const std::string& value_json, const GetOptions& opts) {
  if (!opts.raw && !opts.pretty) return value_json;
  auto parsed = ParseJson(value_json, JsonMode::kPython);
  if (!parsed) return parsed.error().WithContext("stored value");
  if (opts.raw && parsed->type == JsonNode::Type::kString) {
    auto text = WtfToUtf8(parsed->text);
    if (!text) return text.error().WithContext("--raw");
    return text;
  }
  if (opts.pretty) return PrettyJson(*parsed);
  return value_json;
}

Status RunGet(const GetOptions& opts, CommandContext& ctx) {
  const ObjectRef& ref = ctx.words.object();
  const std::string& key = ctx.words.one("KEY");
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
    if (!fallback) {
      return Status::NotFound("no value for key " + Quoted(key) + " of object " +
                              (ref.id ? std::to_string(*ref.id)
                                      : ObjectLabel(ref.name, ref.class_name)));
    }
    *value = fallback;
  }
  auto text = Format(**value, opts);
  if (!text) return text.error();
  return PrintLine(*text);
}

}  // namespace

void SetupGet(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<GetOptions>();
  cmd.add_option("--default", opts->default_json,
                 "Print this JSON (as Buildbot would store it) when the key is absent")
      ->type_name("JSON");
  cmd.add_flag("-r,--raw", opts->raw, "Print a string value unescaped, like jq -r");
  cmd.add_flag("--pretty", opts->pretty, "Indent the value");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunGet(*opts, c); }; });
}

}  // namespace statectl
