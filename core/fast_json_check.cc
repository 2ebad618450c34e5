#include "core/fast_json_check.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace statectl {
namespace {

// The plug-in's one entry point: 1 if simdjson accepts [data, data + size)
// as one JSON text nested at most max_depth deep, else 0. Thread-safe.
using CheckFn = int (*)(const char* data, size_t size, size_t max_depth);

// Checks a process makes before it counts as bulk work: a one-row command
// makes a handful.
constexpr int64_t kCallsBeforeLoading = 2048;

std::atomic<CheckFn> check{nullptr};
std::atomic<int64_t> calls{0};
std::once_flag tried;

bool Load(const std::string& path, std::string* why) {
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    if (why) *why = dlerror();
    return false;
  }
  auto fn = reinterpret_cast<CheckFn>(dlsym(lib, "statectl_simdjson_check"));
  if (!fn) {
    if (why) *why = path + " lacks statectl_simdjson_check";
    return false;
  }
  check.store(fn, std::memory_order_release);
  return true;
}

// Beside the binary (a build tree), else in ../lib/statectl (installed).
void LoadBesideBinary() {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  std::string dir(exe, static_cast<size_t>(n));
  dir.resize(dir.rfind('/') + 1);
  if (!Load(dir + "statectl-simdjson.so", nullptr)) {
    (void)Load(dir + "../lib/statectl/statectl-simdjson.so", nullptr);
  }
}

}  // namespace

bool FastStrictJsonYes(std::string_view text) {
  CheckFn fn = check.load(std::memory_order_acquire);
  if (!fn) {
    if (calls.fetch_add(1, std::memory_order_relaxed) < kCallsBeforeLoading) return false;
    std::call_once(tried, LoadBesideBinary);
    fn = check.load(std::memory_order_acquire);
    if (!fn) return false;
  }
  return fn(text.data(), text.size(), kFastCheckMaxDepth) == 1;
}

bool LoadFastJsonCheck(const std::string& path, std::string* why) { return Load(path, why); }

bool FastJsonCheckLoaded() { return check.load(std::memory_order_acquire) != nullptr; }

}  // namespace statectl
