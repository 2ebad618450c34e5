#include "backends/postgres/pg_state.h"

#include <climits>

#include "backends/like_pattern.h"
#include "backends/postgres/pg_sql.h"

namespace statectl::pg {
namespace {

bool FitsInt4(int64_t id) { return id >= INT_MIN && id <= INT_MAX; }

}  // namespace

Result<std::optional<int64_t>> PgState::FindObject(const ObjectName& obj) {
  auto res = conn_.Exec(sql::kFindObject, {obj.name, obj.class_name});
  if (!res) return res.error();
  if (conn_.Rows(*res) == 0) return std::optional<int64_t>();
  auto id = conn_.Integer(*res, 0, 0);
  if (!id) return id.error();
  return std::optional<int64_t>(*id);
}

Result<std::optional<ObjectName>> PgState::ObjectById(int64_t id) {
  if (!FitsInt4(id)) return std::optional<ObjectName>();  // no such id in an integer column
  auto res = conn_.Exec(sql::kObjectById, {std::to_string(id)});
  if (!res) return res.error();
  if (conn_.Rows(*res) == 0) return std::optional<ObjectName>();
  return std::optional<ObjectName>(ObjectName{conn_.Value(*res, 0, 0), conn_.Value(*res, 0, 1)});
}

Result<std::optional<std::string>> PgState::OneValue(const char* sql, int64_t id,
                                                     std::string_view key) {
  auto res = conn_.Exec(sql, {std::to_string(id), std::string(key)});
  if (!res) return res.error();
  if (conn_.Rows(*res) == 0) return std::optional<std::string>();
  return std::optional<std::string>(conn_.Value(*res, 0, 0));
}

Result<std::optional<std::string>> PgState::GetValue(int64_t id, std::string_view key) {
  return OneValue(sql::kGetValue, id, key);
}

Result<std::optional<std::string>> PgState::GetValueForUpdate(int64_t id, std::string_view key) {
  return OneValue(sql::kGetValueForUpdate, id, key);
}

Status PgState::CopyIdAndTexts(const char* sql, const ObjectVisitor& visit) {
  return conn_.CopyRows(sql, 3, [&](const BinaryCopyReader::Fields& f) -> Status {
    std::optional<int64_t> id = f[0] ? Int8Field(*f[0]) : std::nullopt;
    if (!id || !f[1] || !f[2]) return Status::Database("unexpected row in PostgreSQL's COPY stream");
    return visit(*id, *f[1], *f[2]);
  });
}

Status PgState::ReadObjects(const ObjectVisitor& visit) {
  return CopyIdAndTexts(sql::kCopyObjectsInOrder, visit);
}

Status PgState::ReadValues(const ValueVisitor& visit) {
  return CopyIdAndTexts(sql::kCopyValues, visit);
}

Status PgState::SetFilter(const Prefilter& prefilter) {
  auto set = conn_.Exec(sql::kSetScanFilter,
                        {LikePattern(prefilter.class_glob), LikePattern(prefilter.name_glob)});
  return set ? Status::Ok() : set.error();
}

Status PgState::ReadJoined(const Prefilter& prefilter, const RowSink& sink) {
  STATECTL_RETURN_IF_ERROR(SetFilter(prefilter));
  Row row;
  return conn_.CopyRows(sql::kCopyJoined, 4, [&](const BinaryCopyReader::Fields& f) -> Status {
    if (!f[0] || !f[1]) return Status::Database("unexpected row in PostgreSQL's COPY stream");
    row.class_name.assign(*f[0]);
    row.name.assign(*f[1]);
    if (f[2]) {
      if (!row.key) row.key.emplace();
      if (!row.value_json) row.value_json.emplace();
      row.key->assign(*f[2]);
      row.value_json->assign(f[3].value_or(std::string_view()));
    } else {
      row.key.reset();
      row.value_json.reset();
    }
    return sink(row);
  });
}

Result<uint64_t> PgState::EstimateStateBytes() {
  auto res = conn_.Exec(sql::kStateBytes);
  if (!res) return res.error();
  auto bytes = conn_.Integer(*res, 0, 0);
  if (!bytes) return bytes.error();
  return static_cast<uint64_t>(*bytes);
}

Status PgState::ReadValuesOf(int64_t id, const KeyValueVisitor& visit) {
  auto res = conn_.Exec(sql::kValuesOfObject, {std::to_string(id)});
  if (!res) return res.error();
  for (int r = 0; r < conn_.Rows(*res); ++r) {
    STATECTL_RETURN_IF_ERROR(visit(conn_.Value(*res, r, 0), conn_.Value(*res, r, 1)));
  }
  return Status::Ok();
}

Status PgState::ReadSummary(const Prefilter& prefilter, bool per_key, const SummarySink& sink) {
  STATECTL_RETURN_IF_ERROR(SetFilter(prefilter));
  SummaryRow row;
  bool all = prefilter.class_glob == "*" && prefilter.name_glob == "*";
  const char* sql = per_key ? sql::kCopySummaryPerKey
                    : all   ? sql::kCopySummaryAll
                            : sql::kCopySummary;
  return conn_.CopyRows(sql, 5, [&](const BinaryCopyReader::Fields& f) -> Status {
    std::optional<int64_t> id = f[0] ? Int8Field(*f[0]) : std::nullopt;
    std::optional<int64_t> bytes = f[4] ? Int8Field(*f[4]) : std::nullopt;
    std::optional<int64_t> keys = !per_key && f[3] ? Int8Field(*f[3]) : std::optional<int64_t>(0);
    if (!id || !f[1] || !f[2] || !bytes || !keys) {
      return Status::Database("unexpected row in PostgreSQL's COPY stream");
    }
    row.id = *id;
    row.name.assign(*f[1]);
    row.class_name.assign(*f[2]);
    if (per_key) {
      row.key = f[3] ? std::optional<std::string>(*f[3]) : std::nullopt;
      row.keys = f[3] ? 1 : 0;
    } else {
      row.keys = *keys;
    }
    row.bytes = *bytes;
    return sink(row);
  });
}

Result<InsertedObject> PgState::InsertObject(const ObjectName& obj) {
  auto res = conn_.Exec(sql::kInsertObject, {obj.name, obj.class_name});
  if (!res) return res.error();
  if (conn_.Rows(*res) == 1) {
    auto id = conn_.Integer(*res, 0, 0);
    if (!id) return id.error();
    return InsertedObject{*id, true};
  }
  auto winner = FindObject(obj);
  if (!winner) return winner.error();
  if (!*winner) return Status::Database("object vanished after an insert conflict");
  return InsertedObject{**winner, false};
}

Result<bool> PgState::InsertValue(int64_t id, std::string_view key, std::string_view json) {
  auto rows = conn_.ExecCount(sql::kInsertValue,
                              {std::to_string(id), std::string(key), std::string(json)});
  if (!rows) return rows.error();
  return *rows == 1;
}

Result<bool> PgState::UpdateValue(int64_t id, std::string_view key, std::string_view json) {
  auto rows = conn_.ExecCount(sql::kUpdateValue,
                              {std::to_string(id), std::string(key), std::string(json)});
  if (!rows) return rows.error();
  return *rows > 0;
}

Status PgState::LockKey(int64_t id, std::string_view key) {
  auto res = conn_.Exec(sql::kLockKey, {std::to_string(id), std::string(key)});
  return res ? Status::Ok() : res.error();
}

Result<bool> PgState::DeleteValue(int64_t id, std::string_view key) {
  auto rows = conn_.ExecCount(sql::kDeleteValue, {std::to_string(id), std::string(key)});
  if (!rows) return rows.error();
  return *rows > 0;
}

Result<int64_t> PgState::DeleteValuesOf(int64_t id) {
  return conn_.ExecCount(sql::kDeleteValuesOf, {std::to_string(id)});
}

Result<int64_t> PgState::DeleteObject(int64_t id) {
  auto values = DeleteValuesOf(id);
  if (!values) return values.error();
  auto objects = conn_.ExecCount(sql::kDeleteObject, {std::to_string(id)});
  if (!objects) return objects.error();
  return *values;
}

Status PgState::RenameObject(int64_t id, const ObjectName& to) {
  auto rows = conn_.ExecCount(sql::kRenameObject, {std::to_string(id), to.name, to.class_name});
  return rows ? Status::Ok() : rows.error();
}

Result<int64_t> PgSchema::CountOrphanValues() {
  auto fk = conn_.Exec(sql::kHasForeignKey);
  if (!fk) return fk.error();
  if (conn_.Value(*fk, 0, 0) != "0") return 0;
  auto res = conn_.Exec(sql::kCountOrphans);
  if (!res) return res.error();
  return conn_.Integer(*res, 0, 0);
}

Result<std::optional<int64_t>> PgSchema::NextObjectId() {
  auto res = conn_.Exec(sql::kNextObjectId);
  if (!res) return res.error();
  if (conn_.Value(*res, 0, 0).empty()) return std::optional<int64_t>();
  auto next = conn_.Integer(*res, 0, 0);
  if (!next) return next.error();
  return std::optional<int64_t>(*next);
}

Status PgSchema::CheckIntegrity(const std::function<Status(std::string_view problem)>&) {
  return Status::Ok();  // the server keeps tables and indexes consistent
}

Result<int64_t> PgSchema::DeleteOrphanValues() { return conn_.ExecCount(sql::kDeleteOrphans); }

Status PgSchema::CreateSchema() {
  struct Table {
    const char* name;
    const char* create;
    const char* index;
  };
  for (const Table& t : {Table{"objects", sql::kCreateObjects, sql::kCreateObjectIdentity},
                         Table{"object_state", sql::kCreateObjectState, sql::kCreateNamePerObject}}) {
    auto exists = conn_.Exec(sql::kTableExists, {t.name});
    if (!exists) return exists.error();
    if (conn_.Value(*exists, 0, 0) == "t") continue;
    for (const char* ddl : {t.create, t.index}) {
      auto done = conn_.Exec(ddl);
      if (!done) return done.error();
    }
  }
  return Status::Ok();
}

}  // namespace statectl::pg
