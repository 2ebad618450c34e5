#include "backends/mysql/my_watch.h"

#include <sys/socket.h>

#include "core/seconds.h"

namespace statectl::my {

SilenceWatch::SilenceWatch(std::chrono::milliseconds silence, int socket, Probe probe)
    : silence_(silence), socket_(socket), probe_(std::move(probe)), thread_([this] { Run(); }) {}

SilenceWatch::~SilenceWatch() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

int64_t SilenceWatch::Now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

SilenceWatch::Waiting::Waiting(SilenceWatch* watch) : watch_(watch) {
  if (watch_ && watch_->depth_++ == 0) watch_->since_.store(Now(), std::memory_order_relaxed);
}

SilenceWatch::Waiting::~Waiting() {
  if (watch_ && --watch_->depth_ == 0) watch_->since_.store(0, std::memory_order_relaxed);
}

std::optional<std::string> SilenceWatch::cut_because() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cut_;
}

// Looks every half silence (no wake-up per call: calls stay cheap), so a
// silent wait is noticed between 1 and 1.5 silences after it began.
void SilenceWatch::Run() {
  const int64_t silence_ns = std::chrono::nanoseconds(silence_).count();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_ && !cut_) {
    stop_cv_.wait_for(lock, silence_ / 2);
    if (stop_) return;
    int64_t since = since_.load(std::memory_order_relaxed);
    if (since == 0 || Now() - since < silence_ns) continue;
    lock.unlock();
    Status alive = probe_();
    lock.lock();
    if (stop_) return;
    // The wait probed is over (or another began): nothing to cut.
    if (since_.load(std::memory_order_relaxed) != since) continue;
    if (alive.ok()) {  // still working: ask again after another silence
      since_.compare_exchange_strong(since, Now(), std::memory_order_relaxed);
      continue;
    }
    cut_ = "nothing from the server for " + SecondsText(silence_) + " s, and " + alive.message() +
           " (--timeout)";
    ::shutdown(socket_, SHUT_RDWR);
  }
}

}  // namespace statectl::my
