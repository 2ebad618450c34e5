#include "backends/mysql/my_watch.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include <doctest/doctest.h>

namespace statectl::my {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// A connected socket pair: [0] is watched, [1] plays the server.
struct Pair {
  int fd[2] = {-1, -1};
  Pair() { REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
  ~Pair() {
    close(fd[0]);
    close(fd[1]);
  }
};

// Reads one byte from fd while watched: the byte, or -1 if the read ended
// without one (the watch shut the socket down).
int WatchedRead(SilenceWatch& watch, int fd) {
  SilenceWatch::Waiting waiting(&watch);
  char c = 0;
  return read(fd, &c, 1) == 1 ? c : -1;
}

TEST_CASE("a wait the probe says nobody works on is cut after the silence, saying why") {
  Pair p;
  std::atomic<int> probes{0};
  SilenceWatch watch(milliseconds(200), p.fd[0], [&] {
    ++probes;
    return Status::Database("the server is idle");
  });
  std::thread late_server([&] {  // without a cut, the read would end only here
    std::this_thread::sleep_for(milliseconds(3000));
    (void)send(p.fd[1], "z", 1, MSG_NOSIGNAL);
  });
  auto start = Clock::now();
  CHECK(WatchedRead(watch, p.fd[0]) == -1);
  auto waited = Clock::now() - start;
  late_server.join();
  CHECK(waited >= milliseconds(200));
  CHECK(waited < milliseconds(2000));
  CHECK(probes == 1);
  REQUIRE(watch.cut_because().has_value());
  CHECK(watch.cut_because()->find("nothing from the server for 0.2 s, and the server is idle") !=
        std::string::npos);
}

TEST_CASE("a wait the server works on goes on, probed after each silence") {
  Pair p;
  std::atomic<int> probes{0};
  SilenceWatch watch(milliseconds(100), p.fd[0], [&] {
    ++probes;
    return Status::Ok();
  });
  std::thread server([&] {
    std::this_thread::sleep_for(milliseconds(700));
    CHECK(write(p.fd[1], "x", 1) == 1);
  });
  CHECK(WatchedRead(watch, p.fd[0]) == 'x');
  server.join();
  CHECK(probes >= 2);
  CHECK_FALSE(watch.cut_because().has_value());
}

TEST_CASE("nothing is probed while no call waits, however long") {
  Pair p;
  std::atomic<int> probes{0};
  {
    SilenceWatch watch(milliseconds(50), p.fd[0], [&] {
      ++probes;
      return Status::Database("idle");
    });
    { SilenceWatch::Waiting short_call(&watch); }  // over at once
    std::this_thread::sleep_for(milliseconds(300));
    CHECK_FALSE(watch.cut_because().has_value());
  }
  CHECK(probes == 0);
  CHECK(write(p.fd[1], "y", 1) == 1);  // the socket is whole
  char c = 0;
  CHECK(read(p.fd[0], &c, 1) == 1);
}

}  // namespace
}  // namespace statectl::my
