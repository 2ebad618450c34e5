#include "backends/postgres/pg_import.h"

#include "backends/postgres/pg_copy.h"
#include "backends/postgres/pg_sql.h"

namespace statectl::pg {
namespace {

constexpr size_t kCopyChunk = 256 << 10;

bool HasNul(const Row& row) {
  auto nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  return nul(row.class_name) || nul(row.name) || (row.key && nul(*row.key)) ||
         (row.value_json && nul(*row.value_json));
}

// The objects of batch[firsts] as two text[] parameters: class names, names.
std::vector<std::string> ObjectArrays(const std::vector<Row>& batch,
                                      const std::vector<size_t>& firsts) {
  std::vector<std::string> arrays{"{", "{"};
  for (size_t i : firsts) {
    if (arrays[0].size() > 1) {
      arrays[0] += ',';
      arrays[1] += ',';
    }
    AppendArrayElement(arrays[0], batch[i].class_name);
    AppendArrayElement(arrays[1], batch[i].name);
  }
  arrays[0] += '}';
  arrays[1] += '}';
  return arrays;
}

}  // namespace

std::string PgBulk::ObjectKey(const Row& row) {
  std::string key = row.class_name;  // neither holds a NUL (checked first)
  key += '\0';
  key += row.name;
  return key;
}

Status PgBulk::LookUpObjects(const std::vector<Row>& batch) {
  path_.assign(batch.size(), Path::kStaged);
  staged_.clear();
  new_objects_.clear();
  ids_.clear();
  // Each object once, at its first record; those this import created are
  // known without asking.
  std::unordered_map<std::string, size_t> first_of;  // ObjectKey -> index in `firsts`
  std::vector<size_t> firsts;
  std::vector<size_t> object_of(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const Row& row = batch[i];
    if (HasNul(row)) {
      return Status::InvalidData("PostgreSQL text cannot hold a NUL byte (object " +
                                 ObjectLabel(row.name, row.class_name) + ")");
    }
    std::string key = ObjectKey(row);
    if (auto mine = created_.find(key); mine != created_.end()) {
      path_[i] = Path::kCreatedHere;
      ids_.emplace(std::move(key), mine->second);
      continue;
    }
    auto [at, added] = first_of.emplace(std::move(key), firsts.size());
    if (added) firsts.push_back(i);
    object_of[i] = at->second;
  }
  std::vector<bool> exists(firsts.size(), true);
  if (!firsts.empty()) {
    auto res = conn_.Exec(sql::kLookUpObjects, ObjectArrays(batch, firsts));
    if (!res) return res.error();
    if (static_cast<size_t>(conn_.Rows(*res)) != firsts.size()) {
      return Status::Database("import's object lookup lost rows");
    }
    for (size_t k = 0; k < firsts.size(); ++k) {
      exists[k] = !conn_.IsNull(*res, static_cast<int>(k), 0);
      if (!exists[k]) new_objects_.push_back(firsts[k]);
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    if (path_[i] == Path::kCreatedHere) continue;
    if (exists[object_of[i]]) {
      staged_.push_back(i);
    } else {
      path_[i] = Path::kNewObject;
    }
  }
  return Status::Ok();
}

Result<std::vector<StoredState>> PgBulk::StageAndCompare(const std::vector<Row>& batch,
                                                         const std::vector<size_t>& rows) {
  for (const char* sql : has_staging_ ? std::vector<const char*>{sql::kClearStaging}
                                      : std::vector<const char*>{sql::kCreateStaging,
                                                                 sql::kCreateFound}) {
    auto prepared = conn_.Exec(sql);
    if (!prepared) return prepared.error();
  }
  has_staging_ = true;
  size_t next = 0;
  STATECTL_RETURN_IF_ERROR(conn_.CopyIn(sql::kCopyStaging, [&](std::string& out) -> Result<bool> {
    for (; next < rows.size() && out.size() < kCopyChunk; ++next) {
      const Row& row = batch[rows[next]];
      out += std::to_string(rows[next]);
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
    return next < rows.size();
  }));
  auto res = conn_.Exec(sql::kCompareStaged);  // in seq order: the order of rows
  if (!res) return res.error();
  if (static_cast<size_t>(conn_.Rows(*res)) != rows.size()) {
    return Status::Database("import staging lost rows");
  }
  std::vector<StoredState> states(rows.size());
  std::string found;  // the records found stored, for the merge
  for (size_t k = 0; k < rows.size(); ++k) {
    int r = static_cast<int>(k);
    states[k].object_exists = conn_.Value(*res, r, 0) == "t";
    std::string v = conn_.Value(*res, r, 1);
    states[k].value = v == "0"   ? StoredValue::kAbsent
                      : v == "1" ? StoredValue::kIdentical
                                 : StoredValue::kDiffers;
    if (v != "0") found += std::to_string(rows[k]) + "\t" + v + "\n";
  }
  found_ = std::move(found);  // sent with the merge, if one is needed
  return states;
}

Result<std::vector<StoredState>> PgBulk::CompareBatch(const std::vector<Row>& batch) {
  compared_ = false;
  STATECTL_RETURN_IF_ERROR(LookUpObjects(batch));
  std::vector<StoredState> states(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    // Nothing can be stored under an object that is new, or that only this
    // transaction can see.
    states[i].object_exists = path_[i] == Path::kCreatedHere;
    states[i].value = StoredValue::kAbsent;
  }
  if (!staged_.empty()) {
    auto compared = StageAndCompare(batch, staged_);
    if (!compared) return compared.error();
    for (size_t k = 0; k < staged_.size(); ++k) states[staged_[k]] = (*compared)[k];
  }
  compared_ = true;
  return states;
}

// A batch's merge, as one round trip.
const std::string& MergeSql(bool overwrite) {
  static const std::string merge = std::string(sql::kMergeObjects) + "; " + sql::kMergeValues;
  static const std::string and_overwrite = merge + "; " + sql::kOverwriteValues;
  return overwrite ? and_overwrite : merge;
}

Status PgBulk::Collect() {
  STATECTL_RETURN_IF_ERROR(conn_.Drain());
  std::vector<int64_t> counts = conn_.TakeSentCounts();
  size_t at = 0;
  for (bool overwrote : overwrote_) {
    if (at < counts.size()) merged_.objects_created += counts[at++];
    if (at < counts.size()) merged_.values_inserted += counts[at++];
    if (overwrote && at < counts.size()) merged_.values_updated += counts[at++];
  }
  overwrote_.clear();
  return Status::Ok();
}

Status PgBulk::SendMerge(bool update) {
  STATECTL_RETURN_IF_ERROR(Collect());  // what the previous merges did
  if (!found_.empty()) {
    STATECTL_RETURN_IF_ERROR(conn_.CopyIn(sql::kCopyFound, [&](std::string& out) -> Result<bool> {
      out.swap(found_);  // one chunk, the last; found_ gets the empty buffer
      return false;
    }));
  }
  STATECTL_RETURN_IF_ERROR(conn_.Send(MergeSql(update).c_str()));
  overwrote_.push_back(update);
  return Status::Ok();
}

Status PgBulk::CreateObjects(const std::vector<Row>& batch) {
  if (new_objects_.empty()) return Status::Ok();
  auto res = conn_.Exec(sql::kInsertObjects, ObjectArrays(batch, new_objects_));
  if (!res) return res.error();
  for (int r = 0; r < conn_.Rows(*res); ++r) {
    auto id = conn_.Integer(*res, r, 0);
    if (!id) return id.error();
    std::string key = conn_.Value(*res, r, 1);
    key += '\0';
    key += conn_.Value(*res, r, 2);
    ids_[std::move(key)] = *id;
  }
  merged_.objects_created += conn_.Rows(*res);
  // Objects another connection created since the lookup: their records
  // are compared and merged as those of any existing object (values it
  // stored meanwhile are then missing from the counts: a conflict).
  std::vector<size_t> theirs;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (path_[i] == Path::kNewObject && !ids_.count(ObjectKey(batch[i]))) {
      path_[i] = Path::kStaged;
      theirs.push_back(i);
    }
  }
  if (theirs.empty()) return Status::Ok();
  auto compared = StageAndCompare(batch, theirs);
  if (!compared) return compared.error();
  return SendMerge(false);
}

Status PgBulk::CopyValues(const std::vector<Row>& batch) {
  size_t next = 0;
  int64_t copied = 0;
  auto direct = [&](size_t i) { return path_[i] != Path::kStaged && batch[i].key; };
  while (next < batch.size() && !direct(next)) ++next;
  if (next == batch.size()) return Status::Ok();
  std::string last_key;
  int64_t last_id = 0;
  STATECTL_RETURN_IF_ERROR(conn_.CopyIn(sql::kCopyNewValues, [&](std::string& out) -> Result<bool> {
    for (; next < batch.size() && out.size() < kCopyChunk; ++next) {
      if (!direct(next)) continue;
      const Row& row = batch[next];
      std::string key = ObjectKey(row);
      if (key != last_key) {
        last_id = ids_.at(key);
        last_key = std::move(key);
      }
      out += std::to_string(last_id);
      out += '\t';
      AppendCopyField(out, &*row.key);
      out += '\t';
      AppendCopyField(out, &*row.value_json);
      out += '\n';
      ++copied;
    }
    return next < batch.size();
  }));
  merged_.values_inserted += copied;  // a COPY stores every row or fails
  return Status::Ok();
}

Status PgBulk::MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                          bool overwrite) {
  if (!compared_) {  // no CompareBatch came first: compare now
    auto compared = CompareBatch(batch);
    if (!compared) return compared.error();
  }
  compared_ = false;
  // A batch whose staged records were all found stored (their objects
  // too), identical or differing without overwrite, has nothing to merge
  // (an import into a copy of the same state): skip the merge statements
  // and the COPY of what was found.
  bool absent = false;
  bool differs = false;
  for (size_t i : staged_) {
    absent |= !states[i].object_exists || (batch[i].key && states[i].value == StoredValue::kAbsent);
    differs |= states[i].value == StoredValue::kDiffers;
  }
  if (absent || (overwrite && differs)) {
    STATECTL_RETURN_IF_ERROR(SendMerge(overwrite && differs));
  }
  STATECTL_RETURN_IF_ERROR(CreateObjects(batch));
  STATECTL_RETURN_IF_ERROR(CopyValues(batch));
  // The next batch may continue this one's last object.
  created_ = std::move(ids_);
  ids_.clear();
  return Status::Ok();
}

Result<MergeCounts> PgBulk::MergedCounts() {
  STATECTL_RETURN_IF_ERROR(Collect());
  return merged_;
}

}  // namespace statectl::pg
