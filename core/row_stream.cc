#include "core/row_stream.h"

#include "core/pipeline.h"

namespace statectl {
namespace {

// As the dump's batches: small enough that four in flight stay a few MiB.
constexpr size_t kBatchRows = 1024;
constexpr size_t kBatchBytes = 256 << 10;
constexpr size_t kBatchesQueued = 4;

}  // namespace

RowStream::RowStream(Producer producer) {
  thread_ = std::thread([this, producer = std::move(producer)] { Produce(producer); });
}

RowStream::~RowStream() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    changed_.notify_all();
  }
  thread_.join();
}

void RowStream::Produce(const Producer& producer) {
  std::vector<Row> batch;
  size_t bytes = 0;
  auto push = [&]() -> bool {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return stopped_ || queue_.size() < kBatchesQueued; });
    if (stopped_) return false;
    queue_.push_back(std::move(batch));
    changed_.notify_all();
    batch.clear();
    bytes = 0;
    return true;
  };
  Status st = RunCatching([&] {
    STATECTL_RETURN_IF_ERROR(producer([&](Row& row) -> Status {
      bytes += PayloadBytes(row);
      batch.push_back(std::move(row));
      if (batch.size() < kBatchRows && bytes < kBatchBytes) return Status::Ok();
      return push() ? Status::Ok() : Status::Database("stream stopped");
    }));
    return Status::Ok();
  });
  if (!batch.empty()) push();  // the rows before a failure, too
  std::lock_guard<std::mutex> lock(mu_);
  status_ = std::move(st);
  done_ = true;
  changed_.notify_all();
}

Result<const Row*> RowStream::Next() {
  if (at_ < current_.size()) return &current_[at_++];
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [&] { return !queue_.empty() || done_; });
  if (queue_.empty()) {
    if (!status_.ok()) return status_;
    return static_cast<const Row*>(nullptr);
  }
  current_ = std::move(queue_.front());
  queue_.pop_front();
  changed_.notify_all();
  at_ = 0;
  return &current_[at_++];
}

}  // namespace statectl
