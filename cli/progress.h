// Progress of dump and import on stderr: redrawn in place when stderr is a
// terminal, a line a second under --progress otherwise, silent under cron.
#ifndef STATECTL_CLI_PROGRESS_H_
#define STATECTL_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/progress_sink.h"

namespace statectl {

class Progress {
 public:
  // Shown when forced (--progress) or when stderr is a terminal.
  Progress(std::string command, bool forced);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // What dump and import report to; empty when progress is not shown. Cheap
  // to call often: draws at most 4 times a second (terminal) or once.
  ProgressSink Sink();
  // What a dump's sort reports to while it reads, before Sink() hears of any
  // record (from another thread, but never at the same time); empty when
  // progress is not shown. Its last figure gets a line of its own.
  std::function<void(int64_t values_read)> SortingSink();
  // Draws the last figures reported, ending the line.
  void Finish();

 private:
  void Update(int64_t records, int64_t bytes);
  void UpdateSorting(int64_t values_read);
  void EndSorting();  // the sort's last line, once
  bool DueForDraw();
  double Elapsed() const;
  void Draw(bool last);
  void DrawSorting(bool last);
  void Emit(const char* line, bool last);

  std::string command_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  int64_t records_ = 0, bytes_ = 0;
  int64_t sorted_ = 0;
  bool sorting_drawn_ = false;  // the sort's last line is out
};

}  // namespace statectl

#endif  // STATECTL_CLI_PROGRESS_H_
