#include "core/rename.h"


#include "core/all_or_nothing.h"
#include "core/object_names.h"

namespace statectl {
namespace {

struct Source {
  int64_t id;
  ObjectName from, to;
};

// The objects to rename, each with its new identity.
Result<std::vector<Source>> Sources(StateReader& state, const RenameRequest& request) {
  auto name = EnsureLength(request.name, kObjectNameLength);
  if (!name) return name.error().WithContext("NAME");
  auto to = EnsureLength(request.to, kObjectNameLength);
  if (!to) return to.error().WithContext("--to");
  std::vector<Source> sources;
  STATECTL_RETURN_IF_ERROR(state.ReadObjects([&](int64_t id, std::string_view cls, std::string_view n) {
    if (n == *name && (!request.class_name || cls == *request.class_name)) {
      std::string to_class = request.to_class.value_or(std::string(cls));
      sources.push_back({id, {std::string(n), std::string(cls)}, {*to, to_class}});
    }
    return Status::Ok();
  }));
  if (sources.empty()) {
    return Status::NotFound("no object named " + Quoted(*name) +
                            (request.class_name ? " of class " + Quoted(*request.class_name) : ""));
  }
  if (request.to_class && sources.size() > 1) {
    return Status::Usage("--to-class: " + std::to_string(sources.size()) + " objects are named " +
                         Quoted(*name) + "; say which with --class");
  }
  return sources;
}

// Moves the values of source into the existing object `into`, by policy.
Status Merge(StateWriter& state, const Source& source, int64_t into, OnConflict policy,
             RenameReport& report) {
  std::vector<std::pair<std::string, std::string>> values;
  STATECTL_RETURN_IF_ERROR(state.ReadValuesOf(source.id, [&](std::string_view key, std::string_view json) {
    values.emplace_back(key, json);
    return Status::Ok();
  }));
  for (const auto& [key, json] : values) {
    auto there = state.GetValue(into, key);
    if (!there) return there.error();
    if (!*there) {
      auto inserted = state.InsertValue(into, key, json);
      if (!inserted) return inserted.error();
      ++report.values_moved;
    } else if (**there == json) {
      ++report.values_identical;
    } else if (policy == OnConflict::kFail) {
      return Status::Conflict("object " + ObjectLabel(source.to) + " exists and its value of " +
                              Quoted(key) + " differs from " + ObjectLabel(source.from) +
                              "'s (use --on-conflict skip or overwrite); nothing written");
    } else if (policy == OnConflict::kOverwrite) {
      auto updated = state.UpdateValue(into, key, json);
      if (!updated) return updated.error();
      ++report.values_overwritten;
    } else {
      ++report.values_skipped;
    }
  }
  auto deleted = state.DeleteObject(source.id);
  return deleted ? Status::Ok() : deleted.error();
}

}  // namespace

Result<RenameReport> RenameObjects(Backend& db, const RenameRequest& request,
                                   const WriteOptions& options) {
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  STATECTL_RETURN_IF_ERROR(RequireAllOrNothing(**txn, options.non_atomic));
  StateWriter& state = (*txn)->state();
  auto sources = Sources(state, request);
  if (!sources) return sources.error();
  std::vector<ObjectName> touched;
  for (const Source& s : *sources) {
    touched.push_back(s.from);
    touched.push_back(s.to);
  }
  STATECTL_RETURN_IF_ERROR(GuardWrite(**txn, touched, options.guard));
  RenameReport report;
  for (const Source& source : *sources) {
    if (source.from.name == source.to.name && source.from.class_name == source.to.class_name) {
      report.lines.push_back("object " + std::to_string(source.id) + " " + ObjectLabel(source.from) +
                             " already has that name");
      continue;
    }
    auto existing = state.FindObject(source.to);
    if (!existing) return existing.error();
    if (!*existing) {
      STATECTL_RETURN_IF_ERROR(state.RenameObject(source.id, source.to));
      ++report.renamed;
      report.lines.push_back("object " + std::to_string(source.id) + " " + ObjectLabel(source.from) +
                             " is now " + ObjectLabel(source.to));
      continue;
    }
    int64_t moved_before = report.values_moved;
    STATECTL_RETURN_IF_ERROR(Merge(state, source, **existing, request.on_conflict, report));
    ++report.merged;
    report.lines.push_back("object " + std::to_string(source.id) + " " + ObjectLabel(source.from) +
                           " merged into object " + std::to_string(**existing) + " " +
                           ObjectLabel(source.to) + " (" +
                           std::to_string(report.values_moved - moved_before) + " values moved)");
  }
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return report;
}

}  // namespace statectl
