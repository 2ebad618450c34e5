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
  // One side: its stream, its current row, and the object that row is of
  // (copied: a row lives only until the stream's next batch).
  struct Cursor {
    explicit Cursor(RowStream::Producer producer) : stream(std::move(producer)) {}
    RowStream stream;
    const Row* at = nullptr;
    std::string class_name, name;
    bool shared = false;  // the current object has had a record in the other side
    bool started = false;

    // Moves to the next row; counts in only the object it leaves if the
    // other side never had it.
    Status Advance(int64_t& only) {
      auto next = stream.Next();
      if (!next) return next.error();
      at = *next;
      bool first = !started;
      started = true;
      if (first || !at || at->class_name != class_name || at->name != name) {
        if (!first && !shared) ++only;
        shared = false;
        if (at) {
          class_name = at->class_name;
          name = at->name;
        }
      }
      return Status::Ok();
    }
  };
  Cursor x(ProducerOf(a, filter)), y(ProducerOf(b, filter));
  DiffStats stats;
  int64_t ignored = 0;
  STATECTL_RETURN_IF_ERROR(x.Advance(ignored));
  STATECTL_RETURN_IF_ERROR(y.Advance(ignored));
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
  while (x.at || y.at) {
    int order = !x.at ? 1 : !y.at ? -1 : CompareObjects(*x.at, *y.at);
    if (order == 0) {
      x.shared = y.shared = true;
      // An object without values in one side and with values in the other:
      // its keyless record is no difference, the values are.
      if (!x.at->key && y.at->key) {
        STATECTL_RETURN_IF_ERROR(x.Advance(stats.objects_only_a));
        continue;
      }
      if (x.at->key && !y.at->key) {
        STATECTL_RETURN_IF_ERROR(y.Advance(stats.objects_only_b));
        continue;
      }
      order = CompareKeys(*x.at, *y.at);
    }
    if (order < 0) {
      STATECTL_RETURN_IF_ERROR(report(Difference::Op::kOnlyInA, x.at, nullptr));
      STATECTL_RETURN_IF_ERROR(x.Advance(stats.objects_only_a));
    } else if (order > 0) {
      STATECTL_RETURN_IF_ERROR(report(Difference::Op::kOnlyInB, nullptr, y.at));
      STATECTL_RETURN_IF_ERROR(y.Advance(stats.objects_only_b));
    } else {
      if (x.at->value_json != y.at->value_json) {
        STATECTL_RETURN_IF_ERROR(report(Difference::Op::kChanged, x.at, y.at));
      }
      STATECTL_RETURN_IF_ERROR(x.Advance(stats.objects_only_a));
      STATECTL_RETURN_IF_ERROR(y.Advance(stats.objects_only_b));
    }
  }
  return stats;
}

}  // namespace statectl
