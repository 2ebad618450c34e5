#include "core/remove_on_signal.h"

#include <limits.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>

namespace statectl {
namespace {

constexpr int kSlots = 8;
char g_paths[kSlots][PATH_MAX];
volatile sig_atomic_t g_armed[kSlots] = {};
constexpr int kFatalSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT};

extern "C" void RemoveAndDie(int sig) {
  for (int i = 0; i < kSlots; ++i) {
    if (g_armed[i]) unlink(g_paths[i]);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

void InstallOnce() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  struct sigaction action {};
  action.sa_handler = RemoveAndDie;
  sigemptyset(&action.sa_mask);
  for (int sig : kFatalSignals) sigaction(sig, &action, nullptr);
}

}  // namespace

RemoveOnSignal::RemoveOnSignal(const std::vector<std::string>& paths) {
  InstallOnce();
  for (const std::string& path : paths) {
    if (path.size() >= PATH_MAX) continue;
    for (int i = 0; i < kSlots; ++i) {
      if (g_armed[i]) continue;
      std::memcpy(g_paths[i], path.c_str(), path.size() + 1);
      g_armed[i] = 1;
      slots_.push_back(i);
      break;
    }
  }
}

void RemoveOnSignal::Disarm() {
  for (int i : slots_) g_armed[i] = 0;
  slots_.clear();
}

}  // namespace statectl
