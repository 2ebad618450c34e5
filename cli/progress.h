// Progress of dump and import on stderr: redrawn in place when stderr is a
// terminal, a line a second under --progress otherwise, silent under cron.
#ifndef STATECTL_CLI_PROGRESS_H_
#define STATECTL_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
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
  // Draws the last figures reported, ending the line.
  void Finish();

 private:
  void Update(int64_t records, int64_t bytes);
  void Draw(bool last);

  std::string command_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  int64_t records_ = 0, bytes_ = 0;
};

}  // namespace statectl

#endif  // STATECTL_CLI_PROGRESS_H_
