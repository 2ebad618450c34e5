// The seam between statectl's core and a database driver, split by role.
//
// A driver supplies what must be written in its own SQL: lookups, inserts,
// table reads, the schema. Everything that decides (name shortening, which
// scan, create-once winners, what an import conflict is, dry runs, the dump
// format) is core's, written once. core/ sees a database only through this
// header.
//
// Roles. Each has a reading face, which every transaction offers, and a
// writing face (derived from it), which only a write transaction offers:
//   StateReader  / StateWriter   objects and values: lookups, table reads;
//                                inserts, updates, locks
//   SchemaReader / SchemaWriter  the tables themselves: orphans; creation
//   BulkCompare  / BulkMerge     optional batch import; without it core goes
//                                row by row through the state role
//                                (core/row_by_row.h)
//   ServiceReader                Buildbot's masters and the services they
//                                claim (read only: the live-master guard)
// A command takes the narrowest transaction it needs: BeginRead for reading
// (one snapshot, never blocks a writer), BeginWrite only to write.
//
// Lifetime and threads. A Backend is one connection with at most one open
// transaction; beginning a second while one is open is a bug. The Backend
// must outlive its transactions, and a transaction the role objects it hands
// out. A transaction and its roles are used by one thread at a time: the one
// that began it, or one it hands the transaction to for a while (dump's
// scanning thread), never two at once.
//
// Errors. Every method returns kDatabase on a driver failure, with the
// driver's message; a missing table is NoStateTablesError; a lock held past
// the timeout is LockedError.
#ifndef STATECTL_CORE_BACKEND_H_
#define STATECTL_CORE_BACKEND_H_

#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/rows.h"
#include "core/status.h"

namespace statectl {

// One line of a summary (statectl list): an object with its number of
// values and their bytes, or, per key, one of its values and its bytes.
struct SummaryRow {
  int64_t id = 0;
  std::string name, class_name;
  std::optional<std::string> key;  // per key: the value's key; none for an object without values
  int64_t keys = 0;                // per object: how many values it has
  int64_t bytes = 0;               // bytes of value_json: the object's total, or this value's
};
using SummarySink = std::function<Status(const SummaryRow&)>;
// Gets each value of one object: its key and value_json (views that die when it returns).
using KeyValueVisitor = std::function<Status(std::string_view key, std::string_view value_json)>;

// SQL-side narrowing of a read: the driver may drop rows of objects whose
// class or name does not match these shell globs, and must keep every one
// that does (core matches again, exactly, with GlobMatch).
struct Prefilter {
  std::string class_glob = "*";
  std::string name_glob = "*";
};

class StateReader {
 public:
  virtual ~StateReader() = default;

  // The id of the object, or nullopt. Names as stored (already shortened).
  virtual Result<std::optional<int64_t>> FindObject(const ObjectName& obj) = 0;
  // The object with that id, or nullopt (also for ids the column cannot hold).
  virtual Result<std::optional<ObjectName>> ObjectById(int64_t id) = 0;
  // The stored value_json of (id, key), or nullopt.
  virtual Result<std::optional<std::string>> GetValue(int64_t id, std::string_view key) = 0;

  // Every object, sorted bytewise by (class_name, name).
  virtual Status ReadObjects(const ObjectVisitor& visit) = 0;
  // Every state row, orphans included, in the order the database finds
  // cheapest (its storage order).
  virtual Status ReadValues(const ValueVisitor& visit) = 0;
  // Every object the prefilter keeps with each of its values, sorted
  // bytewise by (class_name, name, key), the database doing the sorting;
  // an object without values gives one Row without a key; orphan rows are
  // left out.
  virtual Status ReadJoined(const Prefilter& prefilter, const RowSink& sink) = 0;
  // About how many bytes the state takes in the database (what sorting it
  // needs in temporary space). May be short: compressed values count less.
  virtual Result<uint64_t> EstimateStateBytes() = 0;
  // Every value of one object, sorted bytewise by key.
  virtual Status ReadValuesOf(int64_t id, const KeyValueVisitor& visit) = 0;
  // A summary of every object the prefilter keeps, sorted bytewise by
  // (name, class_name): one row per object, or with per_key one per value
  // (key order) and one without a key for an object without values. The
  // database aggregates: one statement, no round trip per object.
  virtual Status ReadSummary(const Prefilter& prefilter, bool per_key, const SummarySink& sink) = 0;
};

// What InsertObject did: the object's id, and whether this call made it.
struct InsertedObject {
  int64_t id = 0;
  bool created = false;  // false: a concurrent writer inserted it first (its id)
};

class StateWriter : public StateReader {
 public:
  // Inserts the object. If a concurrent writer inserted it first, the
  // winner's id, not created. A name too long for its column is
  // kInvalidData on drivers that enforce lengths.
  virtual Result<InsertedObject> InsertObject(const ObjectName& obj) = 0;
  // Inserts (id, key, json). False, writing nothing, if the key existed
  // (including when a concurrent writer inserted it first).
  virtual Result<bool> InsertValue(int64_t id, std::string_view key, std::string_view json) = 0;
  // Replaces the value of an existing key. False if no row matched.
  virtual Result<bool> UpdateValue(int64_t id, std::string_view key, std::string_view json) = 0;
  // Waits (up to the timeout) until no other transaction holds the lock on
  // (id, key), then holds it until this one ends, so create-once computes a
  // value at most once across processes (SQLite's write transaction already
  // excludes every other writer).
  virtual Status LockKey(int64_t id, std::string_view key) = 0;
  // GetValue, and no other transaction may change or delete the row until
  // this one ends (PostgreSQL: SELECT ... FOR UPDATE, waiting up to the
  // timeout for a writer that holds it; SQLite: the write lock does it).
  virtual Result<std::optional<std::string>> GetValueForUpdate(int64_t id,
                                                               std::string_view key) = 0;
  // Deletes the value. False if there was none.
  virtual Result<bool> DeleteValue(int64_t id, std::string_view key) = 0;
  // Deletes every value of the object (every state row with its id); how many.
  virtual Result<int64_t> DeleteValuesOf(int64_t id) = 0;
  // Deletes the object row and every state row with its id (on SQLite,
  // where no foreign key cascades, explicitly: no later object inherits
  // them). How many state rows went.
  virtual Result<int64_t> DeleteObject(int64_t id) = 0;
  // Gives the object another (name, class_name); its id and values stay.
  // kConflict if an object of that identity exists.
  virtual Status RenameObject(int64_t id, const ObjectName& to) = 0;
};

class SchemaReader {
 public:
  virtual ~SchemaReader() = default;
  // How many state rows have no object row (Buildbot on SQLite leaves these).
  virtual Result<int64_t> CountOrphanValues() = 0;
  // The id the next object inserted will get, as the database decides it
  // (SQLite: one past the largest id; PostgreSQL: the id sequence's next
  // value), without taking it. nullopt where the database cannot tell.
  virtual Result<std::optional<int64_t>> NextObjectId() = 0;
  // What the database's own consistency check finds wrong in the two tables
  // and their indexes, a message each (SQLite: PRAGMA integrity_check of
  // each table); nothing when they are sound, and nothing on databases
  // that guarantee it themselves (PostgreSQL).
  virtual Status CheckIntegrity(const std::function<Status(std::string_view problem)>& visit) = 0;
};

class SchemaWriter : public SchemaReader {
 public:
  // Creates Buildbot's objects and object_state tables and their indexes
  // where absent, exactly as Buildbot does on this database.
  virtual Status CreateSchema() = 0;
  // Deletes every state row without an object row; how many.
  virtual Result<int64_t> DeleteOrphanValues() = 0;
};

// What the database holds for one record of an import batch.
enum class StoredValue { kAbsent, kIdentical, kDiffers };
struct StoredState {
  bool object_exists = false;
  StoredValue value = StoredValue::kAbsent;  // kAbsent too for a record without a key
};

// What a merge actually did, which core checks against what the comparison
// promised (another writer may have come in between).
struct MergeCounts {
  int64_t objects_created = 0;
  int64_t values_inserted = 0;
  int64_t values_updated = 0;
};

// A batch is records of a dump: distinct, in dump order, at most a few MiB.
class BulkCompare {
 public:
  virtual ~BulkCompare() = default;
  // What is stored for each record, in the batch's order.
  virtual Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch) = 0;
};

class BulkMerge : public BulkCompare {
 public:
  // Called right after CompareBatch with the same batch and its states:
  // creates the batch's missing objects in batch order, inserts the values
  // found kAbsent and, if overwrite, replaces those found kDiffers; nothing
  // else. A value another writer inserted since the comparison is left
  // alone, one it removed is not put back: either is missing from the
  // counts. May return before the database is done (the next call waits);
  // an error of this merge may come from any later call.
  virtual Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                            bool overwrite) = 0;
  // Waits for every merge so far; what they did, in total.
  virtual Result<MergeCounts> MergedCounts() = 0;
};

// A service (scheduler or change source) that a master has claimed.
struct ServiceClaim {
  std::string service;  // its name in master.cfg: the name of its state's objects
  std::string kind;     // "scheduler" or "change source"
  int64_t master_id = 0;
  std::string master;   // the master's name, "host:basedir"
  bool active = false;  // the master says it is running
  int64_t last_active = 0;  // Unix seconds the master last said so
};

class ServiceReader {
 public:
  virtual ~ServiceReader() = default;
  // Whether the database has Buildbot's masters and service tables (a
  // master's database does; one made by `statectl init` has only the two
  // state tables).
  virtual Result<bool> HasServiceTables() = 0;
  // Every claim, in no particular order. Requires HasServiceTables().
  virtual Status ReadClaims(const std::function<Status(const ServiceClaim&)>& visit) = 0;
};

// One consistent snapshot; rolled back (it writes nothing) when destroyed.
class ReadTxn {
 public:
  ReadTxn() = default;
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  virtual ~ReadTxn() = default;

  virtual StateReader& state() = 0;
  virtual SchemaReader& schema() = 0;
  virtual ServiceReader& services() = 0;
  // The driver's batch comparison, or null (core compares row by row).
  virtual BulkCompare* bulk() = 0;
};

// Serialized with other writers where the database can (SQLite: BEGIN
// IMMEDIATE); reads see the latest committed state and this transaction's
// own writes. Rolls back when destroyed unless Commit() returned OK.
class WriteTxn : public ReadTxn {
 public:
  StateWriter& state() override = 0;
  SchemaWriter& schema() override = 0;
  BulkMerge* bulk() override = 0;
  // Makes the writes durable. After an error the transaction is rolled back.
  [[nodiscard]] virtual Status Commit() = 0;
  // Why this transaction cannot be undone ("the state tables objects
  // (MyISAM), object_state (MyISAM) cannot roll back": each statement is
  // final as it runs, Commit and rollback do nothing), or nullopt where
  // Commit makes the writes durable at once and destruction undoes them.
  // Commands that write several rows refuse such a transaction unless told
  // otherwise (core/all_or_nothing.h).
  virtual std::optional<std::string> CannotRollBack() const { return std::nullopt; }
};

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  virtual ~Backend() = default;

  // "sqlite" or "postgresql": the dump header's "source".
  virtual std::string_view Kind() const = 0;
  // Waiting for locks is bounded by the open timeout; past it, LockedError.
  virtual Result<std::unique_ptr<ReadTxn>> BeginRead() = 0;
  virtual Result<std::unique_ptr<WriteTxn>> BeginWrite() = 0;

  // A database this open created (OpenOptions::create_if_missing) is
  // provisional: a fatal signal removes it, and so does DropCreated() (the
  // command that wanted it failed; the Backend is unusable after), until
  // KeepCreated(). Both do nothing for a database that existed, and on
  // drivers that never create one. No transaction may be open.
  virtual void KeepCreated() {}
  virtual void DropCreated() {}
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
  std::string master_dir;  // Buildbot's basedir: relative sqlite paths resolve here
};

}  // namespace statectl

#endif  // STATECTL_CORE_BACKEND_H_
