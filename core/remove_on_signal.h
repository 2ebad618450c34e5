// Files a fatal signal must not leave behind: a temp file being written, a
// database a failing command created. The handler unlinks them, then the
// process dies of the signal as it would have.
#ifndef STATECTL_CORE_REMOVE_ON_SIGNAL_H_
#define STATECTL_CORE_REMOVE_ON_SIGNAL_H_

#include <string>
#include <vector>

namespace statectl {

// While alive, SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGQUIT unlink paths
// (up to 8 files in all, of any number of guards; longer paths than
// PATH_MAX are not guarded). Disarm() (or destruction) forgets them
// without unlinking. Main thread only.
class RemoveOnSignal {
 public:
  explicit RemoveOnSignal(const std::vector<std::string>& paths);
  ~RemoveOnSignal() { Disarm(); }
  RemoveOnSignal(const RemoveOnSignal&) = delete;
  RemoveOnSignal& operator=(const RemoveOnSignal&) = delete;

  void Disarm();

 private:
  std::vector<int> slots_;
};

}  // namespace statectl

#endif  // STATECTL_CORE_REMOVE_ON_SIGNAL_H_
