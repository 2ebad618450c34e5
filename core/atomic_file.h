// A file that appears under its name only when complete (dump -o).
#ifndef STATECTL_CORE_ATOMIC_FILE_H_
#define STATECTL_CORE_ATOMIC_FILE_H_

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/remove_on_signal.h"
#include "core/status.h"

namespace statectl {

// Writes go to an unnamed temp file (O_TMPFILE, mode 0600) in the target's
// directory; Publish() flushes and fsyncs it, names it ".BASE.tmp-PID-XXXXXX"
// and renames that over the target. Nothing is created beside the target
// before that, so a process killed in any way before Publish leaves nothing;
// killed between the naming and the rename (an instant), it leaves the named
// file, complete, which the next Create for the same target removes once PID
// no longer runs. Where the directory's file system
// has no O_TMPFILE (or /proc is not mounted) the temp file is named from the
// start, and removed on destruction or when the process dies of SIGINT,
// SIGTERM, SIGHUP, SIGPIPE or SIGQUIT. Either way the target is never a
// partial file. Main thread only (the signal guard).
class AtomicFile {
 public:
  static Result<std::unique_ptr<AtomicFile>> Create(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  FILE* stream() { return file_; }
  Status Publish();

 private:
  AtomicFile(std::string path, std::string temp_path, FILE* file, bool unnamed)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file), unnamed_(unnamed) {
    if (!unnamed_) on_signal_.emplace(std::vector<std::string>{temp_path_});
  }
  std::string path_;
  std::string temp_path_;  // unnamed: its prefix until Publish names it
  FILE* file_;
  std::optional<RemoveOnSignal> on_signal_;  // the named temp file, until published
  bool unnamed_;          // O_TMPFILE: temp_path_ exists only once linked_
  bool linked_ = false;
  bool published_ = false;
};

}  // namespace statectl

#endif  // STATECTL_CORE_ATOMIC_FILE_H_
