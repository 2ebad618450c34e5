// statectl init: create Buildbot's state tables where absent.
#include "cli/commands.h"
#include "cli/output.h"

namespace statectl {
namespace {

Status RunInit(const GlobalOptions& globals) {
  auto db = OpenDatabase(globals, /*create=*/true);
  if (!db) return db.error();
  auto txn = (*db)->BeginWrite();
  if (!txn) return txn.error();
  STATECTL_RETURN_IF_ERROR((*txn)->schema().CreateSchema());
  return (*txn)->Commit();
}

}  // namespace

void SetupInit(CLI::App& cmd, CommandContext& ctx) {
  cmd.footer("Usage: statectl init\nIdempotent: existing tables and their rows are left as they are.");
  cmd.callback([&ctx] { ctx.run = [&ctx] { return RunInit(ctx.globals); }; });
}

}  // namespace statectl
