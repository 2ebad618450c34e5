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

std::function<void(int64_t)> Progress::SortingSink() {
  if (!enabled_) return nullptr;
  return [this](int64_t values_read) { UpdateSorting(values_read); };
}

bool Progress::DueForDraw() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < (terminal_ ? std::chrono::milliseconds(250) : std::chrono::seconds(1))) {
    return false;
  }
  last_draw_ = now;
  return true;
}

void Progress::UpdateSorting(int64_t values_read) {
  sorted_ = values_read;
  if (DueForDraw()) DrawSorting(false);
}

void Progress::EndSorting() {
  if (sorted_ > 0 && !sorting_drawn_) DrawSorting(true);
}

void Progress::Update(int64_t records, int64_t bytes) {
  EndSorting();  // the records begin
  records_ = records;
  bytes_ = bytes;
  if (DueForDraw()) Draw(false);
}

void Progress::Finish() {
  if (!enabled_) return;
  EndSorting();
  Draw(true);
}

double Progress::Elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::DrawSorting(bool last) {
  double seconds = Elapsed();
  char line[256];
  std::snprintf(line, sizeof line, "statectl: %s: %s %s values, %.1f s", command_.c_str(),
                last ? "sorted" : "sorting:", Grouped(sorted_).c_str(), seconds);
  if (last) sorting_drawn_ = true;
  Emit(line, last);
}

void Progress::Draw(bool last) {
  double seconds = Elapsed();
  double rate = seconds > 0 ? static_cast<double>(records_) / seconds : 0;
  char line[256];
  std::snprintf(line, sizeof line, "statectl: %s: %s records, %.1f MB, %s records/s, %.1f s",
                command_.c_str(), Grouped(records_).c_str(), static_cast<double>(bytes_) / 1e6,
                Grouped(static_cast<int64_t>(rate)).c_str(), seconds);
  Emit(line, last);
}

void Progress::Emit(const char* line, bool last) {
  // On a terminal the line is redrawn in place; elsewhere each is kept.
  std::fprintf(stderr, terminal_ ? "\r%s\033[K%s" : "%s%s", line, terminal_ && !last ? "" : "\n");
  std::fflush(stderr);
}

}  // namespace statectl
