// The guard against the running master. A Buildbot service keeps its state
// in memory and writes it back (a GitPoller after every poll, a timed
// scheduler after every build): an edit to the state of a service a running
// master owns is overwritten within seconds, silently. Writes check first.
#ifndef STATECTL_CORE_GUARD_H_
#define STATECTL_CORE_GUARD_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/backend.h"

namespace statectl {

// As Buildbot's own expiry (buildbot/data/masters.py, EXPIRE_MINUTES): a
// master seen longer ago than this is dead, whatever its active flag says.
inline constexpr int64_t kMasterExpirySeconds = 10 * 60;

// A claim on an object's service, and whether its master runs.
struct Owner {
  ServiceClaim claim;
  bool running = false;
  int64_t seen_ago = 0;  // seconds since the master's last_active
};

// "master 'host:/srv/bb' (active, seen 25 s ago)".
std::string DescribeMaster(const Owner& owner);

// How many owned objects a refusal names.
inline constexpr size_t kOwnedNamed = 20;

// The claims of one database, read once.
class Owners {
 public:
  // Reads every claim through services (none when the database has no
  // service tables); now is the current Unix time.
  static Result<Owners> Load(ServiceReader& services, int64_t now);

  // The claims on the service whose name is the object's name (its state
  // rows of any class), running masters first.
  std::vector<Owner> Of(const std::string& object_name) const;
  // Whether any claim's master is running.
  bool AnyRunning() const { return !owners_.empty() && owners_.front().running; }

 private:
  std::vector<Owner> owners_;
};

struct GuardOptions {
  bool force = false;                              // --force: write anyway, and say so
  std::function<void(const std::string&)> warn;    // one line each; may be empty
  int64_t now = 0;                                 // Unix time; 0: the clock's
};

// The objects one write touches, checked against the claims in its own
// transaction.
class WriteGuard {
 public:
  // Reads the claims through txn's services (one query).
  static Result<WriteGuard> Load(ReadTxn& txn, const GuardOptions& options);

  // The write is about to touch obj. Warns (once per object) about a
  // master that is not running but still claims it.
  void Touch(const ObjectName& obj);

  // After every Touch: kOwned when a running master owns a touched object
  // (naming the master and the object; for many, the first 20), unless
  // force, which warns instead. OK when nothing touched is owned.
  Status Verdict() const;

 private:
  GuardOptions options_;
  Owners owners_;
  std::vector<std::pair<ObjectName, Owner>> running_;  // the first kOwnedNamed
  size_t running_count_ = 0;
  std::string last_touched_;  // consecutive repeats are one object
  std::string last_touched_class_;
};

// Load, Touch each of objects, Verdict.
Status GuardWrite(ReadTxn& txn, const std::vector<ObjectName>& objects, const GuardOptions& options);

}  // namespace statectl

#endif  // STATECTL_CORE_GUARD_H_
