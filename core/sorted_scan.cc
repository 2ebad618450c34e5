#include "core/sorted_scan.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "core/external_sort.h"

namespace statectl {
namespace {

// Each object's place in the dump's order, from 1, by object id: what
// values sort by. One int32 per id when ids are dense (Buildbot's are a
// serial: 0.8 MB for 200k objects, where a hash map took 8 MB), else
// sorted (id, rank) pairs searched by halves.
class RankOfObject {
 public:
  // ids: every object's id, in dump order.
  explicit RankOfObject(std::vector<int64_t> ids) {
    if (ids.empty()) return;
    auto [lo, hi] = std::minmax_element(ids.begin(), ids.end());
    min_ = *lo;
    uint64_t span = static_cast<uint64_t>(*hi) - static_cast<uint64_t>(*lo) + 1;
    if (span <= 4 * ids.size() + 1024) {
      dense_.assign(span, 0);
      for (size_t i = 0; i < ids.size(); ++i) {
        dense_[static_cast<uint64_t>(ids[i]) - static_cast<uint64_t>(min_)] =
            static_cast<int32_t>(i + 1);
      }
      return;
    }
    sparse_.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) sparse_.push_back({ids[i], static_cast<int64_t>(i + 1)});
    std::sort(sparse_.begin(), sparse_.end());
  }

  // 0 for an id no object has (an orphan's).
  int64_t Find(int64_t id) const {
    if (!dense_.empty()) {
      uint64_t at = static_cast<uint64_t>(id) - static_cast<uint64_t>(min_);
      return id >= min_ && at < dense_.size() ? dense_[at] : 0;
    }
    auto it = std::lower_bound(sparse_.begin(), sparse_.end(), std::pair<int64_t, int64_t>{id, 0});
    return it != sparse_.end() && it->first == id ? it->second : 0;
  }

 private:
  int64_t min_ = 0;
  std::vector<int32_t> dense_;
  std::vector<std::pair<int64_t, int64_t>> sparse_;
};

}  // namespace

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
  if (ids.size() >= static_cast<size_t>(INT32_MAX)) return false;  // ranks are int32 when dense
  std::optional<RankOfObject> rank_of(std::in_place, std::move(ids));
  ExternalSort sorter(options);
  Status sort_failed;
  int64_t values_read = 0;
  Status read = source.values([&](int64_t object_id, std::string_view key, std::string_view value) {
    if (progress && (++values_read & 4095) == 0) progress(values_read);
    int64_t rank = rank_of->Find(object_id);
    if (rank == 0) return Status::Ok();  // an orphan: its object row is gone
    sort_failed = sorter.Add(rank, key, value);
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
