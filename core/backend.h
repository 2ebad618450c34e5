// The seam between statectl's core and a database driver.
//
// A driver supplies SQL primitives inside transactions; policy (name
// shortening, create-once winners, import conflicts, the dump format) lives in
// core/ and is written once. core/ sees a database only through this header.
#ifndef STATECTL_CORE_BACKEND_H_
#define STATECTL_CORE_BACKEND_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace statectl {

// An object's identity in Buildbot: the unique pair (name, class_name).
struct ObjectName {
  std::string name;
  std::string class_name;
};

// One record of a scan: an object with one of its values, or (key and
// value_json empty) an object that has no values.
struct Row {
  std::string class_name;
  std::string name;
  std::optional<std::string> key;
  std::optional<std::string> value_json;
};

// The bytes of text a row carries, for sizing batches of rows.
inline size_t PayloadBytes(const Row& row) {
  return row.class_name.size() + row.name.size() + (row.key ? row.key->size() : 0) +
         (row.value_json ? row.value_json->size() : 0);
}

enum class TxnMode {
  kSnapshotRead,  // one consistent snapshot; never writes, never blocks writers in WAL
  kDryRun,        // a snapshot read that may write scratch (temporary) tables; never committed
  kWrite,         // serialized with other writers (SQLite: BEGIN IMMEDIATE)
};

// Gets each row of a scan; it may move from the row (the driver fills every
// field anew for the next one).
using RowSink = std::function<Status(Row&)>;

// What a database holds for one record of an import batch.
enum class StoredValue { kAbsent, kIdentical, kDiffers };
struct StoredState {
  bool object_exists = false;
  StoredValue value = StoredValue::kAbsent;  // kAbsent too for a record without a key
};

// Which objects a scan yields: SQL-side prefilters that keep at least every
// row GlobMatch accepts (core matches again, exactly); and whether the driver
// may sort in temporary files (under DefaultTempDir()) where that is faster.
struct ScanOptions {
  std::string class_glob = "*";
  std::string name_glob = "*";
  bool temp_files = true;
  // While a sort reads the values (before it yields any row), called now and
  // then with how many it has read, on the scanning thread; may be empty.
  std::function<void(int64_t values_read)> sorting_progress = nullptr;
};

// A transaction. Rolls back in its destructor unless Commit() returned OK.
// Not thread-safe. Every method returns kDatabase on a driver failure, with
// the driver's message; a missing table is kDatabase with a hint to run init.
class Txn {
 public:
  Txn() = default;
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;
  virtual ~Txn() = default;

  // The id of the object, or nullopt if there is none. Names as stored
  // (already shortened by the caller).
  virtual Result<std::optional<int64_t>> FindObject(const ObjectName& obj) = 0;
  // The object with that id, or nullopt.
  virtual Result<std::optional<ObjectName>> ObjectById(int64_t id) = 0;
  // Inserts the object and returns its id. If a concurrent writer inserted it
  // first, returns the winner's id. A value too long for its column is
  // kInvalidData on drivers that enforce lengths.
  virtual Result<int64_t> InsertObject(const ObjectName& obj) = 0;
  // The stored value_json of (id, key), or nullopt.
  virtual Result<std::optional<std::string>> GetValue(int64_t id, std::string_view key) = 0;
  // Inserts (id, key, json). Returns false, writing nothing, if the key existed
  // (including when a concurrent writer inserted it first).
  virtual Result<bool> InsertValue(int64_t id, std::string_view key, std::string_view json) = 0;
  // Replaces the value of an existing key. Returns false if no row matched.
  virtual Result<bool> UpdateValue(int64_t id, std::string_view key, std::string_view json) = 0;
  // Every object with each of its values, sorted bytewise by (class_name,
  // name, key); an object without values yields one Row with no key. State
  // rows whose object row is missing are not yielded. Stops at the first
  // non-OK status from sink and returns it.
  // The rows may be limited to those matching the options' globs.
  virtual Status Scan(const ScanOptions& options, const RowSink& sink) = 0;
  // How many state rows have no object row (Buildbot on SQLite leaves these).
  virtual Result<int64_t> CountOrphanValues() = 0;
  // Creates Buildbot's objects and object_state tables and their indexes
  // where absent, exactly as Buildbot does on this database.
  virtual Status CreateSchema() = 0;
  // In a kWrite transaction: waits (up to the timeout) until no other
  // transaction holds the lock on (id, key), then holds it until this one
  // ends, so create-once computes a value at most once across processes.
  // SQLite's write transaction is already exclusive; PostgreSQL takes a
  // transaction-scoped advisory lock.
  virtual Status LockKey(int64_t id, std::string_view key) = 0;
  // Bulk import, one batch at a time (records distinct, in dump order).
  // CompareBatch says what is stored for each record. MergeBatch, called
  // next with the same batch and those states, creates the batch's missing objects in batch order,
  // inserts its absent values and, if overwrite, replaces the differing
  // ones. The defaults (backend.cc) go row by row through the methods
  // above; a driver may override both to work set-based.
  virtual Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch);
  virtual Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                            bool overwrite);
  // Makes the writes durable. After an error the transaction is rolled back.
  [[nodiscard]] virtual Status Commit() = 0;
};

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  virtual ~Backend() = default;

  // "sqlite" or "postgresql": the dump header's "source".
  virtual std::string_view Kind() const = 0;
  // Starts a transaction. Waiting for locks is bounded by the open timeout;
  // past it, kDatabase.
  virtual Result<std::unique_ptr<Txn>> Begin(TxnMode mode) = 0;
};

// Errors every driver reports, worded once. detail is the driver's own
// message (which table is missing; how long it waited).
inline Status NoStateTablesError(std::string_view detail) {
  return Status::Database("database has no Buildbot state tables (" + std::string(detail) +
                          "); run 'statectl init' first");
}
inline Status LockedError(std::string_view detail) {
  return Status::Database("database is locked by another connection (" + std::string(detail) +
                          "; raise --timeout)");
}

struct OpenOptions {
  bool create_if_missing = false;  // only init and import --init create a database
  std::chrono::milliseconds timeout{10000};
};

}  // namespace statectl

#endif  // STATECTL_CORE_BACKEND_H_
