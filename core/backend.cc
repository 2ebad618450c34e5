// The row-by-row bulk import every driver gets unless it does better.
#include "core/backend.h"

namespace statectl {
namespace {

// The id of the object a record names, looked up once per run of records of
// the same object (a batch is in dump order, so that is once per object).
class ObjectIdCache {
 public:
  explicit ObjectIdCache(Txn& txn) : txn_(txn) {}

  Result<std::optional<int64_t>> Find(const Row& row) {
    if (Same(row)) return id_;
    auto found = txn_.FindObject(ObjectName{row.name, row.class_name});
    if (!found) return found.error();
    Remember(row, *found);
    return id_;
  }

  Result<int64_t> FindOrInsert(const Row& row) {
    auto found = Find(row);
    if (!found) return found.error();
    if (*found) return **found;
    auto id = txn_.InsertObject(ObjectName{row.name, row.class_name});
    if (!id) return id.error();
    Remember(row, *id);
    return *id;
  }

 private:
  bool Same(const Row& row) const {
    return valid_ && row.name == name_ && row.class_name == class_name_;
  }
  void Remember(const Row& row, std::optional<int64_t> id) {
    valid_ = true;
    name_ = row.name;
    class_name_ = row.class_name;
    id_ = id;
  }

  Txn& txn_;
  bool valid_ = false;
  std::string name_, class_name_;
  std::optional<int64_t> id_;
};

}  // namespace

Result<std::vector<StoredState>> Txn::CompareBatch(const std::vector<Row>& batch) {
  ObjectIdCache ids(*this);
  std::vector<StoredState> states(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    auto id = ids.Find(batch[i]);
    if (!id) return id.error();
    states[i].object_exists = id->has_value();
    if (!*id || !batch[i].key) continue;
    auto stored = GetValue(**id, *batch[i].key);
    if (!stored) return stored.error();
    if (*stored) {
      states[i].value = **stored == *batch[i].value_json ? StoredValue::kIdentical
                                                          : StoredValue::kDiffers;
    }
  }
  return states;
}

Status Txn::MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                       bool overwrite) {
  ObjectIdCache ids(*this);
  for (size_t i = 0; i < batch.size(); ++i) {
    const Row& row = batch[i];
    bool insert = states[i].value == StoredValue::kAbsent;
    bool update = overwrite && states[i].value == StoredValue::kDiffers;
    if (states[i].object_exists && !insert && !update) continue;
    auto id = ids.FindOrInsert(row);
    if (!id) return id.error();
    if (!row.key) continue;
    if (insert) {
      auto inserted = InsertValue(*id, *row.key, *row.value_json);
      if (!inserted) return inserted.error();
      if (!*inserted) {
        return Status::Conflict("a value of " + row.class_name + " '" + row.name +
                                "' was written by another connection during the import");
      }
    } else if (update) {
      auto updated = UpdateValue(*id, *row.key, *row.value_json);
      if (!updated) return updated.error();
    }
  }
  return Status::Ok();
}

}  // namespace statectl
