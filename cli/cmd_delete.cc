// statectl delete (NAME CLASS | --id ID) KEY... | KEY (--pointer P | --member M...) | --object
// statectl delete [--class GLOB] [--name GLOB] [-i] (--object | --all-keys) [--yes] [--dry-run]
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/value_path.h"
#include "core/delete.h"
#include "core/state_ops.h"

namespace statectl {
namespace {

struct DeleteOptions {
  PathOptions path;
  bool object = false;
  bool all_keys = false;
  std::optional<std::string> class_glob, name_glob;
  bool ignore_case = false;
  bool yes = false;
  bool dry_run = false;
  bool as_stored = false;
};

void Tell(const CommandContext& ctx, const DeleteReport& report) {
  for (const std::string& line : report.lines) ctx.Notice("deleted " + line);
  for (const std::string& line : report.missing) ctx.Notice(line);
}

// Asks on the terminal; true for y or yes.
bool Confirmed(const std::string& question) {
  std::fprintf(stderr, "statectl: delete: %s [y/N] ", question.c_str());
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "YES";
}

Status RunSelected(const DeleteOptions& opts, CommandContext& ctx) {
  if (!opts.class_glob && !opts.name_glob) {
    return Status::Usage("say which objects: NAME CLASS, --id, or --class/--name globs "
                         "(--class '*' for all)");
  }
  if (opts.object == opts.all_keys) {
    return Status::Usage("with --class/--name give --object (the objects) or --all-keys (their values)");
  }
  DeleteSelection selection{opts.class_glob.value_or("*"), opts.name_glob.value_or("*"),
                            opts.ignore_case, opts.all_keys};
  auto db = ctx.Database();
  if (!db) return db.error();
  auto plan = PlanDelete(**db, selection);
  if (!plan) return plan.error();
  if (plan->lines.empty()) {
    return Status::NotFound("no object matches --class " + Quoted(selection.class_glob) +
                            " --name " + Quoted(selection.name_glob));
  }
  std::string what =
      opts.all_keys
          ? Count(plan->values, "value") + " of " + Count(static_cast<int64_t>(plan->lines.size()), "object")
          : Count(plan->objects, "object") + " with " + Count(plan->values, "value");
  if (opts.dry_run) {
    for (const std::string& line : plan->lines) PrintError("delete", "would delete " + line);
    PrintError("delete", "dry run: would delete " + what + "; nothing deleted");
    return Status::Ok();
  }
  if (!opts.yes) {
    if (!isatty(STDIN_FILENO)) {
      return Status::Usage("refusing to delete " + what +
                           " without --yes (standard input is not a terminal; --dry-run lists "
                           "them)");
    }
    for (const std::string& line : plan->lines) PrintError("delete", "will delete " + line);
    if (!Confirmed("delete " + what + "?")) {
      PrintError("delete", "nothing deleted");
      return Status::Ok();
    }
  }
  auto done = DeleteSelected(**db, selection, ctx.Write());
  if (!done) return done.error();
  Tell(ctx, *done);
  return Status::Ok();
}

Status RunDelete(const DeleteOptions& opts, CommandContext& ctx) {
  if (!ctx.words.has_object()) return RunSelected(opts, ctx);
  if (opts.class_glob || opts.name_glob) {
    return Status::Usage("--class and --name select objects; not with NAME CLASS or --id");
  }
  if (opts.yes || opts.dry_run) return Status::Usage("--yes and --dry-run go with --class/--name");
  const ObjectRef& ref = ctx.words.object();
  const std::vector<std::string>& keys = ctx.words.many("KEY");
  auto path = PathOf(opts.path);
  if (!path) return path.error();
  if (opts.object) {
    if (!keys.empty() || !path->empty() || opts.all_keys) {
      return Status::Usage("--object deletes the whole object: give no KEY, --pointer or --all-keys");
    }
  } else if (opts.all_keys) {
    if (!keys.empty() || !path->empty()) return Status::Usage("--all-keys takes no KEY");
  } else if (keys.empty()) {
    return Status::Usage("say what to delete: KEY..., KEY --pointer P, --all-keys or --object");
  } else if (!path->empty() && keys.size() != 1) {
    return Status::Usage("--pointer and --member work inside one KEY");
  }
  if (opts.as_stored && (keys.empty() || !path->empty())) {
    return Status::Usage("--as-stored goes with KEY..., without --pointer or --member");
  }
  auto db = ctx.Database();
  if (!db) return db.error();
  if (!path->empty()) {
    ValueEdit edit;
    edit.op = ValueEdit::Op::kRemove;
    edit.path = *path;
    auto stored = SetState(**db, ref, keys.front(), edit, ctx.Write(Create::kNever));
    if (!stored) return stored.error();
    ctx.Notice("deleted member " + FormatJsonPointer(*path) + " of " + Describe(ref) + " key " +
               Quoted(keys.front()));
    return Status::Ok();
  }
  Result<DeleteReport> done = DeleteReport{};
  if (opts.object) {
    done = DeleteWholeObject(**db, ref, ctx.Write());
  } else if (opts.all_keys) {
    done = DeleteAllValues(**db, ref, ctx.Write());
  } else {
    done = DeleteValues(**db, ref, keys, ctx.Write(),
                        opts.as_stored ? KeyForm::kAsStored : KeyForm::kShortened);
  }
  if (!done) return done.error();
  Tell(ctx, *done);
  return Status::Ok();
}

}  // namespace

void SetupDelete(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<DeleteOptions>();
  AddPathOptions(cmd, opts->path);
  cmd.add_flag("--object", opts->object, "Delete the object row itself, with all its values");
  cmd.add_flag("--all-keys", opts->all_keys, "Delete all the object's values, keep the object");
  cmd.add_option("--class", opts->class_glob, "Without NAME CLASS: the objects whose class matches GLOB")
      ->type_name("GLOB");
  cmd.add_option("--name", opts->name_glob, "Without NAME CLASS: the objects whose name matches GLOB")
      ->type_name("GLOB");
  cmd.add_flag("-i,--ignore-case", opts->ignore_case, "The globs match letters of either case");
  cmd.add_flag("-y,--yes", opts->yes, "Delete what the globs match without asking");
  cmd.add_flag("--dry-run", opts->dry_run, "List what the globs match; delete nothing");
  cmd.add_flag("--as-stored", opts->as_stored,
               "Each KEY is a key exactly as stored, not shortened (what statectl check prints)");
  AddNonAtomicFlag(cmd, ctx.non_atomic);
  cmd.footer("Prints what it deleted on stderr (-q: nothing). Exit 1 when nothing matched.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunDelete(*opts, c); }; });
}

}  // namespace statectl
