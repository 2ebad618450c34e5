// Typos do not create objects: a (name, class) about to be created that is
// probably a slip for one that exists.
#ifndef STATECTL_CORE_NEAR_MISS_H_
#define STATECTL_CORE_NEAR_MISS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/rows.h"

namespace statectl {

// What obj (absent from the database) is probably a slip for, given every
// object there: "no object has class 'Periodc'; did you mean 'Periodic'?"
// when no object has obj's class and one differs from it only in case or
// by IsNearMiss's edits; "did you mean ('nightly', 'Nightly')?" when an
// object of obj's class has its name but for case. Names that differ
// otherwise (job-1, job-2) are never slips: scripts number objects.
// nullopt when obj looks intended.
std::optional<std::string> NearMissOf(const ObjectName& obj, const std::vector<ObjectName>& known);

}  // namespace statectl

#endif  // STATECTL_CORE_NEAR_MISS_H_
