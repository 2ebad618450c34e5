// statectl object-id NAME CLASS [--no-create]
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct ObjectIdOptions {
  bool no_create = false;
};

Status RunObjectId(const ObjectIdOptions& opts, CommandContext& ctx) {
  auto db = ctx.Database();
  if (!db) return db.error();
  auto id = ObjectId(**db, ctx.words.one("NAME"), ctx.words.one("CLASS"), !opts.no_create);
  if (!id) return id.error();
  return PrintLine(std::to_string(*id));
}

}  // namespace

void SetupObjectId(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<ObjectIdOptions>();
  cmd.add_flag("--no-create", opts->no_create, "Only look up; exit 1 if the object is absent");
  cmd.footer("NAME is shortened as Buildbot does past 128 characters; CLASS is e.g. GitPoller.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunObjectId(*opts, c); }; });
}

}  // namespace statectl
