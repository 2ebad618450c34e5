// The state and schema roles on a SQLite connection (core/backend.h).
#ifndef STATECTL_BACKENDS_SQLITE_SQLITE_STATE_H_
#define STATECTL_BACKENDS_SQLITE_SQLITE_STATE_H_

#include "backends/sqlite/sqlite_connection.h"
#include "core/backend.h"

namespace statectl::sqlite {

// Valid while its connection is and a transaction is open on it.
class SqliteState final : public StateWriter {
 public:
  explicit SqliteState(Connection& conn) : conn_(conn) {}

  Result<std::optional<int64_t>> FindObject(const ObjectName& obj) override;
  Result<std::optional<ObjectName>> ObjectById(int64_t id) override;
  Result<std::optional<std::string>> GetValue(int64_t id, std::string_view key) override;
  Status ReadObjects(const ObjectVisitor& visit) override;
  Status ReadValues(const ValueVisitor& visit) override;
  Status ReadJoined(const Prefilter& prefilter, const RowSink& sink) override;
  Result<uint64_t> EstimateStateBytes() override;
  Status ReadValuesOf(int64_t id, const KeyValueVisitor& visit) override;
  Status ReadSummary(const Prefilter& prefilter, bool per_key, const SummarySink& sink) override;

  Result<InsertedObject> InsertObject(const ObjectName& obj) override;
  Result<bool> InsertValue(int64_t id, std::string_view key, std::string_view json) override;
  Result<bool> UpdateValue(int64_t id, std::string_view key, std::string_view json) override;
  Status LockKey(int64_t id, std::string_view key) override;
  Result<std::optional<std::string>> GetValueForUpdate(int64_t id, std::string_view key) override;
  Result<bool> DeleteValue(int64_t id, std::string_view key) override;
  Result<int64_t> DeleteValuesOf(int64_t id) override;
  Result<int64_t> DeleteObject(int64_t id) override;
  Status RenameObject(int64_t id, const ObjectName& to) override;

 private:
  // ReadSummary of every object: sums per object in one read, no sort.
  Status ReadSummaryAll(const SummarySink& sink);
  // Calls visit with each row of sql, a statement without parameters that
  // selects an integer and two texts.
  Status EachRow(const char* sql, const ObjectVisitor& visit);

  Connection& conn_;
};

class SqliteSchema final : public SchemaWriter {
 public:
  explicit SqliteSchema(Connection& conn) : conn_(conn) {}

  Result<int64_t> CountOrphanValues() override;
  Result<std::optional<int64_t>> NextObjectId() override;
  Status CheckIntegrity(const std::function<Status(std::string_view problem)>& visit) override;
  Status CreateSchema() override;
  Result<int64_t> DeleteOrphanValues() override;

 private:
  Connection& conn_;
};

}  // namespace statectl::sqlite

#endif  // STATECTL_BACKENDS_SQLITE_SQLITE_STATE_H_
