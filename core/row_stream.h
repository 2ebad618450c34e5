// Rows in dump order, pulled one at a time from a producer that pushes them
// (a database scan, a dump being read) on a thread of its own: what lets
// diff merge two such streams with memory bounded by a few batches a side.
#ifndef STATECTL_CORE_ROW_STREAM_H_
#define STATECTL_CORE_ROW_STREAM_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/rows.h"
#include "core/status.h"

namespace statectl {

class RowStream {
 public:
  // Hands each row to sink, in order; a non-OK status from sink means stop.
  using Producer = std::function<Status(const RowSink& sink)>;

  // Starts producer on a thread of its own. Whatever it uses (a
  // transaction, a FILE) must outlive this stream and not be used by
  // anyone else meanwhile.
  explicit RowStream(Producer producer);
  // Stops the producer (its sink fails from then on) and waits for it.
  ~RowStream();
  RowStream(const RowStream&) = delete;
  RowStream& operator=(const RowStream&) = delete;

  // The next row (valid until the next call), null after the last; the
  // producer's error, if it failed, once the rows before it are taken.
  // An exception on the producer's thread is kDatabase, "internal error".
  // From one thread at a time.
  Result<const Row*> Next();

 private:
  void Produce(const Producer& producer);

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<Row>> queue_;
  bool done_ = false, stopped_ = false;
  Status status_;
  std::vector<Row> current_;
  size_t at_ = 0;
  std::thread thread_;
};

}  // namespace statectl

#endif  // STATECTL_CORE_ROW_STREAM_H_
