#include "backends/mysql/my_state.h"

#include <algorithm>
#include <climits>

#include "backends/like_pattern.h"
#include "backends/mysql/my_sql.h"

namespace statectl::my {
namespace {

bool FitsInt4(int64_t id) { return id >= INT_MIN && id <= INT_MAX; }

}  // namespace

int64_t WholeSeconds(std::chrono::milliseconds timeout) {
  return std::max<int64_t>(1, (timeout.count() + 999) / 1000);
}

Result<std::optional<std::string>> WhyNoRollback(Connection& conn) {
  std::string tables;
  STATECTL_RETURN_IF_ERROR(conn.EachRow(sql::kNonTransactionalTables, {}, [&](const Cursor& row) {
    if (!tables.empty()) tables += ", ";
    tables += std::string(row.Text(0).value_or("")) + " (" + std::string(row.Text(1).value_or("")) +
              ")";
    return Status::Ok();
  }));
  if (tables.empty()) return std::optional<std::string>();
  return std::optional<std::string>("the state tables " + tables + " cannot roll back");
}

Result<std::optional<int64_t>> MyState::FindObject(const ObjectName& obj) {
  return conn_.QueryInteger(sql::kFindObject, {Text(obj.name), Text(obj.class_name)});
}

Result<std::optional<ObjectName>> MyState::ObjectById(int64_t id) {
  if (!FitsInt4(id)) return std::optional<ObjectName>();  // no such id in an INTEGER column
  auto rows = conn_.Query(sql::kObjectById, {Int(id)});
  if (!rows) return rows.error();
  auto more = rows->Next();
  if (!more) return more.error();
  if (!*more) return std::optional<ObjectName>();
  return std::optional<ObjectName>(
      ObjectName{std::string(rows->Text(0).value_or("")), std::string(rows->Text(1).value_or(""))});
}

Result<std::optional<std::string>> MyState::OneValue(const char* sql, int64_t id,
                                                     std::string_view key) {
  if (!FitsInt4(id)) return std::optional<std::string>();
  auto rows = conn_.Query(sql, {Int(id), Text(key)});
  if (!rows) return rows.error();
  auto more = rows->Next();
  if (!more) return more.error();
  if (!*more) return std::optional<std::string>();
  return std::optional<std::string>(std::string(rows->Text(0).value_or("")));
}

Result<std::optional<std::string>> MyState::GetValue(int64_t id, std::string_view key) {
  return OneValue(sql::kGetValue, id, key);
}

Result<std::optional<std::string>> MyState::GetValueForUpdate(int64_t id, std::string_view key) {
  auto no_rollback = WhyNoRollback(conn_);
  if (!no_rollback) return no_rollback.error();
  if (*no_rollback) STATECTL_RETURN_IF_ERROR(LockKey(id, key));
  return OneValue(sql::kGetValueForUpdate, id, key);
}

Status MyState::ReadIdAndTexts(const char* sql, const ObjectVisitor& visit) {
  return conn_.EachRow(sql, {}, [&](const Cursor& row) -> Status {
    auto id = row.Integer(0);
    if (!id) return id.error();
    return visit(*id, row.Text(1).value_or(""), row.Text(2).value_or(""));
  });
}

Status MyState::ReadObjects(const ObjectVisitor& visit) {
  return ReadIdAndTexts(sql::kObjectsInOrder, visit);
}

Status MyState::ReadValues(const ValueVisitor& visit) {
  return ReadIdAndTexts(sql::kValues, visit);
}

Status MyState::ReadJoined(const Prefilter& prefilter, const RowSink& sink) {
  std::string class_like = LikePattern(prefilter.class_glob);
  std::string name_like = LikePattern(prefilter.name_glob);
  Row row;
  return conn_.EachRow(sql::kJoined, {Text(class_like), Text(name_like)},
                       [&](const Cursor& r) -> Status {
                         row.class_name.assign(r.Text(0).value_or(""));
                         row.name.assign(r.Text(1).value_or(""));
                         if (auto key = r.Text(2)) {
                           if (!row.key) row.key.emplace();
                           if (!row.value_json) row.value_json.emplace();
                           row.key->assign(*key);
                           row.value_json->assign(r.Text(3).value_or(""));
                         } else {
                           row.key.reset();
                           row.value_json.reset();
                         }
                         return sink(row);
                       });
}

Result<uint64_t> MyState::EstimateStateBytes() {
  auto bytes = conn_.QueryInteger(sql::kStateBytes, {});
  if (!bytes) return bytes.error();
  return static_cast<uint64_t>(bytes->value_or(0));
}

Status MyState::ReadValuesOf(int64_t id, const KeyValueVisitor& visit) {
  if (!FitsInt4(id)) return Status::Ok();
  return conn_.EachRow(sql::kValuesOfObject, {Int(id)}, [&](const Cursor& row) {
    return visit(row.Text(0).value_or(""), row.Text(1).value_or(""));
  });
}

Status MyState::ReadSummary(const Prefilter& prefilter, bool per_key, const SummarySink& sink) {
  std::string class_like = LikePattern(prefilter.class_glob);
  std::string name_like = LikePattern(prefilter.name_glob);
  SummaryRow row;
  return conn_.EachRow(
      per_key ? sql::kSummaryPerKey : sql::kSummary, {Text(class_like), Text(name_like)},
      [&](const Cursor& r) -> Status {
        auto id = r.Integer(0);
        auto bytes = r.Integer(4);
        if (!id) return id.error();
        if (!bytes) return bytes.error();
        row.id = *id;
        row.name.assign(r.Text(1).value_or(""));
        row.class_name.assign(r.Text(2).value_or(""));
        if (per_key) {
          auto key = r.Text(3);
          row.key = key ? std::optional<std::string>(std::string(*key)) : std::nullopt;
          row.keys = key ? 1 : 0;
        } else {
          auto keys = r.Integer(3);
          if (!keys) return keys.error();
          row.keys = *keys;
        }
        row.bytes = *bytes;
        return sink(row);
      });
}

Result<InsertedObject> MyState::InsertObject(const ObjectName& obj) {
  auto id = conn_.Insert(sql::kInsertObject, {Text(obj.name), Text(obj.class_name)});
  if (id) return InsertedObject{*id, true};
  if (id.error().code() != Code::kConflict) return id.error();
  auto winner = FindObject(obj);  // someone inserted it first
  if (!winner) return winner.error();
  if (!*winner) return Status::Database("object vanished after an insert conflict");
  return InsertedObject{**winner, false};
}

Status MyState::CheckFits(std::string_view json) {
  std::optional<int64_t>& capacity = conn_.value_capacity();
  if (!capacity) {
    auto read = conn_.QueryInteger(sql::kValueCapacity, {});
    if (!read) return read.error();
    if (!*read) return NoStateTablesError("no column object_state.value_json");
    capacity = **read;
  }
  if (static_cast<int64_t>(json.size()) <= *capacity) return Status::Ok();
  return Status::InvalidData("a value of " + std::to_string(json.size()) +
                             " bytes does not fit in object_state.value_json, which holds at most " +
                             std::to_string(*capacity) + " bytes on this database (Buildbot's TEXT "
                             "column on MySQL; Buildbot itself fails on it, buildbot#6100)");
}

Result<bool> MyState::InsertValue(int64_t id, std::string_view key, std::string_view json) {
  STATECTL_RETURN_IF_ERROR(CheckFits(json));
  auto rows = conn_.Execute(sql::kInsertValue, {Int(id), Text(key), Text(json)});
  if (rows) return true;
  if (rows.error().code() == Code::kConflict) return false;
  return rows.error();
}

Result<bool> MyState::UpdateValue(int64_t id, std::string_view key, std::string_view json) {
  STATECTL_RETURN_IF_ERROR(CheckFits(json));
  auto rows = conn_.Execute(sql::kUpdateValue, {Text(json), Int(id), Text(key)});
  if (!rows) return rows.error();
  return *rows > 0;
}

Status MyState::LockKey(int64_t id, std::string_view key) {
  std::string scope = std::to_string(id) + "/" + std::string(key);
  int64_t seconds = WholeSeconds(lock_timeout_);
  auto taken = conn_.QueryInteger(sql::kGetLock, {Text(scope), Int(seconds)});
  if (!taken) return taken.error();
  if (taken->value_or(0) != 1) {
    return LockedError("create-once lock held past " + std::to_string(seconds) + " s");
  }
  holds_locks_ = true;
  return Status::Ok();
}

Result<bool> MyState::DeleteValue(int64_t id, std::string_view key) {
  auto rows = conn_.Execute(sql::kDeleteValue, {Int(id), Text(key)});
  if (!rows) return rows.error();
  return *rows > 0;
}

Result<int64_t> MyState::DeleteValuesOf(int64_t id) {
  return conn_.Execute(sql::kDeleteValuesOf, {Int(id)});
}

Result<int64_t> MyState::DeleteObject(int64_t id) {
  auto values = DeleteValuesOf(id);
  if (!values) return values.error();
  auto objects = conn_.Execute(sql::kDeleteObject, {Int(id)});
  if (!objects) return objects.error();
  return *values;
}

Status MyState::RenameObject(int64_t id, const ObjectName& to) {
  auto rows = conn_.Execute(sql::kRenameObject, {Text(to.name), Text(to.class_name), Int(id)});
  return rows ? Status::Ok() : rows.error();
}

Result<int64_t> MySchema::CountOrphanValues() {
  auto n = conn_.QueryInteger(sql::kCountOrphans, {});
  if (!n) return n.error();
  return n->value_or(0);
}

Result<std::optional<int64_t>> MySchema::NextObjectId() {
  return conn_.QueryInteger(sql::kNextObjectId, {});
}

Status MySchema::CheckIntegrity(const std::function<Status(std::string_view problem)>& visit) {
  // Columns: Table, Op, Msg_type, Msg_text. A sound table says status OK.
  return conn_.RunRows(sql::kCheckTables, [&](const auto& row) -> Status {
    if (row.size() < 4) return Status::Ok();
    std::string_view type = row[2].value_or(""), text = row[3].value_or("");
    if (type == "status" && text == "OK") return Status::Ok();
    if (type == "note" || type == "info") return Status::Ok();
    return visit(std::string(row[0].value_or("")) + ": " + std::string(type) + ": " +
                 std::string(text));
  });
}

Result<int64_t> MySchema::DeleteOrphanValues() { return conn_.Execute(sql::kDeleteOrphans, {}); }

Status MySchema::CreateSchema() {
  struct Table {
    const char* name;
    const char* create;
    const char* index;
  };
  bool created = false;
  for (const Table& t : {Table{"objects", sql::kCreateObjects, sql::kCreateObjectIdentity},
                         Table{"object_state", sql::kCreateObjectState, sql::kCreateNamePerObject}}) {
    auto exists = conn_.QueryInteger(sql::kTableExists, {Text(t.name)});
    if (!exists) return exists.error();
    if (exists->value_or(0) > 0) continue;
    for (const char* ddl : {t.create, t.index}) STATECTL_RETURN_IF_ERROR(conn_.Run(ddl));
    created = true;
  }
  if (!created) return Status::Ok();
  // The DDL ended the transaction (and left the session autocommitting).
  STATECTL_RETURN_IF_ERROR(conn_.Run(sql::kWriteIsolation));
  return conn_.Run(sql::kBeginWrite);
}

}  // namespace statectl::my
