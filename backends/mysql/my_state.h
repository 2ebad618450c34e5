// The state and schema roles on a MySQL/MariaDB connection (core/backend.h).
#ifndef STATECTL_BACKENDS_MYSQL_MY_STATE_H_
#define STATECTL_BACKENDS_MYSQL_MY_STATE_H_

#include <chrono>
#include <string>

#include "backends/mysql/my_connection.h"
#include "core/backend.h"

namespace statectl::my {

// Why the state tables cannot roll back ("the state tables objects
// (MyISAM), object_state (MyISAM) cannot roll back"), or nullopt when they
// can (InnoDB) or do not exist.
Result<std::optional<std::string>> WhyNoRollback(Connection& conn);

// A timeout in whole seconds, rounded up, at least 1: what MySQL's lock
// waits and connect timeout take.
int64_t WholeSeconds(std::chrono::milliseconds timeout);

// Valid while its connection is and a transaction is open on it.
class MyState final : public StateWriter {
 public:
  // lock_timeout bounds LockKey's wait.
  MyState(Connection& conn, std::chrono::milliseconds lock_timeout)
      : conn_(conn), lock_timeout_(lock_timeout) {}

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
  // GET_LOCK on the database, id and key; held until the transaction ends.
  Status LockKey(int64_t id, std::string_view key) override;
  // SELECT ... FOR UPDATE; on MyISAM, which locks no rows, LockKey's lock
  // first, so statectl's own compare-and-swaps of a key do not interleave.
  Result<std::optional<std::string>> GetValueForUpdate(int64_t id, std::string_view key) override;
  Result<bool> DeleteValue(int64_t id, std::string_view key) override;
  Result<int64_t> DeleteValuesOf(int64_t id) override;
  Result<int64_t> DeleteObject(int64_t id) override;
  Status RenameObject(int64_t id, const ObjectName& to) override;

  // Whether LockKey took a lock the transaction's end must release.
  bool holds_locks() const { return holds_locks_; }

  // kInvalidData, before anything is sent, for a value longer than
  // value_json holds: the server would refuse it (error 1406) or, past
  // max_allowed_packet, drop the connection.
  Status CheckFits(std::string_view json);

 private:
  Result<std::optional<std::string>> OneValue(const char* sql, int64_t id, std::string_view key);
  // Rows of an integer and two texts, each to visit.
  Status ReadIdAndTexts(const char* sql, const ObjectVisitor& visit);

  Connection& conn_;
  std::chrono::milliseconds lock_timeout_;
  bool holds_locks_ = false;
};

class MySchema final : public SchemaWriter {
 public:
  explicit MySchema(Connection& conn) : conn_(conn) {}

  Result<int64_t> CountOrphanValues() override;
  Result<std::optional<int64_t>> NextObjectId() override;
  // CHECK TABLE of both tables: MyISAM tables can be damaged by a crash.
  Status CheckIntegrity(const std::function<Status(std::string_view problem)>& visit) override;
  // DDL commits implicitly on MySQL: what the transaction wrote before is
  // committed, and the tables stay whatever follows. A new transaction is
  // begun after them, so what follows is one again.
  Status CreateSchema() override;
  Result<int64_t> DeleteOrphanValues() override;

 private:
  Connection& conn_;
};

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_STATE_H_
