#include "backends/postgres/pg_import.h"

#include "backends/postgres/pg_copy.h"
#include "backends/postgres/pg_sql.h"

namespace statectl::pg {
namespace {

constexpr size_t kCopyChunk = 1 << 20;

bool HasNul(const Row& row) {
  auto nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  return nul(row.class_name) || nul(row.name) || (row.key && nul(*row.key)) ||
         (row.value_json && nul(*row.value_json));
}

}  // namespace

Status PgBulk::Stage(const std::vector<Row>& batch) {
  staged_ = false;
  for (const char* sql : has_staging_ ? std::vector<const char*>{sql::kClearStaging}
                                      : std::vector<const char*>{sql::kCreateStaging,
                                                                 sql::kCreateFound}) {
    auto prepared = conn_.Exec(sql);
    if (!prepared) return prepared.error();
  }
  has_staging_ = true;
  size_t next = 0;
  STATECTL_RETURN_IF_ERROR(conn_.CopyIn(sql::kCopyStaging, [&](std::string& out) -> Result<bool> {
    while (next < batch.size() && out.size() < kCopyChunk) {
      const Row& row = batch[next];
      if (HasNul(row)) {
        return Status::InvalidData("PostgreSQL text cannot hold a NUL byte (object " +
                                   ObjectLabel(row.name, row.class_name) + ")");
      }
      out += std::to_string(next++);
      out += '\t';
      AppendCopyField(out, &row.class_name);
      out += '\t';
      AppendCopyField(out, &row.name);
      out += '\t';
      AppendCopyField(out, row.key ? &*row.key : nullptr);
      out += '\t';
      AppendCopyField(out, row.value_json ? &*row.value_json : nullptr);
      out += '\n';
    }
    return next < batch.size();
  }));
  staged_ = true;
  return Status::Ok();
}

Result<std::vector<StoredState>> PgBulk::CompareBatch(const std::vector<Row>& batch) {
  STATECTL_RETURN_IF_ERROR(Stage(batch));
  auto res = conn_.Exec(sql::kCompareStaged);
  if (!res) return res.error();
  if (static_cast<size_t>(conn_.Rows(*res)) != batch.size()) {
    return Status::Database("import staging lost rows");
  }
  std::vector<StoredState> states(batch.size());
  std::string found;  // the records found stored, for the merge
  for (size_t i = 0; i < batch.size(); ++i) {
    int r = static_cast<int>(i);
    states[i].object_exists = conn_.Value(*res, r, 0) == "t";
    std::string v = conn_.Value(*res, r, 1);
    states[i].value = v == "0"   ? StoredValue::kAbsent
                      : v == "1" ? StoredValue::kIdentical
                                 : StoredValue::kDiffers;
    if (v != "0") found += std::to_string(i) + "\t" + v + "\n";
  }
  if (!found.empty()) {
    bool sent = false;
    STATECTL_RETURN_IF_ERROR(conn_.CopyIn(sql::kCopyFound, [&](std::string& out) -> Result<bool> {
      if (!sent) out.swap(found);
      sent = true;
      return false;
    }));
  }
  return states;
}

// A batch's merge, as one round trip.
const std::string& MergeSql(bool overwrite) {
  static const std::string merge = std::string(sql::kMergeObjects) + "; " + sql::kMergeValues;
  static const std::string and_overwrite = merge + "; " + sql::kOverwriteValues;
  return overwrite ? and_overwrite : merge;
}

void PgBulk::Collect() {
  std::vector<int64_t> counts = conn_.TakeSentCounts();
  size_t at = 0;
  for (bool overwrote : overwrote_) {
    if (at < counts.size()) merged_.objects_created += counts[at++];
    if (at < counts.size()) merged_.values_inserted += counts[at++];
    if (overwrote && at < counts.size()) merged_.values_updated += counts[at++];
  }
  overwrote_.clear();
}

Status PgBulk::MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                          bool overwrite) {
  if (!staged_) {  // no CompareBatch came first: compare now, for statectl_found
    auto compared = CompareBatch(batch);
    if (!compared) return compared.error();
  }
  staged_ = false;
  bool differs = false;
  for (const StoredState& s : states) differs |= s.value == StoredValue::kDiffers;
  bool update = overwrite && differs;
  Collect();  // what the previous merges did (Send drains them)
  STATECTL_RETURN_IF_ERROR(conn_.Send(MergeSql(update).c_str()));
  overwrote_.push_back(update);
  return Status::Ok();
}

Result<MergeCounts> PgBulk::MergedCounts() {
  STATECTL_RETURN_IF_ERROR(conn_.Drain());
  Collect();
  return merged_;
}

}  // namespace statectl::pg
