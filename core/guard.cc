#include "core/guard.h"

#include <algorithm>
#include <ctime>

namespace statectl {
namespace {

std::string Ago(int64_t seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 2 * 3600) return std::to_string(seconds / 60) + " min";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h";
  return std::to_string(seconds / 86400) + " days";
}

std::string Service(const ObjectName& obj) {
  return obj.class_name + " " + Quoted(obj.name);
}

}  // namespace

std::string DescribeMaster(const Owner& owner) {
  return "master " + Quoted(owner.claim.master) + " (" +
         (owner.claim.active ? "active" : "inactive") + ", seen " + Ago(owner.seen_ago) + " ago)";
}

Result<Owners> Owners::Load(ServiceReader& services, int64_t now) {
  Owners owners;
  auto has = services.HasServiceTables();
  if (!has) return has.error();
  if (!*has) return owners;
  STATECTL_RETURN_IF_ERROR(services.ReadClaims([&](const ServiceClaim& claim) {
    Owner owner{claim, false, now - claim.last_active};
    owner.running = claim.active && owner.seen_ago <= kMasterExpirySeconds;
    owners.owners_.push_back(std::move(owner));
    return Status::Ok();
  }));
  std::stable_sort(owners.owners_.begin(), owners.owners_.end(),
                   [](const Owner& a, const Owner& b) { return a.running && !b.running; });
  return owners;
}

std::vector<Owner> Owners::Of(const std::string& object_name) const {
  std::vector<Owner> out;
  for (const Owner& owner : owners_) {
    if (owner.claim.service == object_name) out.push_back(owner);
  }
  return out;
}

Result<WriteGuard> WriteGuard::Load(ReadTxn& txn, const GuardOptions& options) {
  WriteGuard guard;
  guard.options_ = options;
  auto owners = Owners::Load(txn.services(), options.now ? options.now : std::time(nullptr));
  if (!owners) return owners.error();
  guard.owners_ = std::move(*owners);
  return guard;
}

void WriteGuard::Touch(const ObjectName& obj) {
  if (obj.name == last_touched_ && obj.class_name == last_touched_class_) return;
  last_touched_ = obj.name;
  last_touched_class_ = obj.class_name;
  for (const Owner& owner : owners_.Of(obj.name)) {
    if (owner.running) {
      if (running_count_++ < kOwnedNamed) running_.emplace_back(obj, owner);
      return;
    }
    if (options_.warn) {
      options_.warn("warning: " + DescribeMaster(owner) + " is not running but still claims " +
                    Service(obj) + "; it reads the new state when it starts");
    }
  }
}

Status WriteGuard::Verdict() const {
  if (running_.empty()) return Status::Ok();
  std::string what;
  if (running_count_ == 1) {
    what = DescribeMaster(running_[0].second) + " owns " + Service(running_[0].first) +
           " and will overwrite this edit";
  } else {
    what = std::to_string(running_count_) +
           " objects are owned by running masters, which will overwrite this edit:";
    for (size_t i = 0; i < running_.size(); ++i) {
      what += std::string(i ? "," : "") + " " + Service(running_[i].first) + " (" +
              Quoted(running_[i].second.claim.master) + ")";
    }
    if (running_count_ > running_.size()) what += ", ...";
  }
  if (!options_.force) return Status::Owned(what + "; stop it first, or use --force");
  if (options_.warn) options_.warn("warning: writing anyway (--force): " + what);
  return Status::Ok();
}

Status GuardWrite(ReadTxn& txn, const std::vector<ObjectName>& objects, const GuardOptions& options) {
  auto guard = WriteGuard::Load(txn, options);
  if (!guard) return guard.error();
  for (const ObjectName& obj : objects) guard->Touch(obj);
  return guard->Verdict();
}

}  // namespace statectl
