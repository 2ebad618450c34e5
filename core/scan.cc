#include "core/scan.h"

#include "core/glob.h"
#include "core/sorted_scan.h"

namespace statectl {
namespace {

bool Unfiltered(const ScanOptions& options) {
  return options.class_glob == "*" && options.name_glob == "*";
}

// Sorting on statectl's side: the values in storage order cost sequential
// page reads (SQLite) and no server sort (PostgreSQL); in dump order they
// cost a random page read each, or a sort of every value on the server.
Result<bool> ScanSorting(StateReader& reader, const ScanOptions& options, const RowSink& sink) {
  auto estimate = reader.EstimateStateBytes();
  if (!estimate) return estimate.error();
  SortedScanSource source;
  source.estimated_bytes = *estimate;
  source.objects = [&](const ObjectVisitor& visit) { return reader.ReadObjects(visit); };
  source.values = [&](const ValueVisitor& visit) { return reader.ReadValues(visit); };
  return ScanBySorting(source, sink, options.sorting_progress);
}

}  // namespace

Status ScanState(StateReader& reader, const ScanOptions& options, const RowSink& sink) {
  if (Unfiltered(options)) {
    if (options.temp_files) {
      auto sorted = ScanSorting(reader, options, sink);
      if (!sorted) return sorted.error();
      if (*sorted) return Status::Ok();
    }
    return reader.ReadJoined(Prefilter{}, sink);
  }
  // The database narrows the read; the globs are matched exactly here.
  ObjectGlobFilter filter(options.class_glob, options.name_glob);
  return reader.ReadJoined(Prefilter{options.class_glob, options.name_glob},
                           [&](Row& row) { return filter.Keeps(row) ? sink(row) : Status::Ok(); });
}

bool ObjectGlobFilter::Keeps(const Row& row) {
  if (!any_ || row.class_name != last_class_ || row.name != last_name_) {
    any_ = true;
    last_class_ = row.class_name;
    last_name_ = row.name;
    matched_ = (class_glob_ == "*" || GlobMatch(class_glob_, row.class_name)) &&
               (name_glob_ == "*" || GlobMatch(name_glob_, row.name));
  }
  return matched_;
}

}  // namespace statectl
