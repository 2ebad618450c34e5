#include "core/run_command.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/seconds.h"

namespace statectl {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() { Close(); }
  void Close() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

}  // namespace

Result<std::string> RunShellCommand(const std::string& command, std::chrono::milliseconds timeout) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return Status::Database(std::string("pipe: ") + std::strerror(errno));
  Fd read_end{pipe_fds[0]}, write_end{pipe_fds[1]};
  pid_t pid = fork();
  if (pid < 0) return Status::Database(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    setpgid(0, 0);  // its own group, so a timeout kills its children too
    dup2(write_end.fd, STDOUT_FILENO);
    close(read_end.fd);
    close(write_end.fd);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);
  write_end.Close();
  std::string output;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  char buf[65536];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{read_end.fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      break;
    }
    ssize_t n = read(read_end.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buf, static_cast<size_t>(n));
  }
  if (timed_out) kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Status::Database("--run command did not finish within " + SecondsText(timeout) +
                            " s (--timeout); it was killed and nothing was stored");
  }
  if (WIFSIGNALED(status)) {
    return Status::Database("--run command killed by signal " + std::to_string(WTERMSIG(status)) +
                            "; nothing was stored");
  }
  if (WEXITSTATUS(status) != 0) {
    return Status::Database("--run command exited with status " +
                            std::to_string(WEXITSTATUS(status)) + "; nothing was stored");
  }
  return output;
}

}  // namespace statectl
