// What import --replace (and copy --replace) deletes: the target's values,
// within the scope of the import's globs, that the records imported do not
// have. Object rows stay: a running Buildbot keeps object ids in memory.
#ifndef STATECTL_CORE_REPLACE_SCOPE_H_
#define STATECTL_CORE_REPLACE_SCOPE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/backend.h"

namespace statectl {

class ReplaceScope {
 public:
  // Deletes (or, in a dry run, counts) these values of one object.
  using Deleter = std::function<Status(int64_t id, const ObjectName& obj,
                                       const std::vector<std::string>& keys)>;

  // The target's objects whose class name and name match the globs, read
  // once through target (one row each: memory grows with the objects, not
  // the values).
  static Result<ReplaceScope> Load(StateReader& target, const std::string& class_glob,
                                   const std::string& name_glob);

  // The next record imported, in dump order: hands deleter what the target
  // objects before it, and the one before it, hold that the import lacks.
  Status Record(const Row& row, StateReader& target, const Deleter& deleter);
  // After the last record: the rest.
  Status Finish(StateReader& target, const Deleter& deleter);

 private:
  struct Target {
    int64_t id;
    ObjectName obj;
  };
  // Deletes the target values of id not in keep (all, when keep is null).
  Status Trim(int64_t id, const ObjectName& obj, const std::unordered_set<std::string>* keep,
              StateReader& target, const Deleter& deleter);
  Status FinishCurrent(StateReader& target, const Deleter& deleter);

  std::vector<Target> targets_;  // in dump order
  size_t next_ = 0;
  std::optional<ObjectName> current_;  // the object being imported
  std::optional<int64_t> current_id_;  // its id in the target, if in scope
  std::unordered_set<std::string> current_keys_;
};

}  // namespace statectl

#endif  // STATECTL_CORE_REPLACE_SCOPE_H_
