// Two threads in a line: a producer (reading a dump, scanning a database)
// hands batches to a consumer (writing to the database, encoding lines), so
// the two kinds of work overlap instead of taking turns.
#ifndef STATECTL_CORE_PIPELINE_H_
#define STATECTL_CORE_PIPELINE_H_

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "core/status.h"

namespace statectl {

// Hands a batch to the consumer; false once the consumer has stopped (the
// producer should then return at once; its status is ignored).
template <typename T>
using PushBatch = std::function<bool(T&&)>;

// What an exception thrown by work on either thread becomes: the process
// must not end in std::terminate, and main maps kDatabase to exit 5.
template <typename Work>
Status RunCatching(const Work& work) {
  try {
    return work();
  } catch (const std::exception& e) {
    return Status::Database(std::string("internal error: ") + e.what());
  } catch (...) {
    return Status::Database("internal error: unknown exception");
  }
}

// Runs produce on a second thread and consume on this one, with at most
// `capacity` batches waiting between them (memory stays bounded). Batches
// are consumed in order. The result is the first failure in that order:
// consume's, else produce's (the consumer first takes every batch produced
// before the producer failed), else OK. An exception thrown by either is a
// failure (kDatabase, "internal error: ..."), never the end of the process.
template <typename T>
Status RunPipeline(size_t capacity, const std::function<Status(const PushBatch<T>&)>& produce,
                   const std::function<Status(T&)>& consume) {
  std::mutex mu;
  std::condition_variable changed;
  std::deque<T> queue;
  bool produced_all = false, stopped = false;
  Status produce_status;
  std::thread producer([&] {
    PushBatch<T> push = [&](T&& batch) {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return stopped || queue.size() < capacity; });
      if (stopped) return false;
      queue.push_back(std::move(batch));
      changed.notify_all();
      return true;
    };
    Status st = RunCatching([&] { return produce(push); });
    std::lock_guard<std::mutex> lock(mu);
    produce_status = std::move(st);
    produced_all = true;
    changed.notify_all();
  });
  Status consume_status;
  while (true) {
    std::optional<T> batch;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return !queue.empty() || produced_all; });
      if (queue.empty()) break;
      batch.emplace(std::move(queue.front()));
      queue.pop_front();
      changed.notify_all();
    }
    consume_status = RunCatching([&] { return consume(*batch); });
    if (!consume_status.ok()) break;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stopped = true;
    queue.clear();
    changed.notify_all();
  }
  producer.join();
  if (!consume_status.ok()) return consume_status;
  return produce_status;
}

}  // namespace statectl

#endif  // STATECTL_CORE_PIPELINE_H_
