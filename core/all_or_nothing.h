// The rule for commands that write several rows (import, copy, delete of
// more than one value, rename): all of it or nothing, or, where the
// database cannot roll back, only when the user said so (--non-atomic).
#ifndef STATECTL_CORE_ALL_OR_NOTHING_H_
#define STATECTL_CORE_ALL_OR_NOTHING_H_

#include "core/backend.h"

namespace statectl {

// In txn, before the first write: kDatabase saying why txn cannot roll back
// and what --non-atomic does, unless it can or non_atomic is set.
Status RequireAllOrNothing(const WriteTxn& txn, bool non_atomic);

}  // namespace statectl

#endif  // STATECTL_CORE_ALL_OR_NOTHING_H_
