// The bulk import roles on PostgreSQL: each batch is copied into a
// temporary table (COPY), then compared and merged set-based, a few
// statements per batch instead of three round trips per record.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_IMPORT_H_
#define STATECTL_BACKENDS_POSTGRES_PG_IMPORT_H_

#include "backends/postgres/pg_connection.h"
#include "core/backend.h"

namespace statectl::pg {

// Valid while its connection is and a transaction is open on it. The
// staging table is created on the first batch and dropped at the
// transaction's end (so a read transaction must be able to create a
// temporary table: not READ ONLY).
class PgBulk final : public BulkMerge {
 public:
  explicit PgBulk(Connection& conn) : conn_(conn) {}

  Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch) override;
  // Sent, not awaited: the caller reads the next batch while the server
  // merges this one.
  Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                    bool overwrite) override;
  Result<MergeCounts> MergedCounts() override;

 private:
  // Replaces the staging table's rows with the batch.
  Status Stage(const std::vector<Row>& batch);

  // Adds the row counts of the merges collected since the last call.
  void Collect();

  Connection& conn_;
  bool has_staging_ = false;
  std::vector<bool> overwrote_;  // per merge sent and not yet collected: had an UPDATE
  MergeCounts merged_;
  bool staged_ = false;  // statectl_import holds the batch CompareBatch was given
};

}  // namespace statectl::pg

#endif  // STATECTL_BACKENDS_POSTGRES_PG_IMPORT_H_
