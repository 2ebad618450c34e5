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

// Writes go to a temp file (mode 0600) in the target's directory; Publish()
// flushes, fsyncs and renames it over the target. Destroyed unpublished, or
// when the process dies of SIGINT, SIGTERM, SIGHUP, SIGPIPE or SIGQUIT first,
// it removes the temp file, so the target is never a partial file.
class AtomicFile {
 public:
  static Result<std::unique_ptr<AtomicFile>> Create(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  FILE* stream() { return file_; }
  Status Publish();

 private:
  AtomicFile(std::string path, std::string temp_path, FILE* file)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), file_(file),
        on_signal_({temp_path_}) {}
  std::string path_, temp_path_;
  FILE* file_;
  RemoveOnSignal on_signal_;  // the temp file, until published
  bool published_ = false;
};

}  // namespace statectl

#endif  // STATECTL_CORE_ATOMIC_FILE_H_
