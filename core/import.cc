#include "core/import.h"

#include <optional>
#include <utility>

#include "core/dump_reader.h"
#include "core/json.h"

namespace statectl {
namespace {

// Records go to the database in batches: big enough that a set-based
// driver makes few round trips, small enough to keep memory flat.
constexpr size_t kBatchRecords = 20000;
constexpr size_t kBatchBytes = 8 << 20;

std::string Quoted(const ImportConflict& c) {
  std::string out;
  AppendJsonString(out, c.class_name);
  out += ' ';
  AppendJsonString(out, c.name);
  out += ' ';
  AppendJsonString(out, c.key);
  return out;
}

// Compares each batch with the database, counts, applies the policy and
// (unless a dry run) merges the batch, in the one transaction it is given.
class Importer {
 public:
  Importer(Txn& txn, const ImportOptions& options) : txn_(txn), options_(options) {}

  Status Add(const Row& row, int64_t line_no, int64_t bytes) {
    batch_bytes_ += row.class_name.size() + row.name.size() +
                    (row.key ? row.key->size() + row.value_json->size() : 0);
    batch_.push_back(row);
    lines_.push_back(line_no);
    report_.bytes = bytes;
    if (batch_.size() >= kBatchRecords || batch_bytes_ >= kBatchBytes) return Flush();
    return Status::Ok();
  }

  Status Flush() {
    if (batch_.empty()) return Status::Ok();
    auto states = txn_.CompareBatch(batch_);
    if (!states) return states.error();
    for (size_t i = 0; i < batch_.size(); ++i) {
      STATECTL_RETURN_IF_ERROR(Count(batch_[i], (*states)[i], lines_[i]));
    }
    if (!options_.dry_run) {
      STATECTL_RETURN_IF_ERROR(
          txn_.MergeBatch(batch_, *states, options_.on_conflict == OnConflict::kOverwrite));
    }
    records_ += static_cast<int64_t>(batch_.size());
    if (options_.progress) options_.progress(records_, report_.bytes);
    batch_.clear();
    lines_.clear();
    batch_bytes_ = 0;
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
      return Status::Conflict("stored value of " + Quoted(conflict) +
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
  std::vector<Row> batch_;
  std::vector<int64_t> lines_;
  size_t batch_bytes_ = 0;
  int64_t records_ = 0;
  std::optional<ObjectName> last_object_;
  ImportReport report_;
};

}  // namespace

Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options) {
  // A dry run reads a snapshot, except with --init, where the tables it may
  // create are needed to look in; that transaction is rolled back.
  bool write = !options.dry_run;
  auto txn = db.Begin(write || options.init ? TxnMode::kWrite : TxnMode::kDryRun);
  if (!txn) return txn.error();
  if (options.init) STATECTL_RETURN_IF_ERROR((*txn)->CreateSchema());
  Importer importer(**txn, options);
  STATECTL_RETURN_IF_ERROR(ReadDump(in, [&](const Row& row, int64_t line_no, int64_t bytes) {
    return importer.Add(row, line_no, bytes);
  }));
  // ReadDump returned OK: the end line's counts and checksum matched.
  STATECTL_RETURN_IF_ERROR(importer.Flush());
  if (write) STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return importer.TakeReport();
}

}  // namespace statectl
