#include "core/state_ops.h"

#include "core/json_write.h"
#include "core/near_miss.h"
#include "core/object_names.h"

namespace statectl {
namespace {

// Every object's identity, for telling a typo from a new object (read
// only on the way to creating one).
Result<std::vector<ObjectName>> AllObjects(StateReader& state) {
  std::vector<ObjectName> all;
  STATECTL_RETURN_IF_ERROR(state.ReadObjects([&](int64_t, std::string_view cls, std::string_view name) {
    all.push_back(ObjectName{std::string(name), std::string(cls)});
    return Status::Ok();
  }));
  return all;
}

// The object ref names, in a write transaction: found, or created as
// options allow, after the guard has passed it. Its identity goes to *obj;
// if this call created it, *created says so ("created object 11 ('n',
// 'C')"), for the caller to tell once the transaction has committed: a
// write that fails later rolls the object back too.
Result<int64_t> ObjectForWrite(WriteTxn& txn, const ObjectRef& ref, const WriteOptions& options,
                               ObjectName* obj, std::string* created) {
  StateWriter& state = txn.state();
  auto found = FindObject(state, ref);
  if (!found) return found.error();
  if (ref.id) {
    auto named = state.ObjectById(*ref.id);
    if (!named) return named.error();
    *obj = **named;
  } else {
    auto stored = StoredObjectName(ref.name, ref.class_name);
    if (!stored) return stored.error();
    *obj = std::move(*stored);
  }
  if (!*found) {
    if (options.create == Create::kNever) {
      return Status::NotFound("no object " + ObjectLabel(*obj) + " (--no-create)");
    }
    if (options.create == Create::kUnlessSlip) {
      auto all = AllObjects(state);
      if (!all) return all.error();
      if (auto slip = NearMissOf(*obj, *all)) {
        return Status::NotFound("no object " + ObjectLabel(*obj) + ": " + *slip +
                                " (--create to create it)");
      }
    }
  }
  STATECTL_RETURN_IF_ERROR(GuardWrite(txn, {*obj}, options.guard));
  if (*found) return **found;
  auto inserted = state.InsertObject(*obj);
  if (!inserted) return inserted.error();
  if (inserted->created) {
    *created = "created object " + std::to_string(inserted->id) + " " + ObjectLabel(*obj);
  }
  return inserted->id;
}

// Commits txn, then tells what it created (ObjectForWrite's *created).
Status CommitAndTell(WriteTxn& txn, const std::string& created, const WriteOptions& options) {
  STATECTL_RETURN_IF_ERROR(txn.Commit());
  if (!created.empty() && options.notice) options.notice(created);
  return Status::Ok();
}

// Stores a whole value as setState does: update, else insert; a concurrent
// insert that won keeps its value. What is stored afterwards.
Result<std::string> StoreWhole(StateWriter& state, int64_t id, const std::string& key,
                               const std::string& json) {
  auto updated = state.UpdateValue(id, key, json);
  if (!updated) return updated.error();
  if (*updated) return json;
  auto inserted = state.InsertValue(id, key, json);
  if (!inserted) return inserted.error();
  if (*inserted) return json;
  auto winner = state.GetValue(id, key);  // another writer created the key first
  if (!winner) return winner.error();
  return winner->value_or(json);
}

}  // namespace

std::string Describe(const ObjectRef& ref) {
  if (ref.id) return "object " + std::to_string(*ref.id);
  return "object " + ObjectLabel(ref.name, ref.class_name);
}

Result<std::optional<int64_t>> FindObject(StateReader& state, const ObjectRef& ref) {
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

Status NoSuchObject(StateReader& state, const ObjectRef& ref) {
  if (ref.id) return Status::NotFound("no object with id " + std::to_string(*ref.id));
  auto stored = StoredObjectName(ref.name, ref.class_name);
  if (!stored) return stored.error();
  std::string message = "no such object " + ObjectLabel(*stored);
  auto all = AllObjects(state);
  if (!all) return all.error();
  if (auto slip = NearMissOf(*stored, *all)) message += ": " + *slip;
  return Status::NotFound(message);
}

Result<int64_t> ObjectId(Backend& db, const std::string& name, const std::string& class_name,
                         bool create) {
  ObjectRef ref = ObjectRef::Named(name, class_name);
  {
    auto txn = db.BeginRead();
    if (!txn) return txn.error();
    auto id = FindObject((*txn)->state(), ref);
    if (!id) return id.error();
    if (*id) return **id;
    if (!create) return Status::NotFound("no " + Describe(ref));
  }
  // As getObjectId: select, insert, and the winner's id if another came first.
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  auto stored = StoredObjectName(name, class_name);
  if (!stored) return stored.error();
  StateWriter& state = (*txn)->state();
  auto found = state.FindObject(*stored);
  if (!found) return found.error();
  if (*found) return **found;
  auto inserted = state.InsertObject(*stored);
  if (!inserted) return inserted.error();
  STATECTL_RETURN_IF_ERROR((*txn)->Commit());
  return inserted->id;
}

Result<std::optional<std::string>> GetState(Backend& db, const ObjectRef& ref,
                                            const std::string& key) {
  auto stored_key = StoredKey(key);
  if (!stored_key) return stored_key.error();
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  StateReader& state = (*txn)->state();
  auto id = FindObject(state, ref);
  if (!id) return id.error();
  if (!*id) return std::optional<std::string>();
  return state.GetValue(**id, *stored_key);
}

Status MissingValue(Backend& db, const ObjectRef& ref, const std::string& key) {
  auto txn = db.BeginRead();
  if (!txn) return txn.error();
  auto id = FindObject((*txn)->state(), ref);
  if (!id) return id.error();
  if (!*id) return NoSuchObject((*txn)->state(), ref);
  return Status::NotFound("no value for key " + Quoted(key) + " of " + Describe(ref));
}

Result<std::string> SetState(Backend& db, const ObjectRef& ref, const std::string& key,
                             const ValueEdit& edit, const WriteOptions& options) {
  STATECTL_RETURN_IF_ERROR(CheckEdit(edit));
  auto stored_key = StoredKey(key);
  if (!stored_key) return stored_key.error();
  bool whole = edit.path.empty() && !edit.expect;
  auto txn = db.BeginWrite();
  if (!txn) return txn.error();
  StateWriter& state = (*txn)->state();
  ObjectName obj;
  if (!whole) {
    // An edit of what is stored: the object and key must exist.
    auto found = FindObject(state, ref);
    if (!found) return found.error();
    if (!*found) return NoSuchObject(state, ref);
  }
  std::string created;
  auto id = ObjectForWrite(**txn, ref, options, &obj, &created);
  if (!id) return id.error();
  std::string stored;
  if (whole) {
    auto json = PythonRoundTrip(edit.json);
    if (!json) return json.error().WithContext("value");
    auto result = StoreWhole(state, *id, *stored_key, *json);
    if (!result) return result.error();
    stored = std::move(*result);
  } else {
    auto current = state.GetValueForUpdate(*id, *stored_key);
    if (!current) return current.error();
    if (!*current && !edit.path.empty()) {
      return Status::NotFound("no value for key " + Quoted(key) + " of " + Describe(ref));
    }
    auto edited = ApplyEdit(*current, edit);
    if (!edited) return edited.error();
    auto result = StoreWhole(state, *id, *stored_key, *edited);
    if (!result) return result.error();
    stored = std::move(*result);
  }
  STATECTL_RETURN_IF_ERROR(CommitAndTell(**txn, created, options));
  return stored;
}

Result<std::string> SetState(Backend& db, const ObjectRef& ref, const std::string& key,
                             const std::string& value, const WriteOptions& options) {
  ValueEdit edit;
  edit.json = value;
  return SetState(db, ref, key, edit, options);
}

Result<std::string> CreateOnce(Backend& db, const ObjectRef& ref, const std::string& key,
                               const std::function<Result<std::string>()>& make_value,
                               const WriteOptions& options) {
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
  ObjectName obj;
  std::string created;
  auto id = ObjectForWrite(**txn, ref, options, &obj, &created);
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
  STATECTL_RETURN_IF_ERROR(CommitAndTell(**txn, created, options));
  return stored;
}

}  // namespace statectl
