// statectl object-id NAME CLASS [--no-create]
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct ObjectIdOptions {
  std::string name, class_name;
  bool no_create = false;
};

Status RunObjectId(const ObjectIdOptions& opts, const GlobalOptions& globals) {
  auto db = OpenDatabase(globals, false);
  if (!db) return db.error();
  auto id = ObjectId(**db, opts.name, opts.class_name, !opts.no_create);
  if (!id) return id.error();
  return PrintLine(std::to_string(*id));
}

}  // namespace

void SetupObjectId(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<ObjectIdOptions>();
  cmd.add_option("NAME", opts->name, "The object's name (shortened as Buildbot does past 128 characters)")
      ->required();
  cmd.add_option("CLASS", opts->class_name, "The object's class name, e.g. GitPoller")->required();
  cmd.add_flag("--no-create", opts->no_create, "Only look up; exit 1 if the object is absent");
  cmd.footer("Usage: statectl object-id NAME CLASS [--no-create]");
  cmd.callback([opts, &ctx] { ctx.run = [opts, &ctx] { return RunObjectId(*opts, ctx.globals); }; });
}

}  // namespace statectl
