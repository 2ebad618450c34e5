#include "core/import.h"

#include <cctype>
#include <optional>
#include <utility>

#include "core/all_or_nothing.h"
#include "core/dump_reader.h"
#include "core/pipeline.h"
#include "core/replace_scope.h"
#include "core/row_by_row.h"
#include "core/scan.h"

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

constexpr std::pair<const char*, OnConflict> kPolicies[] = {
    {"fail", OnConflict::kFail}, {"skip", OnConflict::kSkip}, {"overwrite", OnConflict::kOverwrite}};

bool SameObject(const Row& a, const Row& b) {
  return a.name == b.name && a.class_name == b.class_name;
}

// Compares each batch with the database, counts, applies the policy and
// (given a write transaction) merges the batch.
class Importer {
 public:
  Importer(ReadTxn& txn, WriteTxn* write, WriteGuard guard, std::optional<ReplaceScope> replace,
           const ImportOptions& options)
      : txn_(txn), write_(write), guard_(std::move(guard)), replace_(std::move(replace)),
        options_(options) {}

  Status Flush(const Batch& batch) {
    if (batch.rows.empty()) return Status::Ok();
    auto states = txn_.bulk() ? txn_.bulk()->CompareBatch(batch.rows)
                              : CompareRowByRow(txn_.state(), batch.rows);
    if (!states) return states.error();
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      STATECTL_RETURN_IF_ERROR(Count(batch.rows[i], (*states)[i], batch.lines[i]));
      if (replace_) STATECTL_RETURN_IF_ERROR(replace_->Record(batch.rows[i], txn_.state(), Deleter()));
    }
    if (write_) STATECTL_RETURN_IF_ERROR(Merge(batch, *states));
    records_ += static_cast<int64_t>(batch.rows.size());
    if (options_.progress) options_.progress(records_, batch.bytes);
    return Status::Ok();
  }

  // After the last batch: what --replace deletes after the last record.
  Status FinishReplace() {
    return replace_ ? replace_->Finish(txn_.state(), Deleter()) : Status::Ok();
  }

  // The report, with the guard's verdict on every object written.
  ImportReport TakeReport() {
    report_.owned = guard_.Verdict();
    return std::move(report_);
  }

  // After the last batch: whether the database did what the comparisons
  // promised. Another writer may have come in between (on PostgreSQL, where
  // writers are not serialized for the whole import): that is a conflict,
  // whatever the policy, or the report would not be true.
  Status CheckMerges() {
    if (!write_) return Status::Ok();
    MergeCounts done = row_by_row_;
    if (write_->bulk()) {
      auto merged = write_->bulk()->MergedCounts();
      if (!merged) return merged.error();
      done = *merged;
    }
    if (done.values_inserted != expected_.values_inserted ||
        done.values_updated != expected_.values_updated) {
      return Status::Conflict(
          "another connection wrote values of the imported objects during the import (" +
          std::to_string(done.values_inserted) + " of " + std::to_string(expected_.values_inserted) +
          " values inserted, " + std::to_string(done.values_updated) + " of " +
          std::to_string(expected_.values_updated) +
          " replaced); nothing written (run it again, or stop the master first)");
    }
    // An object another writer created in between exists all the same.
    int64_t elsewhere = expected_.objects_created - done.objects_created;
    report_.objects_new -= elsewhere;
    report_.objects_existing += elsewhere;
    return Status::Ok();
  }

 private:
  // What --replace hands over: deleted here (in a dry run, counted), and
  // reported.
  ReplaceScope::Deleter Deleter() {
    return [this](int64_t id, const ObjectName& obj, const std::vector<std::string>& keys) -> Status {
      guard_.Touch(obj);
      for (const std::string& key : keys) {
        if (write_) {
          auto deleted = write_->state().DeleteValue(id, key);
          if (!deleted) return deleted.error();
        }
        ++report_.values_deleted;
        if (report_.deletions.size() < kConflictsReported) {
          report_.deletions.push_back({obj.class_name, obj.name, key});
        }
      }
      return Status::Ok();
    };
  }

  // Merges the batch, noting what the comparison promised it would do.
  Status Merge(const Batch& batch, const std::vector<StoredState>& states) {
    bool overwrite = options_.on_conflict == OnConflict::kOverwrite;
    for (size_t i = 0; i < batch.rows.size(); ++i) {
      const Row& row = batch.rows[i];
      bool first_of_object = i == 0 || !SameObject(batch.rows[i - 1], row);
      if (first_of_object && !states[i].object_exists) ++expected_.objects_created;
      if (!row.key) continue;
      if (states[i].value == StoredValue::kAbsent) ++expected_.values_inserted;
      if (overwrite && states[i].value == StoredValue::kDiffers) ++expected_.values_updated;
    }
    if (write_->bulk()) return write_->bulk()->MergeBatch(batch.rows, states, overwrite);
    auto done = MergeRowByRow(write_->state(), batch.rows, states, overwrite);
    if (!done) return done.error();
    row_by_row_.objects_created += done->objects_created;
    row_by_row_.values_inserted += done->values_inserted;
    row_by_row_.values_updated += done->values_updated;
    return Status::Ok();
  }

  Status Count(const Row& row, const StoredState& state, int64_t line_no) {
    if (!last_object_ || last_object_->name != row.name ||
        last_object_->class_name != row.class_name) {
      last_object_ = ObjectName{row.name, row.class_name};
      ++(state.object_exists ? report_.objects_existing : report_.objects_new);
    }
    bool writes = !state.object_exists || (row.key && state.value == StoredValue::kAbsent) ||
                  (row.key && state.value == StoredValue::kDiffers &&
                   options_.on_conflict == OnConflict::kOverwrite);
    if (writes) guard_.Touch(*last_object_);
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
    ImportConflict conflict{line_no, row.class_name, row.name, *row.key, "", ""};
    if (options_.on_conflict == OnConflict::kFail && !options_.dry_run) {
      return Status::Conflict("stored value of " + ValueLabel(conflict) +
                              " differs from the dump's (use --on-conflict skip or overwrite); "
                              "nothing written")
          .WithContext("line " + std::to_string(line_no));
    }
    if (report_.conflicts.size() < kConflictsReported) {
      // The report shows both values: the stored one is read back (at most
      // kConflictsReported lookups in all).
      conflict.incoming = *row.value_json;
      auto id = txn_.state().FindObject(*last_object_);
      if (!id) return id.error();
      if (*id) {
        auto stored = txn_.state().GetValue(**id, *row.key);
        if (!stored) return stored.error();
        conflict.stored = stored->value_or("");
      }
      report_.conflicts.push_back(std::move(conflict));
    }
    if (options_.on_conflict == OnConflict::kSkip) ++report_.values_skipped;
    if (options_.on_conflict == OnConflict::kOverwrite) ++report_.values_overwritten;
    return Status::Ok();
  }

  ReadTxn& txn_;
  WriteTxn* write_;  // null in a dry run
  MergeCounts expected_;    // what the comparisons promised the merges would do
  MergeCounts row_by_row_;  // what core's own merges did (drivers without a bulk role)
  WriteGuard guard_;
  std::optional<ReplaceScope> replace_;  // with --replace
  const ImportOptions& options_;
  int64_t records_ = 0;
  std::optional<ObjectName> last_object_;
  ImportReport report_;
};

// The records to import: handed to visit in dump order with their line
// (or record) number and how many bytes of input are read; on the
// pipeline's second thread.
using RecordVisitor = std::function<Status(const Row& row, int64_t line_no, int64_t bytes)>;
using RecordSource = std::function<Status(const RecordVisitor& visit)>;

// Reads the records into batches (on the pipeline's second thread) and
// hands them to importer (on this one): reading and the database's work
// overlap.
Status Stream(const RecordSource& source, Importer& importer) {
  auto read = [&](const PushBatch<Batch>& push) -> Status {
    Batch batch;
    size_t batch_bytes = 0;
    STATECTL_RETURN_IF_ERROR(source([&](const Row& row, int64_t line_no, int64_t bytes) {
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
    push(std::move(batch));
    return Status::Ok();
  };
  STATECTL_RETURN_IF_ERROR(
      RunPipeline<Batch>(1, read, [&](Batch& batch) { return importer.Flush(batch); }));
  return importer.FinishReplace();
}

// Import's one transaction around the records of source.
Result<ImportReport> Run(Backend& db, const RecordSource& source, const ImportOptions& options) {
  auto run_in = [&](ReadTxn& txn, WriteTxn* write) -> Result<ImportReport> {
    auto guard = WriteGuard::Load(txn, options.guard);
    if (!guard) return guard.error();
    std::optional<ReplaceScope> replace;
    if (options.replace) {
      auto scope = ReplaceScope::Load(txn.state(), options.class_glob, options.name_glob);
      if (!scope) return scope.error();
      replace = std::move(*scope);
    }
    Importer importer(txn, write, std::move(*guard), std::move(replace), options);
    STATECTL_RETURN_IF_ERROR(Stream(source, importer));
    STATECTL_RETURN_IF_ERROR(importer.CheckMerges());
    return importer.TakeReport();
  };
  if (!options.dry_run || options.init) {
    // A dry run with --init looks into the tables it may create, in a write
    // transaction that is rolled back.
    auto txn = db.BeginWrite();
    if (!txn) return txn.error();
    // After --init's tables: their engine decides whether they roll back.
    if (options.init) STATECTL_RETURN_IF_ERROR((*txn)->schema().CreateSchema());
    if (!options.dry_run) STATECTL_RETURN_IF_ERROR(RequireAllOrNothing(**txn, options.non_atomic));
    auto report = run_in(**txn, options.dry_run ? nullptr : txn->get());
    if (!report) return report.error();
    if (!options.dry_run) {
      STATECTL_RETURN_IF_ERROR(report->owned);
      STATECTL_RETURN_IF_ERROR((*txn)->Commit());
    }
    return report;
  }
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  return run_in(**txn, nullptr);
}

}  // namespace

const char* OnConflictName(OnConflict policy) {
  for (const auto& [name, value] : kPolicies) {
    if (value == policy) return name;
  }
  return "fail";
}

Result<OnConflict> ParseOnConflict(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [name, value] : kPolicies) {
    if (lower == name) return value;
  }
  return Status::Usage("--on-conflict must be fail, skip or overwrite, not '" + std::string(word) +
                       "'");
}

std::string ValueLabel(const ImportConflict& c) {
  return ObjectLabel(c.name, c.class_name) + " key " + Quoted(c.key);
}

Result<ImportReport> ImportDump(Backend& db, FILE* in, const ImportOptions& options) {
  return Run(db, [&](const RecordVisitor& visit) -> Status {
    ObjectGlobFilter globs(options.class_glob, options.name_glob);
    auto read = ReadDump(in, [&](const Row& row, int64_t line_no, int64_t bytes) -> Status {
      return globs.Keeps(row) ? visit(row, line_no, bytes) : Status::Ok();
    });
    // Only a dump whose end line's counts and checksum matched is imported.
    return read ? Status::Ok() : read.error();
  }, options);
}

Result<ImportReport> CopyState(Backend& from, Backend& to, const ImportOptions& options,
                               bool temp_files) {
  return Run(to, [&](const RecordVisitor& visit) -> Status {
    auto txn = from.BeginRead();  // the source's one snapshot, on the reading thread
    if (!txn) return txn.error();
    ScanOptions scan;
    scan.class_glob = options.class_glob;
    scan.name_glob = options.name_glob;
    scan.temp_files = temp_files;
    int64_t record = 0, bytes = 0;
    return ScanState((*txn)->state(), scan, [&](Row& row) {
      bytes += static_cast<int64_t>(PayloadBytes(row));
      return visit(row, ++record, bytes);
    });
  }, options);
}

Status DryRunVerdict(const ImportReport& report, const ImportOptions& options) {
  if (!report.owned.ok()) return report.owned;
  if (options.on_conflict != OnConflict::kFail || report.values_conflicting == 0) {
    return Status::Ok();
  }
  return Status::Conflict(std::to_string(report.values_conflicting) +
                          " stored value(s) differ from the dump's; under --on-conflict fail "
                          "the import would fail");
}

}  // namespace statectl
