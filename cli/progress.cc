#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace statectl {
namespace {

std::string Grouped(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

Progress::Progress(std::string command, bool forced)
    : command_(std::move(command)),
      terminal_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  enabled_ = forced || terminal_;
}

ProgressSink Progress::Sink() {
  if (!enabled_) return nullptr;
  return [this](int64_t records, int64_t bytes) { Update(records, bytes); };
}

void Progress::Update(int64_t records, int64_t bytes) {
  records_ = records;
  bytes_ = bytes;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < (terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(1))) {
    return;
  }
  last_draw_ = now;
  Draw(false);
}

void Progress::Finish() {
  if (enabled_) Draw(true);
}

void Progress::Draw(bool last) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(records_) / seconds : 0;
  char line[256];
  std::snprintf(line, sizeof line, "statectl: %s: %s records, %.1f MB, %s records/s, %.1f s",
                command_.c_str(), Grouped(records_).c_str(), static_cast<double>(bytes_) / 1e6,
                Grouped(static_cast<int64_t>(rate)).c_str(), seconds);
  // On a terminal the line is redrawn in place; elsewhere each is kept.
  std::fprintf(stderr, terminal_ ? "\r%s\033[K%s" : "%s%s", line, terminal_ && !last ? "" : "\n");
  std::fflush(stderr);
}

}  // namespace statectl
