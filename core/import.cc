#include "core/import.h"

#include <optional>
#include <utility>

#include "core/dump_reader.h"
#include "core/json_write.h"
#include "core/pipeline.h"

namespace statectl {
namespace {

// Records go to the database in batches: big enough that a set-based
// driver makes few round trips, small enough to keep memory flat (a batch
// is read while the one before it is written, and one more may wait).
constexpr size_t kBatchRecords = 20000;
constexpr size_t kBatchBytes = 2 << 20;
constexpr size_t kRowOverhead = 160;  // a Row's strings and malloc headers, roughly

struct Batch {
  std::vector<Row> rows;
  std::vector<int64_t> lines;
  int64_t bytes = 0;  // of the dump, read up to the batch's last record
};

// Compares each batch with the database, counts, applies the policy and
// (unless a dry run) merges the batch, in the one transaction it is given.
class Importer {
 public:
  Importer(Txn& txn, const ImportOptions& options) : txn_(txn), options_(options) {}

  Status Flush(const Batch& batch) {
    if (batch.rows.empty()) return Status::Ok();
    auto states = txn_.CompareBatch(batch.rows);
    if (!states) return states.error();
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      STATECTL_RETURN_IF_ERROR(Count(batch.rows[i], (*states)[i], batch.lines[i]));
    }
    if (!options_.dry_run) {
      STATECTL_RETURN_IF_ERROR(
          txn_.MergeBatch(batch.rows, *states, options_.on_conflict == OnConflict::kOverwrite));
    }
    records_ += static_cast<int64_t>(batch.rows.size());
    if (options_.progress) options_.progress(records_, batch.bytes);
    return Status::Ok();
  }

  ImportReport TakeReport() { return std::move(report_); }

 private:
  Status Count(const Row& row, const StoredState& state, int64_t line_no) {
    if (!last_object_ || last_object_->name != row.name ||
        last_object_->class_name != row.class_name) {
      last_object_ = ObjectName{row.name, row.class_name};
      ++(state.object_exists ? report_.objects_existing : report_.objects_new);
    }
    if (!row.key) return Status::Ok();
    switch (state.value) {
      case StoredValue::kAbsent:
        ++report_.values_new;
        return Status::Ok();
      case StoredValue::kIdentical:
        ++report_.values_identical;
        return Status::Ok();
      case StoredValue::kDiffers:
        break;
    }
    ++report_.values_conflicting;
    ImportConflict conflict{line_no, row.class_name, row.name, *row.key};
    if (options_.on_conflict == OnConflict::kFail && !options_.dry_run) {
      return Status::Conflict("stored value of " + QuotedNames(conflict) +
                              " differs from the dump's (use --on-conflict skip or overwrite); "
                              "nothing written")
          .WithContext("line " + std::to_string(line_no));
    }
    if (report_.conflicts.size() < kConflictsReported) report_.conflicts.push_back(conflict);
    if (options_.on_conflict == OnConflict::kSkip) ++report_.values_skipped;
    if (options_.on_conflict == OnConflict::kOverwrite) ++report_.values_overwritten;
    return Status::Ok();
  }

  Txn& txn_;
  const ImportOptions& options_;
  int64_t records_ = 0;
  std::optional<ObjectName> last_object_;
  ImportReport report_;
};

}  // namespace

std::string QuotedNames(const ImportConflict& c) {
  std::string out;
  AppendJsonString(out, c.class_name);
  out += ' ';
  AppendJsonString(out, c.name);
  out += ' ';
  AppendJsonString(out, c.key);
  return out;
}

Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options) {
  // A dry run reads a snapshot, except with --init, where the tables it may
  // create are needed to look in; that transaction is rolled back.
  bool write = !options.dry_run;
  auto txn = db.Begin(write || options.init ? TxnMode::kWrite : TxnMode::kDryRun);
  if (!txn) return txn.error();
  if (options.init) STATECTL_RETURN_IF_ERROR((*txn)->CreateSchema());
  Importer importer(**txn, options);
  // This thread writes batch n while a second one reads and checks batch
  // n+1 of the dump: parsing and the database's work overlap.
  auto read = [&](const PushBatch<Batch>& push) -> Status {
    Batch batch;
    size_t batch_bytes = 0;
    STATECTL_RETURN_IF_ERROR(ReadDump(in, [&](const Row& row, int64_t line_no, int64_t bytes) {
      batch_bytes += kRowOverhead + PayloadBytes(row);
      batch.rows.push_back(row);
      batch.lines.push_back(line_no);
      batch.bytes = bytes;
      if (batch.rows.size() < kBatchRecords && batch_bytes < kBatchBytes) return Status::Ok();
      if (!push(std::move(batch))) return Status::Database("import stopped");  // writer failed
      batch = Batch();
      batch_bytes = 0;
      return Status::Ok();
    }));
    // ReadDump returned OK: the end line's counts and checksum matched.
    push(std::move(batch));
    return Status::Ok();
  };
  STATECTL_RETURN_IF_ERROR(RunPipeline<Batch>(
      1, read, [&](Batch& batch) { return importer.Flush(batch); }));
  if (write) STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return importer.TakeReport();
}

}  // namespace statectl
