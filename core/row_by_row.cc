#include "core/row_by_row.h"

namespace statectl {
namespace {

// The id of the object a record names, looked up once per run of records of
// the same object (a batch is in dump order, so that is once per object).
class ObjectIdCache {
 public:
  explicit ObjectIdCache(StateReader& state) : state_(state) {}

  Result<std::optional<int64_t>> Find(const Row& row) {
    if (Same(row)) return id_;
    auto found = state_.FindObject(ObjectName{row.name, row.class_name});
    if (!found) return found.error();
    Remember(row, *found);
    return id_;
  }

  // The id, creating the object if absent; created says whether it did.
  Result<int64_t> FindOrInsert(StateWriter& writer, const Row& row, bool& created) {
    created = false;
    auto found = Find(row);
    if (!found) return found.error();
    if (*found) return **found;
    auto inserted = writer.InsertObject(ObjectName{row.name, row.class_name});
    if (!inserted) return inserted.error();
    created = inserted->created;
    Remember(row, inserted->id);
    return inserted->id;
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

  StateReader& state_;
  bool valid_ = false;
  std::string name_, class_name_;
  std::optional<int64_t> id_;
};

}  // namespace

Result<std::vector<StoredState>> CompareRowByRow(StateReader& state,
                                                 const std::vector<Row>& batch) {
  ObjectIdCache ids(state);
  std::vector<StoredState> states(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    auto id = ids.Find(batch[i]);
    if (!id) return id.error();
    states[i].object_exists = id->has_value();
    if (!*id || !batch[i].key) continue;
    auto stored = state.GetValue(**id, *batch[i].key);
    if (!stored) return stored.error();
    if (*stored) {
      states[i].value = **stored == *batch[i].value_json ? StoredValue::kIdentical
                                                          : StoredValue::kDiffers;
    }
  }
  return states;
}

Result<MergeCounts> MergeRowByRow(StateWriter& state, const std::vector<Row>& batch,
                                  const std::vector<StoredState>& states, bool overwrite) {
  ObjectIdCache ids(state);
  MergeCounts counts;
  for (size_t i = 0; i < batch.size(); ++i) {
    const Row& row = batch[i];
    bool insert = row.key && states[i].value == StoredValue::kAbsent;
    bool update = row.key && overwrite && states[i].value == StoredValue::kDiffers;
    if (states[i].object_exists && !insert && !update) continue;
    bool created = false;
    auto id = ids.FindOrInsert(state, row, created);
    if (!id) return id.error();
    if (created) ++counts.objects_created;
    if (insert) {
      auto inserted = state.InsertValue(*id, *row.key, *row.value_json);
      if (!inserted) return inserted.error();
      if (*inserted) ++counts.values_inserted;
    } else if (update) {
      auto updated = state.UpdateValue(*id, *row.key, *row.value_json);
      if (!updated) return updated.error();
      if (*updated) ++counts.values_updated;
    }
  }
  return counts;
}

}  // namespace statectl
