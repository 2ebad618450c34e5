#include "core/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <cstring>
#include <memory>
#include <string_view>

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

// ".BASE.tmp-PID-": the names of this process's temp files beside BASE.
std::string TempPrefix(const std::string& base, pid_t pid) {
  return "." + base + ".tmp-" + std::to_string(pid) + "-";
}

// Removes the named temp files beside BASE that processes no longer running
// left: a dump killed (SIGKILL, a power cut) in the instant between naming
// its complete temp file and renaming it over BASE.
void RemoveLeftovers(const std::string& dir, const std::string& base) {
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  std::string start = "." + base + ".tmp-";
  while (struct dirent* entry = readdir(d)) {
    std::string_view name(entry->d_name);
    if (name.substr(0, start.size()) != start) continue;
    std::string_view rest = name.substr(start.size());
    size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string_view::npos) continue;
    pid_t pid = 0;
    bool digits = true;
    for (char c : rest.substr(0, dash)) {
      if (c < '0' || c > '9') digits = false;
      pid = pid * 10 + (c - '0');
      if (pid > 1 << 30) digits = false;
    }
    if (!digits || pid <= 0) continue;
    if (kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive, or not ours to judge
    unlinkat(dirfd(d), entry->d_name, 0);
  }
  closedir(d);
}

// Six characters of mkstemp's alphabet from the kernel's random source
// (which blocks only until its pool is first seeded, at boot).
std::string RandomSuffix() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static uint64_t calls = 0;
  unsigned char bytes[6];
  if (getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    // A kernel without getrandom (before 3.17): the clock, and a count so
    // that retries differ.
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t mix = (static_cast<uint64_t>(now.tv_nsec) ^ ++calls << 32) * 0x9E3779B97F4A7C15ull;
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(mix >>= 8);
  }
  std::string suffix;
  for (unsigned char b : bytes) suffix += kAlphabet[b % 62];
  return suffix;
}

}  // namespace

Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path) {
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  if (base.empty()) return Status::Usage("output path '" + path + "' names a directory");
  std::string dir = DirName(path);
  RemoveLeftovers(dir, base);
  std::string temp = dir + "/" + TempPrefix(base, getpid()) + "XXXXXX";
  // An unnamed file (O_TMPFILE): a process killed while writing leaves
  // nothing behind. Publish names it through /proc; where either is missing
  // (a file system without O_TMPFILE, no /proc), a named temp file instead.
  bool unnamed = false;
  int fd = -1;
  if (access("/proc/self/fd", X_OK) == 0) {
    fd = open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    unnamed = fd >= 0;
  }
  if (fd < 0) fd = mkstemp(temp.data());  // mode 0600
  if (fd < 0) return IoError("cannot create a temporary file beside", path);
  FILE* file = fdopen(fd, "wb");
  if (!file) {
    Status st = IoError("cannot open", temp);
    close(fd);
    if (!unnamed) unlink(temp.c_str());
    return st;
  }
  // An unnamed file gets its name only in Publish: nothing is created
  // beside the target now, so a process killed here leaves nothing.
  if (unnamed) temp = temp.substr(0, temp.size() - 6);
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, temp, file, unnamed));
}

AtomicFile::~AtomicFile() {
  if (file_) fclose(file_);
  if (!published_ && (!unnamed_ || linked_)) unlink(temp_path_.c_str());
}

Status AtomicFile::Publish() {
  if (fflush(file_) != 0 || ferror(file_)) return IoError("cannot write a temporary file beside", path_);
  if (fsync(fileno(file_)) != 0) return IoError("cannot sync a temporary file beside", path_);
  if (unnamed_) {
    // Named under the prefix and six random characters, tried until a name
    // is free (an earlier process with this PID may have left one behind).
    std::string self = "/proc/self/fd/" + std::to_string(fileno(file_));
    std::string prefix = temp_path_;
    for (int attempt = 0;; ++attempt) {
      temp_path_ = prefix + RandomSuffix();
      if (linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp_path_.c_str(), AT_SYMLINK_FOLLOW) == 0) break;
      if (errno != EEXIST || attempt == 99) return IoError("cannot name the temporary file", temp_path_);
    }
    linked_ = true;
    on_signal_.emplace(std::vector<std::string>{temp_path_});
  }
  int rc = fclose(file_);
  file_ = nullptr;
  if (rc != 0) return IoError("cannot close", temp_path_);
  if (rename(temp_path_.c_str(), path_.c_str()) != 0) return IoError("cannot rename to", path_);
  published_ = true;
  on_signal_.reset();
  // Make the rename itself durable.
  int dir = open(DirName(path_).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    fsync(dir);
    close(dir);
  }
  return Status::Ok();
}

}  // namespace statectl
