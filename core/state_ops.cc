#include "core/state_ops.h"

#include "core/json_write.h"
#include "core/object_names.h"

namespace statectl {
namespace {

std::string Describe(const ObjectRef& ref) {
  if (ref.id) return "object " + std::to_string(*ref.id);
  return "object " + ObjectLabel(ref.name, ref.class_name);
}

// The object's id, or nullopt if absent. An --id must exist.
Result<std::optional<int64_t>> Find(StateReader& state, const ObjectRef& ref) {
  if (ref.id) {
    auto found = state.ObjectById(*ref.id);
    if (!found) return found.error();
    if (!*found) return Status::NotFound("no object with id " + std::to_string(*ref.id));
    return std::optional<int64_t>(*ref.id);
  }
  auto stored = StoredObjectName(ref.name, ref.class_name);
  if (!stored) return stored.error();
  return state.FindObject(*stored);
}

// The object's id, creating the object (never for an --id) if absent.
Result<int64_t> FindOrCreate(StateWriter& state, const ObjectRef& ref) {
  auto found = Find(state, ref);
  if (!found) return found.error();
  if (*found) return **found;
  auto stored = StoredObjectName(ref.name, ref.class_name);
  if (!stored) return stored.error();
  return state.InsertObject(*stored);
}

}  // namespace

Result<int64_t> ObjectId(Backend& db, const std::string& name, const std::string& class_name,
                         bool create) {
  ObjectRef ref{std::nullopt, name, class_name};
  {
    auto txn = db.BeginRead();
    if (!txn) return txn.error();
    auto id = Find((*txn)->state(), ref);
    if (!id) return id.error();
    if (*id) return **id;
    if (!create) return Status::NotFound("no " + Describe(ref));
  }
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  auto id = FindOrCreate((*txn)->state(), ref);
  if (!id) return id.error();
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return *id;
}

Result<std::optional<std::string>> GetState(Backend& db, const ObjectRef& ref,
                                            const std::string& key) {
  auto stored_key = StoredKey(key);
  if (!stored_key) return stored_key.error();
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  StateReader& state = (*txn)->state();
  auto id = Find(state, ref);
  if (!id) return id.error();
  if (!*id) return std::optional<std::string>();
  return state.GetValue(**id, *stored_key);
}

Result<std::string> SetState(Backend& db, const ObjectRef& ref, const std::string& key,
                             const std::string& value) {
  auto json = PythonRoundTrip(value);
  if (!json) return json.error().WithContext("value");
  auto stored_key = StoredKey(key);
  if (!stored_key) return stored_key.error();
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  StateWriter& state = (*txn)->state();
  auto id = FindOrCreate(state, ref);
  if (!id) return id.error();
  auto updated = state.UpdateValue(*id, *stored_key, *json);
  if (!updated) return updated.error();
  std::string stored = *json;
  if (!*updated) {
    auto inserted = state.InsertValue(*id, *stored_key, *json);
    if (!inserted) return inserted.error();
    if (!*inserted) {
      // Another writer created the key first; as in setState, it wins.
      auto winner = state.GetValue(*id, *stored_key);
      if (!winner) return winner.error();
      if (*winner) stored = **winner;
    }
  }
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return stored;
}

Result<std::string> CreateOnce(Backend& db, const ObjectRef& ref, const std::string& key,
                               const std::function<Result<std::string>()>& make_value) {
  auto stored_key = StoredKey(key);
  if (!stored_key) return stored_key.error();
  {
    // Fast path: an existing value needs no write lock.
    auto existing = GetState(db, ref, key);
    if (!existing) return existing.error();
    if (*existing) return **existing;
  }
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  StateWriter& state = (*txn)->state();
  auto id = FindOrCreate(state, ref);
  if (!id) return id.error();
  STATECTL_RETURN_IF_ERROR(state.LockKey(*id, *stored_key));
  auto existing = state.GetValue(*id, *stored_key);
  if (!existing) return existing.error();
  if (*existing) return **existing;  // created since the fast path; nothing to write
  auto raw = make_value();
  if (!raw) return raw.error();
  auto json = PythonRoundTrip(*raw);
  if (!json) return json.error().WithContext("value");
  auto inserted = state.InsertValue(*id, *stored_key, *json);
  if (!inserted) return inserted.error();
  std::string stored = *json;
  if (!*inserted) {
    auto winner = state.GetValue(*id, *stored_key);
    if (!winner) return winner.error();
    if (!*winner) return Status::Database("value vanished after an insert conflict");
    stored = **winner;
  }
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return stored;
}

}  // namespace statectl
