// A slot of T for each object id of a state: what a bulk read keeps per
// object (the sort's ranks, list's totals) without a hash map's memory.
#ifndef STATECTL_CORE_ID_TABLE_H_
#define STATECTL_CORE_ID_TABLE_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace statectl {

// Dense ids (Buildbot's are a serial) get one slot per id in their span:
// 200k objects with int32 slots take 0.8 MB where a hash map took 8 MB.
// Sparse ones get their slots in id order, found by halves. Slots start
// value-initialized. Not for concurrent writers.
template <typename T>
class IdTable {
 public:
  // ids: every object's id, each once, in any order (kept by the caller).
  explicit IdTable(const std::vector<int64_t>& ids) {
    if (ids.empty()) return;
    auto [lo, hi] = std::minmax_element(ids.begin(), ids.end());
    min_ = *lo;
    uint64_t last = static_cast<uint64_t>(*hi) - static_cast<uint64_t>(*lo);  // no wrap, unlike +1
    if (last < 4 * ids.size() + 1024) {
      dense_ = true;
      slots_.assign(last + 1, T{});
      return;
    }
    sorted_ids_ = ids;
    std::sort(sorted_ids_.begin(), sorted_ids_.end());
    slots_.assign(ids.size(), T{});
  }

  // The id's slot. For an id no object has (an orphan value's): null, or,
  // when it falls in a gap between dense ids, a slot of no object's, which
  // stays value-initialized unless written: a caller tells orphans by that.
  T* Find(int64_t id) {
    if (dense_) {
      uint64_t at = static_cast<uint64_t>(id) - static_cast<uint64_t>(min_);
      return id >= min_ && at < slots_.size() ? &slots_[at] : nullptr;
    }
    auto it = std::lower_bound(sorted_ids_.begin(), sorted_ids_.end(), id);
    if (it == sorted_ids_.end() || *it != id) return nullptr;
    return &slots_[static_cast<size_t>(it - sorted_ids_.begin())];
  }
  const T* Find(int64_t id) const { return const_cast<IdTable*>(this)->Find(id); }

 private:
  bool dense_ = false;
  int64_t min_ = 0;
  std::vector<int64_t> sorted_ids_;  // when sparse
  std::vector<T> slots_;
};

}  // namespace statectl

#endif  // STATECTL_CORE_ID_TABLE_H_
