#include "core/delete.h"

#include <functional>

#include "core/all_or_nothing.h"
#include "core/glob.h"
#include "core/object_names.h"

namespace statectl {
namespace {

std::string ObjectLine(int64_t id, const ObjectName& obj, int64_t values) {
  return "object " + std::to_string(id) + " " + ObjectLabel(obj) + " with " + Count(values, "value");
}

std::string ValueLine(const ObjectName& obj, std::string_view key) {
  return "value " + ObjectLabel(obj) + " key " + Quoted(key);
}

using ObjectEdit =
    std::function<Result<DeleteReport>(StateWriter& state, int64_t id, const ObjectName& obj)>;

// Runs edit on the object ref names, which must exist, in one write
// transaction after the guard has passed it; commits what edit did. An
// edit of several rows (several) needs a transaction that rolls back, or
// options.non_atomic.
Result<DeleteReport> OnObject(Backend& db, const ObjectRef& ref, const WriteOptions& options,
                              bool several, const ObjectEdit& edit) {
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  if (several) STATECTL_RETURN_IF_ERROR(RequireAllOrNothing(**txn, options.non_atomic));
  StateWriter& state = (*txn)->state();
  auto id = FindObject(state, ref);
  if (!id) return id.error();
  if (!*id) return NoSuchObject(state, ref);
  auto obj = state.ObjectById(**id);
  if (!obj) return obj.error();
  if (!*obj) return Status::Database("object vanished within a transaction");
  STATECTL_RETURN_IF_ERROR(GuardWrite(**txn, {**obj}, options.guard));
  auto report = edit(state, **id, **obj);
  if (!report) return report.error();
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return report;
}

// The objects the selection matches, through the summary read (no values).
Result<std::vector<SummaryRow>> Select(StateReader& state, const DeleteSelection& selection) {
  Prefilter prefilter;
  if (!selection.ignore_case) prefilter = {selection.class_glob, selection.name_glob};
  std::vector<SummaryRow> rows;
  STATECTL_RETURN_IF_ERROR(state.ReadSummary(prefilter, false, [&](const SummaryRow& row) {
    if (GlobMatch(selection.class_glob, row.class_name, selection.ignore_case) &&
        GlobMatch(selection.name_glob, row.name, selection.ignore_case) &&
        (!selection.all_keys || row.keys > 0)) {
      rows.push_back(row);
    }
    return Status::Ok();
  }));
  return rows;
}

void Report(DeleteReport& report, const DeleteSelection& selection, const SummaryRow& row) {
  ObjectName obj{row.name, row.class_name};
  if (selection.all_keys) {
    report.lines.push_back("all " + Count(row.keys, "value") + " of object " +
                           std::to_string(row.id) + " " + ObjectLabel(obj));
  } else {
    report.lines.push_back(ObjectLine(row.id, obj, row.keys));
    ++report.objects;
  }
  report.values += row.keys;
}

}  // namespace

std::string Count(int64_t n, const std::string& thing) {
  return std::to_string(n) + " " + thing + (n == 1 ? "" : "s");
}

Result<DeleteReport> DeleteValues(Backend& db, const ObjectRef& ref,
                                  const std::vector<std::string>& keys, const WriteOptions& options,
                                  KeyForm form) {
  return OnObject(db, ref, options, keys.size() > 1,
                  [&](StateWriter& state, int64_t id, const ObjectName& obj) -> Result<DeleteReport> {
    DeleteReport report;
    for (const std::string& key : keys) {
      auto stored = form == KeyForm::kAsStored ? Result<std::string>(key) : StoredKey(key);
      if (!stored) return stored.error();
      auto deleted = state.DeleteValue(id, *stored);
      if (!deleted) return deleted.error();
      if (*deleted) {
        ++report.values;
        report.lines.push_back(ValueLine(obj, *stored));
      } else {
        report.missing.push_back("no value for key " + Quoted(key) + " of " + ObjectLabel(obj));
      }
    }
    if (report.values == 0) {
      return Status::NotFound(keys.size() == 1 ? report.missing.front()
                                               : "none of the keys has a value in " +
                                                     ObjectLabel(obj));
    }
    return report;
  });
}

Result<DeleteReport> DeleteAllValues(Backend& db, const ObjectRef& ref, const WriteOptions& options) {
  return OnObject(db, ref, options, /*several=*/true,
                  [&](StateWriter& state, int64_t id, const ObjectName& obj) -> Result<DeleteReport> {
    auto values = state.DeleteValuesOf(id);
    if (!values) return values.error();
    if (*values == 0) return Status::NotFound("object " + ObjectLabel(obj) + " has no values");
    DeleteReport report;
    report.values = *values;
    report.lines.push_back("all " + Count(*values, "value") + " of object " + std::to_string(id) +
                           " " + ObjectLabel(obj));
    return report;
  });
}

Result<DeleteReport> DeleteWholeObject(Backend& db, const ObjectRef& ref,
                                       const WriteOptions& options) {
  return OnObject(db, ref, options, /*several=*/true,
                  [&](StateWriter& state, int64_t id, const ObjectName& obj) -> Result<DeleteReport> {
    auto values = state.DeleteObject(id);
    if (!values) return values.error();
    DeleteReport report;
    report.objects = 1;
    report.values = *values;
    report.lines.push_back(ObjectLine(id, obj, *values));
    return report;
  });
}

Result<DeleteReport> PlanDelete(Backend& db, const DeleteSelection& selection) {
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  auto rows = Select((*txn)->state(), selection);
  if (!rows) return rows.error();
  DeleteReport plan;
  for (const SummaryRow& row : *rows) Report(plan, selection, row);
  return plan;
}

Result<DeleteReport> DeleteSelected(Backend& db, const DeleteSelection& selection,
                                    const WriteOptions& options) {
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  STATECTL_RETURN_IF_ERROR(RequireAllOrNothing(**txn, options.non_atomic));
  StateWriter& state = (*txn)->state();
  auto rows = Select(state, selection);
  if (!rows) return rows.error();
  if (rows->empty()) {
    return Status::NotFound("no object matches --class " + Quoted(selection.class_glob) +
                            " --name " + Quoted(selection.name_glob) +
                            (selection.all_keys ? " and has values" : ""));
  }
  std::vector<ObjectName> touched;
  for (const SummaryRow& row : *rows) touched.push_back({row.name, row.class_name});
  STATECTL_RETURN_IF_ERROR(GuardWrite(**txn, touched, options.guard));
  DeleteReport report;
  for (const SummaryRow& row : *rows) {
    auto values = selection.all_keys ? state.DeleteValuesOf(row.id) : state.DeleteObject(row.id);
    if (!values) return values.error();
    Report(report, selection, row);
  }
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return report;
}

}  // namespace statectl
