// ReadTxn and WriteTxn over a driver's bundle of roles, so each driver
// writes only its transaction: a class with state(), schema(), services(),
// bulk() (a BulkMerge*, or nullptr) and Commit(), that rolls back when
// destroyed unless committed, and CannotRollBack() where it may not.
#ifndef STATECTL_BACKENDS_TXN_OF_H_
#define STATECTL_BACKENDS_TXN_OF_H_

#include <optional>
#include <string>
#include <utility>

#include "core/backend.h"

namespace statectl {

template <class Transaction>
class ReadTxnOf final : public ReadTxn {
 public:
  template <class... Args>
  explicit ReadTxnOf(Args&&... args) : txn_(std::forward<Args>(args)...) {}
  StateReader& state() override { return txn_.state(); }
  SchemaReader& schema() override { return txn_.schema(); }
  ServiceReader& services() override { return txn_.services(); }
  BulkCompare* bulk() override { return txn_.bulk(); }

 private:
  Transaction txn_;  // never committed: a read is rolled back
};

template <class Transaction>
class WriteTxnOf final : public WriteTxn {
 public:
  template <class... Args>
  explicit WriteTxnOf(Args&&... args) : txn_(std::forward<Args>(args)...) {}
  StateWriter& state() override { return txn_.state(); }
  SchemaWriter& schema() override { return txn_.schema(); }
  ServiceReader& services() override { return txn_.services(); }
  BulkMerge* bulk() override { return txn_.bulk(); }
  Status Commit() override { return txn_.Commit(); }
  std::optional<std::string> CannotRollBack() const override {
    if constexpr (requires(const Transaction& t) { t.CannotRollBack(); }) {
      return txn_.CannotRollBack();
    } else {
      return std::nullopt;
    }
  }

 private:
  Transaction txn_;
};

}  // namespace statectl

#endif  // STATECTL_BACKENDS_TXN_OF_H_
