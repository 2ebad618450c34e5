// statectl init: create Buildbot's state tables where absent.
#include "cli/commands.h"

namespace statectl {
namespace {

Status RunInit(CommandContext& ctx) {
  auto db = ctx.Database(/*create=*/true);
  if (!db) return db.error();
  auto txn = (*db)->BeginWrite();
  if (!txn) return txn.error();
  STATECTL_RETURN_IF_ERROR((*txn)->schema().CreateSchema());
  return (*txn)->Commit();
}

}  // namespace

void SetupInit(CLI::App& cmd, CommandContext& ctx) {
  cmd.footer("Idempotent: existing tables and their rows are left as they are.");
  cmd.callback([&ctx] { ctx.run = RunInit; });
}

}  // namespace statectl
