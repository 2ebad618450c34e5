#include "core/sorted_scan.h"

#include <optional>
#include <utility>
#include <vector>

#include "core/external_sort.h"
#include "core/id_table.h"

namespace statectl {
Result<bool> ScanBySorting(const SortedScanSource& source, const RowSink& sink,
                           const std::function<void(int64_t)>& progress) {
  ExternalSortOptions options;
  options.temp_dir = DefaultTempDir();
  auto free = FreeBytes(options.temp_dir);
  if (!free || *free / 4 < source.estimated_bytes) return false;
  // The estimate may be short (PostgreSQL counts compressed values): half of
  // what is free now stays free, whatever happens.
  options.keep_free = *free / 2;

  std::vector<int64_t> ids;
  STATECTL_RETURN_IF_ERROR(source.objects([&](int64_t id, std::string_view, std::string_view) {
    ids.push_back(id);
    return Status::Ok();
  }));
  if (ids.size() >= static_cast<size_t>(INT32_MAX)) return false;  // ranks are int32
  // Each object's place in the dump's order, from 1: what values sort by
  // (0, or no slot: an orphan's).
  std::optional<IdTable<int32_t>> rank_of(std::in_place, ids);
  for (size_t i = 0; i < ids.size(); ++i) *rank_of->Find(ids[i]) = static_cast<int32_t>(i + 1);
  std::vector<int64_t>().swap(ids);
  ExternalSort sorter(options);
  Status sort_failed;
  int64_t values_read = 0;
  Status read = source.values([&](int64_t object_id, std::string_view key, std::string_view value) {
    if (progress && (++values_read & 4095) == 0) progress(values_read);
    const int32_t* rank = rank_of->Find(object_id);
    // An orphan (its object row is gone): no slot, or a gap's slot.
    if (rank == nullptr || *rank == 0) return Status::Ok();
    sort_failed = sorter.Add(*rank, key, value);
    return sort_failed;
  });
  if (!sort_failed.ok()) return false;  // the temporary directory filled up after all
  STATECTL_RETURN_IF_ERROR(read);
  if (progress) progress(values_read);
  if (!sorter.Finish().ok()) return false;
  rank_of.reset();

  SortRecord value;
  auto more = sorter.Next(&value);
  if (!more) return more.error();
  int64_t rank = 0;
  Row row;
  STATECTL_RETURN_IF_ERROR(source.objects(
      [&](int64_t, std::string_view class_name, std::string_view name) -> Status {
        ++rank;
        bool any = false;
        while (*more && value.rank == rank) {
          any = true;
          row.class_name.assign(class_name);  // the sink may have moved them
          row.name.assign(name);
          if (!row.key) row.key.emplace();
          if (!row.value_json) row.value_json.emplace();
          row.key->assign(value.key);
          row.value_json->assign(value.value);
          STATECTL_RETURN_IF_ERROR(sink(row));
          more = sorter.Next(&value);
          if (!more) return more.error();
        }
        if (!any) {
          row.class_name.assign(class_name);
          row.name.assign(name);
          row.key.reset();
          row.value_json.reset();
          STATECTL_RETURN_IF_ERROR(sink(row));
        }
        return Status::Ok();
      }));
  if (*more) return Status::Database("the objects changed between two reads of one snapshot");
  return true;
}

}  // namespace statectl
