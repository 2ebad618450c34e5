#include "core/diff.h"

#include <memory>

#include "core/dump_reader.h"
#include "core/row_stream.h"

namespace statectl {
namespace {

// The side's records, in dump order, for the filter's globs.
RowStream::Producer ProducerOf(const DiffSide& side, const ScanOptions& filter) {
  if (side.db) {
    Backend* db = side.db;
    return [db, filter](const RowSink& sink) -> Status {
      auto txn = db->BeginRead();  // on the stream's own thread, which alone uses it
      if (!txn) return txn.error();
      return ScanState((*txn)->state(), filter, sink);
    };
  }
  FILE* dump = side.dump;
  return [dump, filter](const RowSink& sink) -> Status {
    ObjectGlobFilter globs(filter.class_glob, filter.name_glob);
    Row copy;
    auto read = ReadDump(dump, [&](const Row& row, int64_t, int64_t) -> Status {
      if (!globs.Keeps(row)) return Status::Ok();
      copy = row;
      return sink(copy);
    });
    return read ? Status::Ok() : read.error();
  };
}

// Negative, zero or positive as a's object sorts before, with or after b's.
int CompareObjects(const Row& a, const Row& b) {
  if (int c = a.class_name.compare(b.class_name)) return c;
  return a.name.compare(b.name);
}

// The same within one object: keys bytewise; two keyless records are equal.
int CompareKeys(const Row& a, const Row& b) {
  if (!a.key || !b.key) return (a.key ? 1 : 0) - (b.key ? 1 : 0);
  return a.key->compare(*b.key);
}

}  // namespace

Result<DiffStats> DiffState(const DiffSide& a, const DiffSide& b, const ScanOptions& filter,
                            const std::function<Status(const Difference&)>& sink) {
  RowStream left(ProducerOf(a, filter)), right(ProducerOf(b, filter));
  DiffStats stats;
  auto x = left.Next();
  if (!x) return x.error();
  auto y = right.Next();
  if (!y) return y.error();
  // Whether the current object of each side has had a record in the other.
  bool x_object_shared = false, y_object_shared = false;
  auto report = [&](Difference::Op op, const Row* ra, const Row* rb) -> Status {
    if (op == Difference::Op::kChanged) {
      ++stats.values_changed;
    } else if (op == Difference::Op::kOnlyInA) {
      if (ra->key) ++stats.values_only_a;
    } else if (rb->key) {
      ++stats.values_only_b;
    }
    return sink ? sink(Difference{op, ra, rb}) : Status::Ok();
  };
  // Advances one side, noting when it leaves an object the other never had.
  auto advance = [](RowStream& stream, Result<const Row*>& at, bool& shared,
                    int64_t& only) -> Status {
    const Row* was = *at;
    at = stream.Next();
    if (!at) return at.error();
    if (!*at || CompareObjects(**at, *was) != 0) {
      if (!shared) ++only;
      shared = false;
    }
    return Status::Ok();
  };
  while (*x || *y) {
    int order = !*x ? 1 : !*y ? -1 : CompareObjects(**x, **y);
    if (order == 0) {
      x_object_shared = y_object_shared = true;
      // An object without values in one side and with values in the other:
      // its keyless record is no difference, the values are.
      if (!(*x)->key && (*y)->key) {
        STATECTL_RETURN_IF_ERROR(advance(left, x, x_object_shared, stats.objects_only_a));
        continue;
      }
      if ((*x)->key && !(*y)->key) {
        STATECTL_RETURN_IF_ERROR(advance(right, y, y_object_shared, stats.objects_only_b));
        continue;
      }
      order = CompareKeys(**x, **y);
    }
    if (order < 0) {
      STATECTL_RETURN_IF_ERROR(report(Difference::Op::kOnlyInA, *x, nullptr));
      STATECTL_RETURN_IF_ERROR(advance(left, x, x_object_shared, stats.objects_only_a));
    } else if (order > 0) {
      STATECTL_RETURN_IF_ERROR(report(Difference::Op::kOnlyInB, nullptr, *y));
      STATECTL_RETURN_IF_ERROR(advance(right, y, y_object_shared, stats.objects_only_b));
    } else {
      if ((*x)->value_json != (*y)->value_json) {
        STATECTL_RETURN_IF_ERROR(report(Difference::Op::kChanged, *x, *y));
      }
      STATECTL_RETURN_IF_ERROR(advance(left, x, x_object_shared, stats.objects_only_a));
      STATECTL_RETURN_IF_ERROR(advance(right, y, y_object_shared, stats.objects_only_b));
    }
  }
  return stats;
}

}  // namespace statectl
