// A Backend in memory, for core's unit tests: Buildbot's two tables as
// ordered maps, with the seam's promises kept: a read transaction is a
// snapshot (a copy taken when it begins), one write transaction at a time
// (a second is LockedError), nothing of a write transaction is seen before
// it commits, and a rolled-back one leaves no trace. Unique names and keys
// as Buildbot's indexes make them; no foreign key (orphans can be made, as
// on SQLite). No bulk roles: core goes row by row.
//
// A hook sees every call before it runs and may change the working tables
// (another writer) or fail it.
#ifndef STATECTL_TESTS_SUPPORT_MEMORY_BACKEND_H_
#define STATECTL_TESTS_SUPPORT_MEMORY_BACKEND_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/backend.h"

namespace statectl::testing {

struct MemoryTables {
  std::map<int64_t, ObjectName> objects;
  std::map<std::pair<int64_t, std::string>, std::string> values;
  int64_t next_id = 1;
  bool has_service_tables = false;  // a master's database, not one from init
  std::vector<ServiceClaim> claims;
};

class MemoryDatabase {
 public:
  // Called before each operation (by its method name: "FindObject",
  // "InsertValue", "ReadValues", "Commit", "BeginWrite", ...) with the
  // tables that operation works on; a non-OK status fails the operation.
  using Hook = std::function<Status(std::string_view op, MemoryTables& tables)>;

  std::unique_ptr<Backend> Connect();

  // What is committed; tests may seed and inspect it between transactions.
  MemoryTables& committed() { return committed_; }
  void set_hook(Hook hook) { hook_ = std::move(hook); }
  // What its write transactions answer to CannotRollBack() (they still do
  // roll back: this plays a database that could not, such as MyISAM).
  void set_cannot_roll_back(std::optional<std::string> why) { cannot_roll_back_ = std::move(why); }
  // How often each operation was called, by name.
  int calls(std::string_view op) const;

  // Convenience for seeding: the id of (name, class), created if absent.
  int64_t Object(const std::string& name, const std::string& class_name);
  void Put(const std::string& name, const std::string& class_name, const std::string& key,
           const std::string& value_json);

 private:
  friend class MemoryRoles;
  friend class MemoryBackendImpl;
  Status Call(std::string_view op, MemoryTables& tables);

  MemoryTables committed_;
  Hook hook_;
  std::optional<std::string> cannot_roll_back_;
  bool writing_ = false;
  std::map<std::string, int, std::less<>> calls_;
};

}  // namespace statectl::testing

#endif  // STATECTL_TESTS_SUPPORT_MEMORY_BACKEND_H_
