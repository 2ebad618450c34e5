// A MySQL connection's waits on the server, watched from a second thread.
//
// libmariadb's calls block in the socket with no bound but the kernel's
// (a server host that vanished keeps a read waiting for a quarter of an
// hour). A call that has waited `silence` has the server asked, over a
// second connection, whether it is still working on the connection's
// statement (the probe, as the PostgreSQL driver asks pg_stat_activity);
// when it is not, or cannot be asked, the watch shuts the connection's
// socket down, so the waiting call returns at once with a lost connection,
// and cut_because() says why. A long statement the server works on (a lock
// wait, a big sort) is left to run: it is asked again after each silence.
#ifndef STATECTL_BACKENDS_MYSQL_MY_WATCH_H_
#define STATECTL_BACKENDS_MYSQL_MY_WATCH_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/status.h"

namespace statectl::my {

class SilenceWatch {
 public:
  // Ok while the server works on the watched connection's statement, else
  // why not. Runs on the watch's thread, so it must use its own connection.
  using Probe = std::function<Status()>;

  // Watches the connected socket (not owned: it must stay open until the
  // watch is destroyed; shutdown(2), never close(2), is done to it).
  SilenceWatch(std::chrono::milliseconds silence, int socket, Probe probe);
  ~SilenceWatch();  // stops and joins the thread
  SilenceWatch(const SilenceWatch&) = delete;
  SilenceWatch& operator=(const SilenceWatch&) = delete;

  // While alive, the connection waits on the server. Nests (the outermost
  // counts). Owner's thread only; costs two atomic stores, no system call.
  class Waiting {
   public:
    explicit Waiting(SilenceWatch* watch);  // nullptr: no watch
    ~Waiting();
    Waiting(const Waiting&) = delete;
    Waiting& operator=(const Waiting&) = delete;

   private:
    SilenceWatch* watch_;
  };

  // Why the watch shut the connection down (nullopt if it did not). Owner's thread.
  std::optional<std::string> cut_because() const;

 private:
  static int64_t Now();
  void Run();

  const std::chrono::milliseconds silence_;
  const int socket_;
  const Probe probe_;
  int depth_ = 0;                    // owner's thread only
  std::atomic<int64_t> since_{0};    // when the outermost wait began (ns), 0: not waiting
  mutable std::mutex mu_;            // guards stop_ and cut_
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::optional<std::string> cut_;
  std::thread thread_;
};

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_WATCH_H_
