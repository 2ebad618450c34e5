#include "core/replace_scope.h"

#include <tuple>

#include "core/glob.h"

namespace statectl {
namespace {

// Bytewise (class_name, name): the dump's order of objects.
int Compare(const ObjectName& a, const ObjectName& b) {
  if (int c = a.class_name.compare(b.class_name)) return c;
  return a.name.compare(b.name);
}

}  // namespace

Result<ReplaceScope> ReplaceScope::Load(StateReader& target, const std::string& class_glob,
                                        const std::string& name_glob) {
  ReplaceScope scope;
  STATECTL_RETURN_IF_ERROR(target.ReadObjects([&](int64_t id, std::string_view cls, std::string_view name) {
    std::string c(cls), n(name);
    if ((class_glob == "*" || GlobMatch(class_glob, c)) && (name_glob == "*" || GlobMatch(name_glob, n))) {
      scope.targets_.push_back({id, {std::move(n), std::move(c)}});
    }
    return Status::Ok();
  }));
  return scope;
}

Status ReplaceScope::Trim(int64_t id, const ObjectName& obj,
                          const std::unordered_set<std::string>* keep, StateReader& target,
                          const Deleter& deleter) {
  std::vector<std::string> gone;
  STATECTL_RETURN_IF_ERROR(target.ReadValuesOf(id, [&](std::string_view key, std::string_view) {
    if (!keep || !keep->count(std::string(key))) gone.emplace_back(key);
    return Status::Ok();
  }));
  return gone.empty() ? Status::Ok() : deleter(id, obj, gone);
}

Status ReplaceScope::FinishCurrent(StateReader& target, const Deleter& deleter) {
  if (current_id_) STATECTL_RETURN_IF_ERROR(Trim(*current_id_, *current_, &current_keys_, target, deleter));
  current_.reset();
  current_id_.reset();
  current_keys_.clear();
  return Status::Ok();
}

Status ReplaceScope::Record(const Row& row, StateReader& target, const Deleter& deleter) {
  ObjectName obj{row.name, row.class_name};
  if (!current_ || Compare(*current_, obj) != 0) {
    STATECTL_RETURN_IF_ERROR(FinishCurrent(target, deleter));
    // Target objects the import passed by without a record: all their values go.
    while (next_ < targets_.size() && Compare(targets_[next_].obj, obj) < 0) {
      STATECTL_RETURN_IF_ERROR(Trim(targets_[next_].id, targets_[next_].obj, nullptr, target, deleter));
      ++next_;
    }
    if (next_ < targets_.size() && Compare(targets_[next_].obj, obj) == 0) {
      current_id_ = targets_[next_].id;
      ++next_;
    }
    current_ = std::move(obj);
  }
  if (row.key) current_keys_.insert(*row.key);
  return Status::Ok();
}

Status ReplaceScope::Finish(StateReader& target, const Deleter& deleter) {
  STATECTL_RETURN_IF_ERROR(FinishCurrent(target, deleter));
  for (; next_ < targets_.size(); ++next_) {
    STATECTL_RETURN_IF_ERROR(Trim(targets_[next_].id, targets_[next_].obj, nullptr, target, deleter));
  }
  return Status::Ok();
}

}  // namespace statectl
