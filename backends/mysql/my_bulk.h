// Batch import on a MySQL/MariaDB connection (core/backend.h's bulk roles):
// per object of a batch one SELECT of its keys, and the new values in
// multi-row INSERTs. Row by row, one round trip per value, 300,000 values
// took 48 s into an empty database and 47 s into one holding them all.
#ifndef STATECTL_BACKENDS_MYSQL_MY_BULK_H_
#define STATECTL_BACKENDS_MYSQL_MY_BULK_H_

#include "backends/mysql/my_connection.h"
#include "backends/mysql/my_state.h"
#include "core/backend.h"

namespace statectl::my {

// Valid while its connection is and a transaction is open on it.
class MyBulk final : public BulkMerge {
 public:
  MyBulk(Connection& conn, MyState& state) : conn_(conn), state_(state) {}

  Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch) override;
  // Objects are inserted one by one, in batch order; the values found
  // absent go in INSERTs of many rows. One that fails on a duplicate key
  // (another writer, or two keys the collation holds equal) is rolled back
  // by the server and done again row by row, counting what was inserted;
  // a record that the collation makes one with another (a key or name equal
  // but for case or accents) is kConflict, saying so.
  Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                    bool overwrite) override;
  Result<MergeCounts> MergedCounts() override { return counts_; }

 private:
  struct NewValue {
    int64_t id;
    const std::string* key;
    const std::string* json;
  };
  // Inserts values (in INSERTs of at most kRowsPerStatement rows).
  Status InsertValues(const std::vector<NewValue>& values);
  // The key, as stored, of the row that the collation finds for key.
  Result<std::optional<std::string>> StoredKey(int64_t id, const std::string& key);
  // What object id stores for batch[begin, end), all records of one object.
  Status CompareValuesOf(int64_t id, const std::vector<Row>& batch, size_t begin, size_t end,
                         std::vector<StoredState>& states);

  Connection& conn_;
  MyState& state_;
  MergeCounts counts_;
};

}  // namespace statectl::my

#endif  // STATECTL_BACKENDS_MYSQL_MY_BULK_H_
