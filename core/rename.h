// statectl rename: carry a service's state over a rename in master.cfg.
#ifndef STATECTL_CORE_RENAME_H_
#define STATECTL_CORE_RENAME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/backend.h"
#include "core/import.h"
#include "core/state_ops.h"

namespace statectl {

struct RenameRequest {
  std::string name;                      // every object of this name (a service's rows)...
  std::optional<std::string> class_name;  // ...or only this class's
  std::string to;                        // the new name (shortened as Buildbot does)
  std::optional<std::string> to_class;   // and class (a class renamed or subclassed)
  OnConflict on_conflict = OnConflict::kFail;  // for a value the new identity holds already
};

struct RenameReport {
  std::vector<std::string> lines;  // one per object: what became of it
  int64_t renamed = 0;             // objects that got the new identity
  int64_t merged = 0;              // objects whose values went to an existing one
  int64_t values_moved = 0, values_identical = 0, values_overwritten = 0, values_skipped = 0;
};

// In one write transaction: each object named name (of class_name, if
// given) gets (to, to_class or its own class). Where an object of that
// identity exists already (a master started under the new name), the
// values it lacks move over, identical ones are dropped, and a differing
// one is kConflict (nothing written) unless on_conflict says skip (keep
// the new object's) or overwrite; the old object then goes. kNotFound if
// no object has the name; kUsage for --to-class over several classes. The
// guard covers the old and the new identities.
Result<RenameReport> RenameObjects(Backend& db, const RenameRequest& request,
                                   const WriteOptions& options);

}  // namespace statectl

#endif  // STATECTL_CORE_RENAME_H_
