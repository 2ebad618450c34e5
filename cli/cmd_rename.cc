// statectl rename NAME --to NEWNAME [--class CLASS] [--to-class NEWCLASS]
//                 [--on-conflict fail|skip|overwrite] [--force] [-q]
#include <memory>

#include "cli/commands.h"
#include "core/rename.h"

namespace statectl {
namespace {

struct RenameOptions {
  std::optional<std::string> to;
  std::optional<std::string> class_name;
  std::optional<std::string> to_class;
  std::string on_conflict = "fail";
};

Status RunRename(const RenameOptions& opts, CommandContext& ctx) {
  auto policy = ParseOnConflict(opts.on_conflict);
  if (!policy) return policy.error();
  if (!opts.to && !opts.to_class) return Status::Usage("give the new name (--to) or class (--to-class)");
  RenameRequest request;
  request.name = ctx.words.one("NAME");
  request.class_name = opts.class_name;
  request.to = opts.to.value_or(request.name);
  request.to_class = opts.to_class;
  request.on_conflict = *policy;
  auto db = ctx.Database();
  if (!db) return db.error();
  auto report = RenameObjects(**db, request, ctx.Write());
  if (!report) return report.error();
  for (const std::string& line : report->lines) ctx.Notice(line);
  return Status::Ok();
}

}  // namespace

void SetupRename(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<RenameOptions>();
  cmd.add_option("--to", opts->to, "The new name (default: NAME, for a class-only rename)")
      ->type_name("NEWNAME");
  cmd.add_option("--class", opts->class_name, "Only the object of this class (default: every class)")
      ->type_name("CLASS");
  cmd.add_option("--to-class", opts->to_class, "The new class (needs --class if NAME has several)")
      ->type_name("NEWCLASS");
  cmd.add_option("--on-conflict", opts->on_conflict,
                 "When the new object exists with a different value: fail (exit 4, the default), "
                 "skip (keep its), overwrite")
      ->type_name("POLICY");
  AddNonAtomicFlag(cmd, ctx.non_atomic);
  cmd.footer("Renames every object named NAME (a service's bare and module-qualified rows) in\n"
             "one transaction; where the new object exists, its missing values move over.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunRename(*opts, c); }; });
}

}  // namespace statectl
