#include "core/sorted_scan.h"

#include <unordered_map>

#include "core/external_sort.h"

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

  // Each object's place in the dump's order, from 1: what values sort by.
  std::unordered_map<int64_t, int64_t> rank_of;
  STATECTL_RETURN_IF_ERROR(source.objects([&](int64_t id, std::string_view, std::string_view) {
    rank_of.emplace(id, static_cast<int64_t>(rank_of.size()) + 1);
    return Status::Ok();
  }));
  ExternalSort sorter(options);
  Status sort_failed;
  int64_t values_read = 0;
  Status read = source.values([&](int64_t object_id, std::string_view key, std::string_view value) {
    if (progress && (++values_read & 4095) == 0) progress(values_read);
    auto rank = rank_of.find(object_id);
    if (rank == rank_of.end()) return Status::Ok();  // an orphan: its object row is gone
    sort_failed = sorter.Add(rank->second, key, value);
    return sort_failed;
  });
  if (!sort_failed.ok()) return false;  // the temporary directory filled up after all
  STATECTL_RETURN_IF_ERROR(read);
  if (progress) progress(values_read);
  if (!sorter.Finish().ok()) return false;
  rank_of = {};

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
