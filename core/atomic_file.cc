#include "core/atomic_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace statectl {
namespace {

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status IoError(const std::string& what, const std::string& path) {
  return Status::Database(what + " '" + path + "': " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path) {
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (base.empty()) return Status::Usage("output path '" + path + "' names a directory");
  std::string temp = DirName(path) + "/." + base + ".tmp-XXXXXX";
  int fd = mkstemp(temp.data());  // mode 0600
  if (fd < 0) return IoError("cannot create a temporary file beside", path);
  FILE* file = fdopen(fd, "wb");
  if (!file) {
    Status st = IoError("cannot open", temp);
    close(fd);
    unlink(temp.c_str());
    return st;
  }
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, temp, file));
}

AtomicFile::~AtomicFile() {
  if (file_) fclose(file_);
  if (!published_) unlink(temp_path_.c_str());
}

Status AtomicFile::Publish() {
  if (fflush(file_) != 0 || ferror(file_)) return IoError("cannot write", temp_path_);
  if (fsync(fileno(file_)) != 0) return IoError("cannot sync", temp_path_);
  int rc = fclose(file_);
  file_ = nullptr;
  if (rc != 0) return IoError("cannot close", temp_path_);
  if (rename(temp_path_.c_str(), path_.c_str()) != 0) return IoError("cannot rename to", path_);
  published_ = true;
  on_signal_.Disarm();
  // Make the rename itself durable.
  int dir = open(DirName(path_).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return Status::Ok();
}

}  // namespace statectl
