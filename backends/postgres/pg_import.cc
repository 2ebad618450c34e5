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

// The batch positions whose state is `wanted`, as an int4[] literal.
std::string SeqArray(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                     StoredValue wanted, int64_t& count) {
  std::string out = "{";
  count = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!batch[i].key || states[i].value != wanted) continue;
    if (count++) out += ',';
    out += std::to_string(i);
  }
  return out + "}";
}

}  // namespace

Status PgBulk::Stage(const std::vector<Row>& batch) {
  staged_ = false;
  auto prepared = conn_.Exec(has_staging_ ? sql::kClearStaging : sql::kCreateStaging);
  if (!prepared) return prepared.error();
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
  for (size_t i = 0; i < batch.size(); ++i) {
    int r = static_cast<int>(i);
    states[i].object_exists = conn_.Value(*res, r, 0) == "t";
    std::string v = conn_.Value(*res, r, 1);
    states[i].value = v == "0"   ? StoredValue::kAbsent
                      : v == "1" ? StoredValue::kIdentical
                                 : StoredValue::kDiffers;
  }
  return states;
}

Result<MergeCounts> PgBulk::MergeBatch(const std::vector<Row>& batch,
                                       const std::vector<StoredState>& states, bool overwrite) {
  if (!staged_) STATECTL_RETURN_IF_ERROR(Stage(batch));  // no CompareBatch came first
  staged_ = false;
  MergeCounts counts;
  auto created = conn_.ExecCount(sql::kMergeObjects);
  if (!created) return created.error();
  counts.objects_created = *created;
  // The records found absent are inserted; those found differing replaced.
  struct Step {
    StoredValue found;
    const char* sql;
    int64_t* count;
  };
  for (const Step& step : {Step{StoredValue::kAbsent, sql::kMergeValues, &counts.values_inserted},
                           Step{StoredValue::kDiffers, sql::kOverwriteValues, &counts.values_updated}}) {
    if (step.found == StoredValue::kDiffers && !overwrite) continue;
    int64_t wanted = 0;
    std::string seqs = SeqArray(batch, states, step.found, wanted);
    if (wanted == 0) continue;
    auto rows = conn_.ExecCount(step.sql, {seqs});
    if (!rows) return rows.error();
    *step.count = *rows;
  }
  return counts;
}

}  // namespace statectl::pg
