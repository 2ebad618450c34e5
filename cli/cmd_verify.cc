// statectl verify FILE... [--json]: check dumps without a database.
#include <memory>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/dump_reader.h"
#include "core/json_write.h"

namespace statectl {
namespace {

struct VerifyOptions {
  bool json = false;
};

// One file's verdict: its end line, or what is wrong with it.
Result<DumpTrailer> VerifyOne(const std::string& file) {
  auto in = InputFile::Open(file);
  if (!in) return in.error();
  return ReadDump(in->get(), [](const Row&, int64_t, int64_t) { return Status::Ok(); });
}

std::string JsonVerdict(const std::string& file, const Result<DumpTrailer>& verdict) {
  std::string out = "{\"v\":1,\"file\":";
  AppendJsonString(out, file);
  if (verdict) {
    out += ",\"ok\":true,\"objects\":" + std::to_string(verdict->objects) +
           ",\"values\":" + std::to_string(verdict->values) + ",\"sha256\":\"" + verdict->sha256 +
           "\",\"error\":null}";
  } else {
    out += ",\"ok\":false,\"error\":";
    AppendJsonString(out, verdict.error().message());
    out += "}";
  }
  return out;
}

Status RunVerify(const VerifyOptions& opts, CommandContext& ctx) {
  const std::vector<std::string>& files = ctx.words.many("FILE");
  if (files.empty()) return Status::Usage("missing FILE ('-' for standard input)");
  Status worst;
  for (const std::string& file : files) {
    auto verdict = VerifyOne(file);
    if (opts.json) {
      STATECTL_RETURN_IF_ERROR(PrintLine(JsonVerdict(file, verdict)));
    } else if (verdict) {
      STATECTL_RETURN_IF_ERROR(PrintLine(file + ": ok, " + std::to_string(verdict->objects) +
                                         " objects, " + std::to_string(verdict->values) +
                                         " values, sha256 " + verdict->sha256));
    } else {
      // As sha256sum -c: every file's verdict on standard output.
      STATECTL_RETURN_IF_ERROR(PrintLine(file + ": FAILED: " + verdict.error().message()));
    }
    if (!verdict && (worst.ok() || verdict.error().code() == Code::kDatabase)) {
      // The first bad file names the fault; a file that cannot be read weighs most.
      worst = verdict.error().WithContext(file);
    }
  }
  return worst;
}

}  // namespace

void SetupVerify(CLI::App& cmd, CommandContext& ctx) {
  auto opts = std::make_shared<VerifyOptions>();
  cmd.add_flag("--json", opts->json, "One JSON object per file (schema v1: statectl(1))");
  cmd.footer("Checks each dump as import would, with no database: the header, every line,\n"
             "the order, no repeats, the end line's counts and sha256. Exit 3 naming the first\n"
             "bad line. '-' reads standard input.");
  cmd.callback([opts, &ctx] { ctx.run = [opts](CommandContext& c) { return RunVerify(*opts, c); }; });
}

}  // namespace statectl
