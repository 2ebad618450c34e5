#include "tests/support/memory_backend.h"

#include <algorithm>
#include <tuple>

namespace statectl::testing {

// The state and schema roles over one copy of the tables.
class MemoryRoles final : public StateWriter, public SchemaWriter, public ServiceReader {
 public:
  MemoryRoles(MemoryDatabase& db, MemoryTables tables) : db_(db), t_(std::move(tables)) {}

  Result<std::optional<int64_t>> FindObject(const ObjectName& obj) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("FindObject", t_));
    for (const auto& [id, o] : t_.objects) {
      if (o.name == obj.name && o.class_name == obj.class_name) return std::optional<int64_t>(id);
    }
    return std::optional<int64_t>();
  }
  Result<std::optional<ObjectName>> ObjectById(int64_t id) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ObjectById", t_));
    auto it = t_.objects.find(id);
    if (it == t_.objects.end()) return std::optional<ObjectName>();
    return std::optional<ObjectName>(it->second);
  }
  Result<std::optional<std::string>> GetValue(int64_t id, std::string_view key) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("GetValue", t_));
    auto it = t_.values.find({id, std::string(key)});
    if (it == t_.values.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Status ReadObjects(const ObjectVisitor& visit) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ReadObjects", t_));
    for (const auto& [id, o] : SortedObjects()) STATECTL_RETURN_IF_ERROR(visit(id, o.class_name, o.name));
    return Status::Ok();
  }
  Status ReadValues(const ValueVisitor& visit) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ReadValues", t_));
    for (const auto& [at, json] : t_.values) STATECTL_RETURN_IF_ERROR(visit(at.first, at.second, json));
    return Status::Ok();
  }
  Status ReadJoined(const Prefilter&, const RowSink& sink) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ReadJoined", t_));
    for (const auto& [id, o] : SortedObjects()) {  // the prefilter may keep everything
      bool any = false;
      for (auto it = t_.values.lower_bound({id, ""}); it != t_.values.end() && it->first.first == id;
           ++it) {
        any = true;
        Row row{o.class_name, o.name, it->first.second, it->second};
        STATECTL_RETURN_IF_ERROR(sink(row));
      }
      if (!any) {
        Row row{o.class_name, o.name, std::nullopt, std::nullopt};
        STATECTL_RETURN_IF_ERROR(sink(row));
      }
    }
    return Status::Ok();
  }
  Result<uint64_t> EstimateStateBytes() override {
    STATECTL_RETURN_IF_ERROR(db_.Call("EstimateStateBytes", t_));
    uint64_t bytes = 0;
    for (const auto& [at, json] : t_.values) bytes += at.second.size() + json.size() + 16;
    return bytes;
  }

  Status ReadValuesOf(int64_t id, const KeyValueVisitor& visit) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ReadValuesOf", t_));
    for (auto it = t_.values.lower_bound({id, ""}); it != t_.values.end() && it->first.first == id;
         ++it) {
      STATECTL_RETURN_IF_ERROR(visit(it->first.second, it->second));
    }
    return Status::Ok();
  }
  Status ReadSummary(const Prefilter&, bool per_key, const SummarySink& sink) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ReadSummary", t_));
    auto sorted = SortedObjects();
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second.name, a.second.class_name) < std::tie(b.second.name, b.second.class_name);
    });
    for (const auto& [id, o] : sorted) {
      SummaryRow row{id, o.name, o.class_name, std::nullopt, 0, 0};
      for (auto it = t_.values.lower_bound({id, ""}); it != t_.values.end() && it->first.first == id;
           ++it) {
        if (per_key) {
          SummaryRow value{id, o.name, o.class_name, it->first.second, 1,
                           static_cast<int64_t>(it->second.size())};
          STATECTL_RETURN_IF_ERROR(sink(value));
        }
        ++row.keys;
        row.bytes += static_cast<int64_t>(it->second.size());
      }
      if (!per_key || row.keys == 0) STATECTL_RETURN_IF_ERROR(sink(row));
    }
    return Status::Ok();
  }

  Result<InsertedObject> InsertObject(const ObjectName& obj) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("InsertObject", t_));
    for (const auto& [id, o] : t_.objects) {
      if (o.name == obj.name && o.class_name == obj.class_name) return InsertedObject{id, false};
    }
    int64_t id = t_.next_id++;
    t_.objects[id] = obj;
    return InsertedObject{id, true};
  }
  Result<bool> InsertValue(int64_t id, std::string_view key, std::string_view json) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("InsertValue", t_));
    return t_.values.emplace(std::make_pair(id, std::string(key)), std::string(json)).second;
  }
  Result<bool> UpdateValue(int64_t id, std::string_view key, std::string_view json) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("UpdateValue", t_));
    auto it = t_.values.find({id, std::string(key)});
    if (it == t_.values.end()) return false;
    it->second = std::string(json);
    return true;
  }
  Status LockKey(int64_t, std::string_view) override { return db_.Call("LockKey", t_); }
  Result<std::optional<std::string>> GetValueForUpdate(int64_t id, std::string_view key) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("GetValueForUpdate", t_));
    auto it = t_.values.find({id, std::string(key)});
    if (it == t_.values.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }
  Result<bool> DeleteValue(int64_t id, std::string_view key) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("DeleteValue", t_));
    return t_.values.erase({id, std::string(key)}) > 0;
  }
  Result<int64_t> DeleteValuesOf(int64_t id) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("DeleteValuesOf", t_));
    int64_t values = 0;
    for (auto it = t_.values.lower_bound({id, ""}); it != t_.values.end() && it->first.first == id;) {
      it = t_.values.erase(it);
      ++values;
    }
    return values;
  }
  Result<int64_t> DeleteObject(int64_t id) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("DeleteObject", t_));
    auto values = DeleteValuesOf(id);
    t_.objects.erase(id);
    return values;
  }
  Status RenameObject(int64_t id, const ObjectName& to) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("RenameObject", t_));
    for (const auto& [other, o] : t_.objects) {
      if (o.name == to.name && o.class_name == to.class_name) return Status::Conflict("exists");
    }
    t_.objects.at(id) = to;
    return Status::Ok();
  }

  Result<int64_t> CountOrphanValues() override {
    STATECTL_RETURN_IF_ERROR(db_.Call("CountOrphanValues", t_));
    int64_t orphans = 0;
    for (const auto& [at, json] : t_.values) orphans += t_.objects.count(at.first) ? 0 : 1;
    return orphans;
  }
  Result<std::optional<int64_t>> NextObjectId() override {
    STATECTL_RETURN_IF_ERROR(db_.Call("NextObjectId", t_));
    return std::optional<int64_t>(t_.next_id);
  }
  Status CheckIntegrity(const std::function<Status(std::string_view problem)>&) override {
    return db_.Call("CheckIntegrity", t_);
  }
  Status CreateSchema() override { return db_.Call("CreateSchema", t_); }
  Result<int64_t> DeleteOrphanValues() override {
    STATECTL_RETURN_IF_ERROR(db_.Call("DeleteOrphanValues", t_));
    int64_t orphans = 0;
    for (auto it = t_.values.begin(); it != t_.values.end();) {
      if (t_.objects.count(it->first.first)) {
        ++it;
      } else {
        it = t_.values.erase(it);
        ++orphans;
      }
    }
    return orphans;
  }

  Result<bool> HasServiceTables() override {
    STATECTL_RETURN_IF_ERROR(db_.Call("HasServiceTables", t_));
    return t_.has_service_tables;
  }
  Status ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) override {
    STATECTL_RETURN_IF_ERROR(db_.Call("ReadClaims", t_));
    for (const ServiceClaim& claim : t_.claims) STATECTL_RETURN_IF_ERROR(visit(claim));
    return Status::Ok();
  }

  const MemoryTables& tables() const { return t_; }

 private:
  std::vector<std::pair<int64_t, ObjectName>> SortedObjects() const {
    std::vector<std::pair<int64_t, ObjectName>> sorted(t_.objects.begin(), t_.objects.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second.class_name, a.second.name) < std::tie(b.second.class_name, b.second.name);
    });
    return sorted;
  }

  MemoryDatabase& db_;
  MemoryTables t_;
};

namespace {

class MemoryReadTxn final : public ReadTxn {
 public:
  MemoryReadTxn(MemoryDatabase& db, const MemoryTables& snapshot) : roles_(db, snapshot) {}
  StateReader& state() override { return roles_; }
  SchemaReader& schema() override { return roles_; }
  ServiceReader& services() override { return roles_; }
  BulkCompare* bulk() override { return nullptr; }

 private:
  MemoryRoles roles_;
};

}  // namespace

class MemoryBackendImpl final : public Backend {
 public:
  explicit MemoryBackendImpl(MemoryDatabase& db) : db_(db) {}
  std::string_view Kind() const override { return "memory"; }

  Result<std::unique_ptr<ReadTxn>> BeginRead() override {
    STATECTL_RETURN_IF_ERROR(db_.Call("BeginRead", db_.committed_));
    return std::unique_ptr<ReadTxn>(std::make_unique<MemoryReadTxn>(db_, db_.committed_));
  }

  Result<std::unique_ptr<WriteTxn>> BeginWrite() override {
    if (db_.writing_) return LockedError("another write transaction is open");
    STATECTL_RETURN_IF_ERROR(db_.Call("BeginWrite", db_.committed_));
    return std::unique_ptr<WriteTxn>(std::make_unique<WriteImpl>(db_));
  }

 private:
  class WriteImpl final : public WriteTxn {
   public:
    explicit WriteImpl(MemoryDatabase& db) : db_(db), roles_(db, db.committed_) {
      db_.writing_ = true;
    }
    ~WriteImpl() override { db_.writing_ = false; }
    StateWriter& state() override { return roles_; }
    SchemaWriter& schema() override { return roles_; }
    ServiceReader& services() override { return roles_; }
    BulkMerge* bulk() override { return nullptr; }
    std::optional<std::string> CannotRollBack() const override { return db_.cannot_roll_back_; }
    Status Commit() override {
      MemoryTables tables = roles_.tables();
      STATECTL_RETURN_IF_ERROR(db_.Call("Commit", tables));
      db_.committed_ = std::move(tables);
      return Status::Ok();
    }

   private:
    MemoryDatabase& db_;
    MemoryRoles roles_;
  };

  MemoryDatabase& db_;
};

std::unique_ptr<Backend> MemoryDatabase::Connect() { return std::make_unique<MemoryBackendImpl>(*this); }

int MemoryDatabase::calls(std::string_view op) const {
  auto it = calls_.find(op);
  return it == calls_.end() ? 0 : it->second;
}

Status MemoryDatabase::Call(std::string_view op, MemoryTables& tables) {
  auto it = calls_.find(op);
  if (it == calls_.end()) it = calls_.emplace(std::string(op), 0).first;
  ++it->second;
  return hook_ ? hook_(op, tables) : Status::Ok();
}

int64_t MemoryDatabase::Object(const std::string& name, const std::string& class_name) {
  for (const auto& [id, o] : committed_.objects) {
    if (o.name == name && o.class_name == class_name) return id;
  }
  int64_t id = committed_.next_id++;
  committed_.objects[id] = ObjectName{name, class_name};
  return id;
}

void MemoryDatabase::Put(const std::string& name, const std::string& class_name,
                         const std::string& key, const std::string& value_json) {
  committed_.values[{Object(name, class_name), key}] = value_json;
}

}  // namespace statectl::testing
