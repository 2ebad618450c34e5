// The bulk import roles on PostgreSQL. Each batch's objects are looked up
// at once; the values of objects the import itself creates cannot conflict
// with anything stored, so they go straight into object_state by COPY (the
// floor: what a plain COPY of the rows costs). Only records of objects that
// existed before are copied into a temporary table and compared there; a
// batch is merged set-based only if one of them was found absent (or
// differing, under overwrite).
#ifndef STATECTL_BACKENDS_POSTGRES_PG_IMPORT_H_
#define STATECTL_BACKENDS_POSTGRES_PG_IMPORT_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "backends/postgres/pg_connection.h"
#include "core/backend.h"

namespace statectl::pg {

// Valid while its connection is and a transaction is open on it. The
// staging table is created on the first batch that needs it and dropped at
// the transaction's end (so a read transaction must be able to create a
// temporary table: not READ ONLY).
class PgBulk final : public BulkMerge {
 public:
  explicit PgBulk(Connection& conn) : conn_(conn) {}

  Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch) override;
  // The staged records' merge is sent, not awaited: the caller reads the
  // next batch while the server merges this one.
  Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                    bool overwrite) override;
  Result<MergeCounts> MergedCounts() override;

 private:
  // How a record of the compared batch is written.
  enum class Path : uint8_t {
    kStaged,       // its object existed: compared and merged in statectl_import
    kNewObject,    // its object is new: created, then the value copied
    kCreatedHere,  // its object was created by this import's previous batch
  };

  // Classifies the batch's records (path_) and collects its new objects.
  Status LookUpObjects(const std::vector<Row>& batch);
  // Replaces statectl_import's rows with batch[rows] (seq: the index in
  // batch), compares them and fills statectl_found; what is stored for each.
  Result<std::vector<StoredState>> StageAndCompare(const std::vector<Row>& batch,
                                                   const std::vector<size_t>& rows);
  // Copies found_ into statectl_found and sends the merge of what is staged.
  Status SendMerge(bool update);
  // Creates new_objects_ in batch order; the records of those another
  // connection created meanwhile are staged and merged instead.
  Status CreateObjects(const std::vector<Row>& batch);
  // COPYs the values of the records on the direct paths.
  Status CopyValues(const std::vector<Row>& batch);

  // Waits for the merges sent; adds what they did.
  Status Collect();

  static std::string ObjectKey(const Row& row);

  Connection& conn_;
  bool has_staging_ = false;
  std::vector<bool> overwrote_;  // per merge sent and not yet collected: had an UPDATE
  MergeCounts merged_;

  // Of the batch CompareBatch was last given:
  bool compared_ = false;
  std::vector<Path> path_;
  std::vector<size_t> staged_;                         // its records on kStaged
  std::string found_;  // "seq\tfound" lines of the staged records found stored
  std::vector<size_t> new_objects_;                    // their first records, in batch order
  std::unordered_map<std::string, int64_t> ids_;       // new and created-here objects' ids
  // Objects created by this import that the last merged batch wrote: the
  // next batch may continue the last of them (a dump holds an object's
  // records together).
  std::unordered_map<std::string, int64_t> created_;
};

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_IMPORT_H_
