#include "core/pipeline.h"

#include <doctest/doctest.h>

#include <atomic>
#include <new>
#include <stdexcept>
#include <vector>

namespace statectl {
namespace {

TEST_CASE("every batch reaches the consumer, in order") {
  std::vector<int> seen;
  Status st = RunPipeline<int>(
      1,
      [](const PushBatch<int>& push) {
        for (int i = 0; i < 1000; ++i) REQUIRE(push(int(i)));
        return Status::Ok();
      },
      [&](int& n) {
        seen.push_back(n);
        return Status::Ok();
      });
  CHECK(st.ok());
  REQUIRE(seen.size() == 1000);
  for (int i = 0; i < 1000; ++i) CHECK(seen[i] == i);
}

TEST_CASE("the producer's failure comes after every batch it made before it") {
  std::vector<int> seen;
  Status st = RunPipeline<int>(
      2,
      [](const PushBatch<int>& push) {
        for (int i = 0; i < 5; ++i) push(int(i));
        return Status::InvalidData("line 6: bad");
      },
      [&](int& n) {
        seen.push_back(n);
        return Status::Ok();
      });
  CHECK(st.code() == Code::kInvalidData);
  CHECK(seen == std::vector<int>{0, 1, 2, 3, 4});
}

TEST_CASE("the consumer's failure wins and stops the producer") {
  std::atomic<int> pushed{0};
  bool refused = false;
  Status st = RunPipeline<int>(
      1,
      [&](const PushBatch<int>& push) {
        for (int i = 0; i < 100000; ++i) {
          if (!push(int(i))) {
            refused = true;
            return Status::Database("stopped");  // ignored: the consumer failed first
          }
          ++pushed;
        }
        return Status::Ok();
      },
      [](int& n) { return n == 3 ? Status::Conflict("line 4 differs") : Status::Ok(); });
  CHECK(st.code() == Code::kConflict);
  CHECK(refused);
  CHECK(pushed.load() < 10);  // bounded: it never ran far ahead
}

TEST_CASE("issue 10: a throw on the producer's thread is a failure, not std::terminate") {
  std::vector<int> seen;
  Status st = RunPipeline<int>(
      1,
      [](const PushBatch<int>& push) -> Status {
        push(1);
        throw std::out_of_range("stoll");
      },
      [&](int& n) {
        seen.push_back(n);
        return Status::Ok();
      });
  CHECK(st.code() == Code::kDatabase);
  CHECK(st.message() == "internal error: stoll");
  CHECK(seen == std::vector<int>{1});
}

TEST_CASE("issue 10: a throw on the consumer's thread stops the producer and is a failure") {
  Status st = RunPipeline<int>(
      1,
      [](const PushBatch<int>& push) {
        for (int i = 0; i < 100000; ++i) {
          if (!push(int(i))) return Status::Ok();
        }
        return Status::Ok();
      },
      [](int& n) -> Status {
        if (n == 2) throw std::bad_alloc();
        return Status::Ok();
      });
  CHECK(st.code() == Code::kDatabase);
  CHECK(st.message().find("internal error") == 0);
}

}  // namespace
}  // namespace statectl
