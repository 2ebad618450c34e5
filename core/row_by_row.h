// The bulk import roles done one record at a time through the state role:
// what a driver gets when it offers no BulkCompare/BulkMerge of its own
// (SQLite, where a prepared statement per record is as fast as it gets).
#ifndef STATECTL_CORE_ROW_BY_ROW_H_
#define STATECTL_CORE_ROW_BY_ROW_H_

#include <vector>

#include "core/backend.h"

namespace statectl {

// BulkCompare::CompareBatch, through FindObject and GetValue.
Result<std::vector<StoredState>> CompareRowByRow(StateReader& state, const std::vector<Row>& batch);

// BulkMerge::MergeBatch, through FindObject, InsertObject, InsertValue and
// UpdateValue, with the same promise about values other writers touched.
Result<MergeCounts> MergeRowByRow(StateWriter& state, const std::vector<Row>& batch,
                                  const std::vector<StoredState>& states, bool overwrite);

}  // namespace statectl

#endif  // STATECTL_CORE_ROW_BY_ROW_H_
