// A file that appears under its name only when complete (dump -o).
#ifndef STATECTL_CORE_ATOMIC_FILE_H_
#define STATECTL_CORE_ATOMIC_FILE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/remove_on_signal.h"
#include "core/status.h"

namespace statectl {

// Writes go to an unnamed temp file (O_TMPFILE, mode 0600) in the target's
// directory; Publish() flushes and fsyncs it, names it ".BASE.tmp-PID-XXXXXX"
// and renames that over the target. A process killed in any way before
// Publish leaves nothing; killed between the naming and the rename (an
// instant), it leaves the named file, which the next Create for the same
// target removes once PID no longer runs. Where the directory's file system
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
      : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file),
        on_signal_({temp_path_}), unnamed_(unnamed) {}
  std::string path_, temp_path_;
  FILE* file_;
  RemoveOnSignal on_signal_;  // the temp file, until published
  bool unnamed_;          // O_TMPFILE: temp_path_ exists only once linked_
  bool linked_ = false;
  bool published_ = false;
};

}  // namespace statectl

#endif  // STATECTL_CORE_ATOMIC_FILE_H_
