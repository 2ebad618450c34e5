// A Backend whose imports let another write in between: after each batch's
// comparison and before its merge, `between` runs (given the transaction's
// state role). For testing what core makes of a writer coming in between,
// on every driver: SQLite's write lock keeps real other writers out, so
// `between` may write through the import's own transaction instead.
#ifndef STATECTL_TESTS_SUPPORT_INTERLEAVING_BACKEND_H_
#define STATECTL_TESTS_SUPPORT_INTERLEAVING_BACKEND_H_

#include <functional>
#include <memory>
#include <utility>

#include "core/backend.h"
#include "core/row_by_row.h"

namespace statectl::testing {

class InterleavingBackend final : public Backend {
 public:
  using Between = std::function<void(StateWriter& import_txn)>;
  InterleavingBackend(Backend& inner, Between between)
      : inner_(inner), between_(std::move(between)) {}

  std::string_view Kind() const override { return inner_.Kind(); }
  Result<std::unique_ptr<ReadTxn>> BeginRead() override { return inner_.BeginRead(); }
  Result<std::unique_ptr<WriteTxn>> BeginWrite() override {
    auto txn = inner_.BeginWrite();
    if (!txn) return txn.error();
    return std::unique_ptr<WriteTxn>(std::make_unique<Txn>(std::move(*txn), between_));
  }

 private:
  // The inner driver's bulk roles, or core's row-by-row ones, with the hook.
  class Bulk final : public BulkMerge {
   public:
    Bulk(WriteTxn& inner, const Between& between) : inner_(inner), between_(between) {}
    Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch) override {
      return inner_.bulk() ? inner_.bulk()->CompareBatch(batch)
                           : CompareRowByRow(inner_.state(), batch);
    }
    Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                      bool overwrite) override {
      between_(inner_.state());
      if (inner_.bulk()) return inner_.bulk()->MergeBatch(batch, states, overwrite);
      auto done = MergeRowByRow(inner_.state(), batch, states, overwrite);
      if (!done) return done.error();
      merged_.objects_created += done->objects_created;
      merged_.values_inserted += done->values_inserted;
      merged_.values_updated += done->values_updated;
      return Status::Ok();
    }
    Result<MergeCounts> MergedCounts() override {
      return inner_.bulk() ? inner_.bulk()->MergedCounts() : Result<MergeCounts>(merged_);
    }

   private:
    WriteTxn& inner_;
    const Between& between_;
    MergeCounts merged_;
  };

  class Txn final : public WriteTxn {
   public:
    Txn(std::unique_ptr<WriteTxn> inner, const Between& between)
        : inner_(std::move(inner)), bulk_(*inner_, between) {}
    StateWriter& state() override { return inner_->state(); }
    SchemaWriter& schema() override { return inner_->schema(); }
    ServiceReader& services() override { return inner_->services(); }
    BulkMerge* bulk() override { return &bulk_; }
    Status Commit() override { return inner_->Commit(); }

   private:
    std::unique_ptr<WriteTxn> inner_;
    Bulk bulk_;
  };

  Backend& inner_;
  Between between_;
};

}  // namespace statectl::testing

#endif  // STATECTL_TESTS_SUPPORT_INTERLEAVING_BACKEND_H_
