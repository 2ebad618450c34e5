#include "core/all_or_nothing.h"

namespace statectl {

Status RequireAllOrNothing(const WriteTxn& txn, bool non_atomic) {
  std::optional<std::string> why = txn.CannotRollBack();
  if (!why || non_atomic) return Status::Ok();
  return Status::Database("cannot write all or nothing: " + *why +
                          ", so a failure half way would keep what was written until then "
                          "(--non-atomic writes anyway, each row final as it goes)");
}

}  // namespace statectl
