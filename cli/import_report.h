// What import and copy share on the command line: their options and how
// their report is printed (a line, the dry run's summary, or --json).
#ifndef STATECTL_CLI_IMPORT_REPORT_H_
#define STATECTL_CLI_IMPORT_REPORT_H_

#include <CLI/CLI.hpp>

#include <string>

#include "cli/commands.h"
#include "core/import.h"

namespace statectl {

struct ImportCliOptions {
  std::string on_conflict;  // as given; empty: fail (overwrite with --replace)
  ImportOptions import;
  bool json = false;
  bool progress = false;
};

// Adds --on-conflict, --dry-run, --json, --init, --class, --name, --replace
// and --progress to cmd.
void AddImportOptions(CLI::App& cmd, ImportCliOptions& opts);

// The options as core takes them: the policy word checked, the guard's
// options from ctx. kUsage for a bad policy.
Result<ImportOptions> ImportOptionsOf(const ImportCliOptions& opts, const CommandContext& ctx);

// Prints the outcome: with --json one object whatever happened; else the
// dry run's summary or the import's line (none under -q). Returns what the
// command ends in: the error, or DryRunVerdict.
Status PrintImportOutcome(const Result<ImportReport>& report, const ImportOptions& options,
                          bool json, bool quiet, const std::string& verb);

}  // namespace statectl

#endif  // STATECTL_CLI_IMPORT_REPORT_H_
