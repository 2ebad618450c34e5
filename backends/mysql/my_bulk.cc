#include "backends/mysql/my_bulk.h"

#include <algorithm>
#include <map>

#include "backends/mysql/my_sql.h"
#include "core/rows.h"

namespace statectl::my {
namespace {

// Rows per INSERT (3 parameters each) and keys per SELECT: far below the
// protocol's 65,535 parameters; a batch's 2 MiB or so stay below
// max_allowed_packet (16 MiB by default).
constexpr size_t kRowsPerStatement = 1000;

constexpr const char* kCollationNote =
    ", whose collation (utf8mb3_general_ci, Buildbot's) ignores case, accents and trailing "
    "spaces: the input holds both, or another connection wrote it meanwhile";

std::string InsertSql(size_t rows) {
  std::string sql = "INSERT INTO object_state (objectid, name, value_json) VALUES ";
  for (size_t i = 0; i < rows; ++i) sql += i ? ", (?, ?, ?)" : "(?, ?, ?)";
  return sql;
}

std::string SelectValuesSql(size_t keys) {
  std::string sql = "SELECT name, value_json FROM object_state WHERE objectid = ? AND name IN (";
  for (size_t i = 0; i < keys; ++i) sql += i ? ", ?" : "?";
  return sql + ")";
}

}  // namespace

Result<std::optional<std::string>> MyBulk::StoredKey(int64_t id, const std::string& key) {
  std::optional<std::string> found;
  STATECTL_RETURN_IF_ERROR(
      conn_.EachRow(sql::kStoredKey, {Int(id), Text(key)}, [&](const Cursor& row) {
        found = std::string(row.Text(0).value_or(""));
        return Status::Ok();
      }));
  return found;
}

// A batch holds each object's records together (dump order): per object,
// one lookup and one SELECT of the batch's keys. The server matches keys by
// the collation, so a row may answer a key it does not equal byte for
// byte; such keys are looked up alone (GetValue), as Buildbot would find
// them.
Result<std::vector<StoredState>> MyBulk::CompareBatch(const std::vector<Row>& batch) {
  std::vector<StoredState> states(batch.size());
  size_t begin = 0;
  while (begin < batch.size()) {
    size_t end = begin + 1;
    while (end < batch.size() && batch[end].name == batch[begin].name &&
           batch[end].class_name == batch[begin].class_name) {
      ++end;
    }
    auto id = state_.FindObject(ObjectName{batch[begin].name, batch[begin].class_name});
    if (!id) return id.error();
    if (*id) STATECTL_RETURN_IF_ERROR(CompareValuesOf(**id, batch, begin, end, states));
    begin = end;
  }
  return states;
}

Status MyBulk::CompareValuesOf(int64_t id, const std::vector<Row>& batch, size_t begin, size_t end,
                               std::vector<StoredState>& states) {
  for (size_t start = begin; start < end; start += kRowsPerStatement) {
    size_t stop = std::min(end, start + kRowsPerStatement);
    std::vector<Param> params{Int(id)};
    for (size_t i = start; i < stop; ++i) {
      states[i].object_exists = true;
      if (batch[i].key) params.push_back(Text(*batch[i].key));
    }
    if (params.size() == 1) continue;
    std::map<std::string, std::string, std::less<>> stored;
    STATECTL_RETURN_IF_ERROR(conn_.QueryOnce(SelectValuesSql(params.size() - 1), params,
                                             [&](const Cursor& row) {
      stored.emplace(row.Text(0).value_or(""), row.Text(1).value_or(""));
      return Status::Ok();
    }));
    size_t matched = 0;
    for (size_t i = start; i < stop; ++i) {
      if (!batch[i].key) continue;
      auto it = stored.find(*batch[i].key);
      if (it != stored.end()) {
        ++matched;
        states[i].value = it->second == *batch[i].value_json ? StoredValue::kIdentical
                                                              : StoredValue::kDiffers;
      }
    }
    if (matched == stored.size()) continue;  // every row answered its own key: the rest are absent
    for (size_t i = start; i < stop; ++i) {
      if (!batch[i].key || stored.count(*batch[i].key)) continue;
      auto value = state_.GetValue(id, *batch[i].key);
      if (!value) return value.error();
      if (*value) {
        states[i].value = **value == *batch[i].value_json ? StoredValue::kIdentical
                                                           : StoredValue::kDiffers;
      }
    }
  }
  return Status::Ok();
}

Status MyBulk::InsertValues(const std::vector<NewValue>& values) {
  std::vector<Param> params;
  for (size_t start = 0; start < values.size(); start += kRowsPerStatement) {
    size_t n = std::min(kRowsPerStatement, values.size() - start);
    params.clear();
    for (size_t i = start; i < start + n; ++i) {
      STATECTL_RETURN_IF_ERROR(state_.CheckFits(*values[i].json));
      params.push_back(Int(values[i].id));
      params.push_back(Text(*values[i].key));
      params.push_back(Text(*values[i].json));
    }
    // A full batch's statement is prepared once per connection (the server
    // parses its 3,000 placeholders once), a last short one for its call.
    static const std::string full_insert = InsertSql(kRowsPerStatement);
    auto inserted = n == kRowsPerStatement ? conn_.Execute(full_insert.c_str(), params)
                                           : conn_.ExecuteOnce(InsertSql(n), params);
    if (inserted) {
      counts_.values_inserted += *inserted;
      continue;
    }
    if (inserted.error().code() != Code::kConflict) return inserted.error();
    for (size_t i = start; i < start + n; ++i) {  // the statement was undone: one by one
      auto one = state_.InsertValue(values[i].id, *values[i].key, *values[i].json);
      if (!one) return one.error();
      if (*one) {
        ++counts_.values_inserted;
        continue;
      }
      auto stored = StoredKey(values[i].id, *values[i].key);
      if (!stored) return stored.error();
      if (*stored && **stored != *values[i].key) {
        return Status::Conflict("key " + Quoted(*values[i].key) + " of object " +
                                std::to_string(values[i].id) + " is its key " + Quoted(**stored) +
                                " to MySQL" + kCollationNote);
      }
    }
  }
  return Status::Ok();
}

Status MyBulk::MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                          bool overwrite) {
  std::vector<NewValue> values;
  std::optional<int64_t> id;
  const Row* id_of = nullptr;  // the row whose object id is in id
  for (size_t i = 0; i < batch.size(); ++i) {
    const Row& row = batch[i];
    bool insert = row.key && states[i].value == StoredValue::kAbsent;
    bool update = row.key && overwrite && states[i].value == StoredValue::kDiffers;
    if (states[i].object_exists && !insert && !update) continue;
    if (!id_of || id_of->name != row.name || id_of->class_name != row.class_name) {
      ObjectName obj{row.name, row.class_name};
      auto found = state_.FindObject(obj);
      if (!found) return found.error();
      if (*found && !states[i].object_exists) {  // not there when compared: made since
        auto stored = state_.ObjectById(**found);
        if (!stored) return stored.error();
        if (*stored && ((*stored)->name != obj.name || (*stored)->class_name != obj.class_name)) {
          return Status::Conflict("object " + ObjectLabel(obj) + " is " + ObjectLabel(**stored) +
                                  " to MySQL" + kCollationNote);
        }
      }
      id = *found;
      if (!id) {
        auto made = state_.InsertObject(obj);
        if (!made) return made.error();
        if (made->created) ++counts_.objects_created;
        id = made->id;
      }
      id_of = &row;
    }
    if (insert) {
      values.push_back({*id, &*row.key, &*row.value_json});
    } else if (update) {
      auto updated = state_.UpdateValue(*id, *row.key, *row.value_json);
      if (!updated) return updated.error();
      if (*updated) ++counts_.values_updated;
    }
  }
  return InsertValues(values);
}

}  // namespace statectl::my
