#include "backends/postgres/pg_backend.h"

#include <poll.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/postgres/pg_handle.h"
#include "backends/postgres/pg_hosts.h"
#include "backends/postgres/pg_status.h"
#include "core/glob.h"
#include "core/seconds.h"
#include "core/sorted_scan.h"

namespace statectl::pg {
namespace {

// Buildbot's schema as SQLAlchemy creates it on PostgreSQL: a serial id
// (sequence objects_id_seq, constraint objects_pkey), the FK
// object_state_objectid_fkey, and the two unique indexes. Each index is
// created with its table only: databases upgraded from old Buildbot have
// the uniques as constraints, and must not get a second copy.
constexpr const char* kCreateObjects =
    "CREATE TABLE objects (\n"
    "\tid SERIAL NOT NULL, \n"
    "\tname VARCHAR(128) NOT NULL, \n"
    "\tclass_name VARCHAR(128) NOT NULL, \n"
    "\tPRIMARY KEY (id)\n"
    ")";
constexpr const char* kCreateObjectIdentity =
    "CREATE UNIQUE INDEX object_identity ON objects (name, class_name)";
constexpr const char* kCreateObjectState =
    "CREATE TABLE object_state (\n"
    "\tobjectid INTEGER NOT NULL, \n"
    "\tname VARCHAR(255) NOT NULL, \n"
    "\tvalue_json TEXT NOT NULL, \n"
    "\tFOREIGN KEY(objectid) REFERENCES objects (id) ON DELETE CASCADE\n"
    ")";
constexpr const char* kCreateNamePerObject =
    "CREATE UNIQUE INDEX name_per_object ON object_state (objectid, name)";
constexpr const char* kTableExists = "SELECT to_regclass($1) IS NOT NULL";

constexpr const char* kFindObject = "SELECT id FROM objects WHERE name = $1 AND class_name = $2";
constexpr const char* kObjectById = "SELECT name, class_name FROM objects WHERE id = $1";
constexpr const char* kInsertObject =
    "INSERT INTO objects (name, class_name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id";
constexpr const char* kGetValue =
    "SELECT value_json FROM object_state WHERE objectid = $1 AND name = $2";
constexpr const char* kInsertValue =
    "INSERT INTO object_state (objectid, name, value_json) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kUpdateValue =
    "UPDATE object_state SET value_json = $3 WHERE objectid = $1 AND name = $2";
// The scan streams through COPY ... TO STDOUT in binary (the server sorts
// and sends while the client writes, with no per-batch round trip). COPY
// takes no bound parameters, so the filter's LIKE patterns are bound into
// two session settings first and read back with current_setting().
// COLLATE "C" compares bytes: the same order as SQLite's BINARY, whatever
// the database's locale.
constexpr const char* kSetScanFilter =
    "SELECT set_config('statectl.scan_class', $1, true), set_config('statectl.scan_name', $2, true)";
constexpr const char* kCopyScan =
    "COPY (SELECT o.class_name, o.name, s.name, s.value_json FROM objects AS o "
    "LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE current_setting('statectl.scan_class') "
    "AND o.name LIKE current_setting('statectl.scan_name') "
    "ORDER BY o.class_name COLLATE \"C\", o.name COLLATE \"C\", s.name COLLATE \"C\" NULLS FIRST) "
    "TO STDOUT (FORMAT binary)";
// An unfiltered scan sorts on statectl's side (core/sorted_scan.h): the
// server only streams the objects in order and the values as stored, which
// spares it a sort of every value (at 1M values: 3.5 s through kCopyScan).
constexpr const char* kCopyObjectsInOrder =
    "COPY (SELECT id::int8, class_name, name FROM objects "
    "ORDER BY class_name COLLATE \"C\", name COLLATE \"C\") TO STDOUT (FORMAT binary)";
constexpr const char* kCopyValues =
    "COPY (SELECT objectid::int8, name, value_json FROM object_state) TO STDOUT (FORMAT binary)";
constexpr const char* kStateBytes = "SELECT pg_table_size('object_state')";
// With Buildbot's foreign key in place (validated), PostgreSQL holds no
// orphans: no need to scan object_state for them.
constexpr const char* kHasForeignKey =
    "SELECT count(*) FROM pg_constraint WHERE conrelid = 'object_state'::regclass "
    "AND confrelid = 'objects'::regclass AND contype = 'f' AND convalidated";
constexpr const char* kCountOrphans =
    "SELECT count(*) FROM object_state WHERE objectid NOT IN (SELECT id FROM objects)";
// Import: each batch is copied into a temporary table, compared and merged
// set-based. New objects get ids in dump order; NOT EXISTS keeps the
// sequence from moving for objects that exist (ON CONFLICT alone would burn
// an id per existing object).
constexpr const char* kCreateStaging =
    "CREATE TEMP TABLE IF NOT EXISTS statectl_import (seq int4 NOT NULL, class_name text NOT NULL,"
    " name text NOT NULL, key text, value_json text) ON COMMIT DROP";
constexpr const char* kClearStaging = "TRUNCATE statectl_import";
constexpr const char* kCopyStaging = "COPY statectl_import FROM STDIN";
// Two index lookups per record, as subplans: a join would be planned from
// statistics that know nothing of the rows this very import is inserting,
// and seq-scan object_state once per batch. OFFSET 0 keeps each subplan
// evaluated once per record.
constexpr const char* kCompareStaged =
    "SELECT x.oid IS NOT NULL, CASE WHEN x.v IS NULL THEN 0 WHEN x.v = x.value_json THEN 1 "
    "ELSE 2 END FROM (SELECT y.seq, y.oid, y.value_json, (SELECT s.value_json FROM object_state "
    "AS s WHERE s.objectid = y.oid AND s.name = y.key) AS v FROM (SELECT i.seq, i.key, "
    "i.value_json, (SELECT o.id FROM objects AS o WHERE o.name = i.name AND o.class_name = "
    "i.class_name) AS oid FROM statectl_import AS i OFFSET 0) AS y OFFSET 0) AS x ORDER BY x.seq";
constexpr const char* kMergeObjects =
    "INSERT INTO objects (name, class_name) "
    "SELECT i.name, i.class_name FROM statectl_import AS i WHERE NOT EXISTS "
    "(SELECT 1 FROM objects AS o WHERE o.name = i.name AND o.class_name = i.class_name) "
    "GROUP BY i.name, i.class_name ORDER BY min(i.seq) ON CONFLICT DO NOTHING";
constexpr const char* kMergeValues =
    "INSERT INTO object_state (objectid, name, value_json) "
    "SELECT o.id, i.key, i.value_json FROM statectl_import AS i "
    "JOIN objects AS o ON o.name = i.name AND o.class_name = i.class_name "
    "WHERE i.key IS NOT NULL ON CONFLICT (objectid, name) DO NOTHING";
constexpr const char* kOverwriteValues =
    "UPDATE object_state AS s SET value_json = i.value_json FROM statectl_import AS i "
    "JOIN objects AS o ON o.name = i.name AND o.class_name = i.class_name "
    "WHERE s.objectid = o.id AND s.name = i.key AND s.value_json <> i.value_json";
// A batch's merge, as one round trip.
const std::string& MergeSql(bool overwrite) {
  static const std::string merge = std::string(kMergeObjects) + "; " + kMergeValues;
  static const std::string and_overwrite = merge + "; " + kOverwriteValues;
  return overwrite ? and_overwrite : merge;
}
constexpr size_t kCopyChunk = 1 << 20;

// A field in COPY's text format: backslash escapes, \N for NULL.
void AppendCopyField(std::string& out, const std::string* field) {
  if (!field) {
    out += "\\N";
    return;
  }
  for (char c : *field) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

constexpr const char* kLockKey = "SELECT pg_advisory_xact_lock($1::int4, hashtext($2))";
// JIT compiling costs a bulk import's batch queries more than it saves.
constexpr const char* kSessionSettings =
    "SELECT set_config('lock_timeout', $1, false), set_config('jit', 'off', false)";

// A LIKE pattern matching at least what the glob matches: * and ? become %
// and _, LIKE's own specials are escaped; a glob with [...] or a backslash
// matches anything here and is left to the caller's exact match.
std::string LikePattern(const std::string& glob) {
  if (!IsPlainGlob(glob)) return "%";
  std::string like;
  for (char c : glob) {
    if (c == '*') {
      like += '%';
    } else if (c == '?') {
      like += '_';
    } else {
      if (c == '%' || c == '_') like += '\\';
      like += c;
    }
  }
  return like;
}

void IgnoreNotice(void*, const char*) {}  // "relation exists, skipping" and the like

std::string OneLine(std::string msg) {
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  for (char& c : msg) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return msg;
}

// Reads PostgreSQL's binary COPY format one data message at a time: the
// first begins with the 19-byte header; each holds one tuple (int16 field
// count, then per field an int32 length, -1 for NULL, and the bytes); the
// last is the trailer, a count of -1. Tuple() returns the fields (empty for
// a message with no tuple), as views into data.
class BinaryCopyReader {
 public:
  using Fields = std::vector<std::optional<std::string_view>>;

  // The fields stay valid until the next call.
  Result<const Fields*> Tuple(std::string_view data) {
    static constexpr std::string_view kSignature("PGCOPY\n\xff\r\n\0", 11);
    if (!header_seen_) {
      if (data.size() < 19 || data.substr(0, 11) != kSignature) return Bad();
      uint32_t extension = Read32(data.data() + 15);
      if (data.size() < 19 + extension) return Bad();
      data.remove_prefix(19 + extension);
      header_seen_ = true;
      fields_.clear();
      if (data.empty()) return &fields_;
    }
    if (data.size() < 2) return Bad();
    int16_t count = static_cast<int16_t>(Read16(data.data()));
    data.remove_prefix(2);
    Fields& fields = fields_;  // reused: no allocation per row
    fields.clear();
    if (count < 0) return &fields;  // the trailer
    for (int16_t i = 0; i < count; ++i) {
      if (data.size() < 4) return Bad();
      int32_t len = static_cast<int32_t>(Read32(data.data()));
      data.remove_prefix(4);
      if (len < 0) {
        fields.emplace_back();
        continue;
      }
      if (data.size() < static_cast<size_t>(len)) return Bad();
      fields.emplace_back(data.substr(0, static_cast<size_t>(len)));
      data.remove_prefix(static_cast<size_t>(len));
    }
    return &fields;
  }

 private:
  static uint16_t Read16(const char* p) {
    return static_cast<uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                 static_cast<unsigned char>(p[1]));
  }
  static uint32_t Read32(const char* p) {
    return (static_cast<uint32_t>(Read16(p)) << 16) | Read16(p + 2);
  }
  static Status Bad() { return Status::Database("malformed COPY data from PostgreSQL"); }

  bool header_seen_ = false;
  Fields fields_;
};

class Connection {
 public:
  Connection(const Libpq* api, ConnHandle conn, std::string endpoint)
      : api_(api), conn_(std::move(conn)), endpoint_(std::move(endpoint)) {}

  // Runs sql with text parameters (every value bound, never spliced).
  Result<ResultHandle> Exec(const char* sql, const std::vector<std::string>& params = {}) {
    STATECTL_RETURN_IF_ERROR(Drain());
    std::vector<const char*> values;
    for (const auto& p : params) {
      // A text parameter ends at NUL: refuse rather than store a cut value.
      if (p.find('\0') != std::string::npos) {
        return Status::InvalidData("PostgreSQL text cannot hold a NUL byte");
      }
      values.push_back(p.c_str());
    }
    ResultHandle res(api_->execParams(conn_.get(), sql, static_cast<int>(values.size()), nullptr,
                                      values.data(), nullptr, nullptr, 0),
                     ClearResult{api_});
    ExecStatusType st = res ? api_->resultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return res;
    return Failure(res);
  }

  // The error of a failed statement (res may be null), worded for the user.
  Status Failure(const ResultHandle& res) const {
    if (api_->status(conn_.get()) == CONNECTION_BAD) {
      return Status::Database("lost the connection to PostgreSQL at " + endpoint_ + ": " +
                              OneLine(api_->errorMessage(conn_.get())));
    }
    const char* sqlstate = res ? api_->resultErrorField(res.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = res ? api_->resultErrorMessage(res.get()) : api_->errorMessage(conn_.get());
    return PgStatus(sqlstate ? sqlstate : "", OneLine(msg));
  }

  std::string Value(const ResultHandle& res, int row, int col) const {
    return std::string(api_->getvalue(res.get(), row, col),
                       static_cast<size_t>(api_->getlength(res.get(), row, col)));
  }
  bool IsNull(const ResultHandle& res, int row, int col) const {
    return api_->getisnull(res.get(), row, col) != 0;
  }
  int Rows(const ResultHandle& res) const { return api_->ntuples(res.get()); }
  int Affected(const ResultHandle& res) const { return std::atoi(api_->cmdTuples(res.get())); }

  // Sends sql (constant statements, no parameters, ';'-separated) without
  // waiting: the server works while the caller goes on. The outcome is
  // collected, and an error reported, by the next statement, or Drain().
  Status Send(const char* sql) {
    STATECTL_RETURN_IF_ERROR(Drain());
    if (api_->sendQuery(conn_.get(), sql) != 1) return Failure(ResultHandle(nullptr, ClearResult{api_}));
    pending_ = true;
    return Status::Ok();
  }

  // Waits for what Send() started; its first error, if any.
  Status Drain() {
    if (!pending_) return Status::Ok();
    pending_ = false;
    return CollectResults(Status::Ok());
  }

  // COPY ... TO STDOUT: hands each data message (one row) to `take`.
  Status CopyOut(const char* sql, const std::function<Status(std::string_view)>& take) {
    auto started = StartCopy(sql, PGRES_COPY_OUT);
    if (!started) return started.error();
    Status outcome;
    char* buf = nullptr;
    int len;
    while ((len = api_->getCopyData(conn_.get(), &buf, 0)) >= 0) {
      if (outcome.ok()) outcome = take(std::string_view(buf, static_cast<size_t>(len)));
      api_->freemem(buf);  // after a failure, read on to the end: the connection stays usable
    }
    if (len == -2) return Failure(*started);
    return CollectResults(std::move(outcome));
  }

  // COPY ... TO STDOUT (FORMAT binary): hands each row's `columns` fields
  // to visit (views valid during the call).
  Status CopyRows(const char* sql, size_t columns,
                  const std::function<Status(const BinaryCopyReader::Fields&)>& visit) {
    BinaryCopyReader reader;
    return CopyOut(sql, [&](std::string_view data) -> Status {
      auto tuple = reader.Tuple(data);
      if (!tuple) return tuple.error();
      const BinaryCopyReader::Fields& fields = **tuple;
      if (fields.empty()) return Status::Ok();  // the header's and the trailer's messages
      if (fields.size() != columns) return UnexpectedRow();
      return visit(fields);
    });
  }

  static Status UnexpectedRow() {
    return Status::Database("unexpected row in PostgreSQL's COPY stream");
  }

  // COPY ... FROM STDIN, the data produced by `fill` a chunk at a time
  // (fill appends to its buffer and returns false when it has no more). An
  // error from fill aborts the COPY at the server and is returned.
  Status CopyIn(const char* sql, const std::function<Result<bool>(std::string&)>& fill) {
    auto started = StartCopy(sql, PGRES_COPY_IN);
    if (!started) return started.error();
    std::string chunk;
    bool more = true;
    while (more) {
      chunk.clear();
      auto filled = fill(chunk);
      if (!filled) {
        (void)api_->putCopyEnd(conn_.get(), "statectl stopped on bad input");
        (void)CollectResults(Status::Ok());  // the server's "COPY ... failed"
        return filled.error();
      }
      more = *filled;
      if (!chunk.empty() &&
          api_->putCopyData(conn_.get(), chunk.data(), static_cast<int>(chunk.size())) != 1) {
        return Failure(*started);
      }
    }
    if (api_->putCopyEnd(conn_.get(), nullptr) != 1) return Failure(*started);
    return CollectResults(Status::Ok());
  }

 private:
  // Sends a COPY statement (no parameters: COPY takes none); its error
  // unless the server answered `expected`.
  Result<ResultHandle> StartCopy(const char* sql, ExecStatusType expected) {
    STATECTL_RETURN_IF_ERROR(Drain());
    ResultHandle started(api_->execParams(conn_.get(), sql, 0, nullptr, nullptr, nullptr, nullptr, 0),
                         ClearResult{api_});
    if (!started || api_->resultStatus(started.get()) != expected) return Failure(started);
    return started;
  }

  // Reads the connection's remaining results; `outcome` unless it is OK and
  // one of them failed.
  Status CollectResults(Status outcome) {
    while (PGresult* raw = api_->getResult(conn_.get())) {
      ResultHandle res(raw, ClearResult{api_});
      ExecStatusType st = api_->resultStatus(res.get());
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && outcome.ok()) outcome = Failure(res);
    }
    return outcome;
  }

  const Libpq* api_;
  ConnHandle conn_;
  std::string endpoint_;
  bool pending_ = false;  // a Send() whose results are not yet collected
};

class PgTxn final : public Txn {
 public:
  explicit PgTxn(Connection& conn) : conn_(conn) {}
  ~PgTxn() override {
    if (!done_) (void)conn_.Exec("ROLLBACK");  // after draining a pending merge
  }

  Result<std::optional<int64_t>> FindObject(const ObjectName& obj) override {
    auto res = conn_.Exec(kFindObject, {obj.name, obj.class_name});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 0) return std::optional<int64_t>();
    return std::optional<int64_t>(std::stoll(conn_.Value(*res, 0, 0)));
  }

  Result<std::optional<ObjectName>> ObjectById(int64_t id) override {
    if (id < INT_MIN || id > INT_MAX) return std::optional<ObjectName>();  // not an integer id
    auto res = conn_.Exec(kObjectById, {std::to_string(id)});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 0) return std::optional<ObjectName>();
    return std::optional<ObjectName>(ObjectName{conn_.Value(*res, 0, 0), conn_.Value(*res, 0, 1)});
  }

  Result<int64_t> InsertObject(const ObjectName& obj) override {
    // ON CONFLICT DO NOTHING waits for a racing inserter, then yields no row;
    // the next statement (READ COMMITTED) sees the winner.
    auto res = conn_.Exec(kInsertObject, {obj.name, obj.class_name});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 1) return std::stoll(conn_.Value(*res, 0, 0));
    auto winner = FindObject(obj);
    if (!winner) return winner.error();
    if (!*winner) return Status::Database("object vanished after an insert conflict");
    return **winner;
  }

  Result<std::optional<std::string>> GetValue(int64_t id, std::string_view key) override {
    auto res = conn_.Exec(kGetValue, {std::to_string(id), std::string(key)});
    if (!res) return res.error();
    if (conn_.Rows(*res) == 0) return std::optional<std::string>();
    return std::optional<std::string>(conn_.Value(*res, 0, 0));
  }

  Result<bool> InsertValue(int64_t id, std::string_view key, std::string_view json) override {
    auto res = conn_.Exec(kInsertValue, {std::to_string(id), std::string(key), std::string(json)});
    if (!res) return res.error();
    return conn_.Affected(*res) == 1;
  }

  Result<bool> UpdateValue(int64_t id, std::string_view key, std::string_view json) override {
    auto res = conn_.Exec(kUpdateValue, {std::to_string(id), std::string(key), std::string(json)});
    if (!res) return res.error();
    return conn_.Affected(*res) > 0;
  }

  Status Scan(const ScanOptions& options, const RowSink& sink) override {
    if (options.temp_files && options.class_glob == "*" && options.name_glob == "*") {
      auto sorted = ScanSorted(sink, options.sorting_progress);
      if (!sorted) return sorted.error();
      if (*sorted) return Status::Ok();
    }
    auto set = conn_.Exec(kSetScanFilter, {LikePattern(options.class_glob),
                                           LikePattern(options.name_glob)});
    if (!set) return set.error();
    Row row;
    return conn_.CopyRows(kCopyScan, 4, [&](const BinaryCopyReader::Fields& f) -> Status {
      if (!f[0] || !f[1]) return Connection::UnexpectedRow();
      row.class_name.assign(*f[0]);
      row.name.assign(*f[1]);
      if (f[2]) {
        if (!row.key) row.key.emplace();
        if (!row.value_json) row.value_json.emplace();
        row.key->assign(*f[2]);
        row.value_json->assign(f[3].value_or(std::string_view()));
      } else {
        row.key.reset();
        row.value_json.reset();
      }
      return sink(row);
    });
  }

  // False, having yielded nothing, as ScanBySorting.
  Result<bool> ScanSorted(const RowSink& sink, const std::function<void(int64_t)>& progress) {
    auto size = conn_.Exec(kStateBytes);
    if (!size) return size.error();
    SortedScanSource source;
    source.estimated_bytes = std::stoull(conn_.Value(*size, 0, 0));
    // Both statements yield an int8 and two texts.
    auto each = [this](const char* sql, const std::function<Status(int64_t, std::string_view,
                                                                    std::string_view)>& visit) {
      return conn_.CopyRows(sql, 3, [&](const BinaryCopyReader::Fields& f) -> Status {
        if (!f[0] || f[0]->size() != 8 || !f[1] || !f[2]) return Connection::UnexpectedRow();
        uint64_t id = 0;
        for (char c : *f[0]) id = id << 8 | static_cast<unsigned char>(c);
        return visit(static_cast<int64_t>(id), *f[1], *f[2]);
      });
    };
    source.objects = [&](const ObjectVisitor& visit) { return each(kCopyObjectsInOrder, visit); };
    source.values = [&](const ValueVisitor& visit) { return each(kCopyValues, visit); };
    return ScanBySorting(source, sink, progress);
  }

  Result<std::vector<StoredState>> CompareBatch(const std::vector<Row>& batch) override {
    STATECTL_RETURN_IF_ERROR(Stage(batch));
    auto res = conn_.Exec(kCompareStaged);
    if (!res) return res.error();
    if (static_cast<size_t>(conn_.Rows(*res)) != batch.size()) {
      return Status::Database("import staging lost rows");
    }
    std::vector<StoredState> states(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      int r = static_cast<int>(i);
      states[i].object_exists = conn_.Value(*res, r, 0) == "t";
      std::string v = conn_.Value(*res, r, 1);
      states[i].value = v == "0"   ? StoredValue::kAbsent
                        : v == "1" ? StoredValue::kIdentical
                                   : StoredValue::kDiffers;
    }
    return states;
  }

  Status MergeBatch(const std::vector<Row>& batch, const std::vector<StoredState>& states,
                    bool overwrite) override {
    if (!staged_) STATECTL_RETURN_IF_ERROR(Stage(batch));  // no CompareBatch came first
    staged_ = false;
    bool differs = false;
    for (const StoredState& s : states) differs |= s.value == StoredValue::kDiffers;
    // Sent, not awaited: the caller reads the next batch while the server
    // merges this one; the next statement (or COMMIT) collects the outcome.
    return conn_.Send(MergeSql(overwrite && differs).c_str());
  }

  Result<int64_t> CountOrphanValues() override {
    auto fk = conn_.Exec(kHasForeignKey);
    if (!fk) return fk.error();
    if (conn_.Value(*fk, 0, 0) != "0") return 0;
    auto res = conn_.Exec(kCountOrphans);
    if (!res) return res.error();
    return std::stoll(conn_.Value(*res, 0, 0));
  }

  Status CreateSchema() override {
    struct Table {
      const char* name;
      const char* create;
      const char* index;
    };
    for (const Table& t : {Table{"objects", kCreateObjects, kCreateObjectIdentity},
                           Table{"object_state", kCreateObjectState, kCreateNamePerObject}}) {
      auto exists = conn_.Exec(kTableExists, {t.name});
      if (!exists) return exists.error();
      if (conn_.Value(*exists, 0, 0) == "t") continue;
      for (const char* ddl : {t.create, t.index}) {
        auto done = conn_.Exec(ddl);
        if (!done) return done.error();
      }
    }
    return Status::Ok();
  }

  Status LockKey(int64_t id, std::string_view key) override {
    auto res = conn_.Exec(kLockKey, {std::to_string(id), std::string(key)});
    return res ? Status::Ok() : res.error();
  }

  Status Commit() override {
    auto res = conn_.Exec("COMMIT");  // collects a pending merge's outcome first
    if (!res) return res.error();
    done_ = true;
    return Status::Ok();
  }

 private:
  // Replaces the staging table's rows with the batch, through COPY.
  Status Stage(const std::vector<Row>& batch) {
    staged_ = false;
    auto prepared = conn_.Exec(has_staging_ ? kClearStaging : kCreateStaging);
    if (!prepared) return prepared.error();
    has_staging_ = true;
    size_t next = 0;
    STATECTL_RETURN_IF_ERROR(conn_.CopyIn(kCopyStaging, [&](std::string& out) -> Result<bool> {
      while (next < batch.size() && out.size() < kCopyChunk) {
        const Row& row = batch[next];
        bool nul = row.class_name.find('\0') != std::string::npos ||
                   row.name.find('\0') != std::string::npos ||
                   (row.key && (row.key->find('\0') != std::string::npos ||
                                row.value_json->find('\0') != std::string::npos));
        if (nul) {
          return Status::InvalidData("PostgreSQL text cannot hold a NUL byte (object '" +
                                     row.name + "' of class '" + row.class_name + "')");
        }
        out += std::to_string(next++);
        out += '\t';
        AppendCopyField(out, &row.class_name);
        out += '\t';
        AppendCopyField(out, &row.name);
        out += '\t';
        AppendCopyField(out, row.key ? &*row.key : nullptr);
        out += '\t';
        AppendCopyField(out, row.value_json ? &*row.value_json : nullptr);
        out += '\n';
      }
      return next < batch.size();
    }));
    staged_ = true;
    return Status::Ok();
  }

  Connection& conn_;
  bool done_ = false;
  bool has_staging_ = false;
  bool staged_ = false;  // statectl_import holds the batch CompareBatch was given
};

class PgBackend final : public Backend {
 public:
  explicit PgBackend(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}
  std::string_view Kind() const override { return "postgresql"; }

  Result<std::unique_ptr<Txn>> Begin(TxnMode mode) override {
    const char* begin = mode == TxnMode::kWrite ? "BEGIN"
                        : mode == TxnMode::kDryRun
                            ? "BEGIN ISOLATION LEVEL REPEATABLE READ"  // the staging table is written
                            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    auto res = conn_->Exec(begin);
    if (!res) return res.error();
    return std::unique_ptr<Txn>(std::make_unique<PgTxn>(*conn_));
  }

 private:
  std::unique_ptr<Connection> conn_;
};

// "host:port" as libpq last tried it, else as the URL says.
std::string Endpoint(const Libpq* api, PGconn* conn, const DbUrl& url) {
  const char* host = conn ? api->host(conn) : nullptr;
  const char* port = conn ? api->port(conn) : nullptr;
  if (host && *host && port && *port) return std::string(host) + ":" + port;
  return url.endpoint;
}

using Params = std::vector<std::pair<std::string, std::string>>;

// The value of key in params, or null.
std::string* FindParam(Params& params, std::string_view key) {
  for (auto& p : params) {
    if (p.first == key) return &p.second;
  }
  return nullptr;
}

// Gives params the addresses of the host names they (or $PGHOST) name, looked
// up before deadline, as hostaddr: libpq's own lookup cannot be bounded.
// Left alone: an explicit hostaddr, and a service (its file is libpq's).
Status ResolveHostsBefore(std::chrono::steady_clock::time_point deadline, const DbUrl& url,
                          std::chrono::milliseconds timeout, Params& params) {
  auto find = [&](std::string_view key) { return FindParam(params, key); };
  if (find("hostaddr") || find("service")) return Status::Ok();
  auto from_env = [](const char* name) {
    const char* value = std::getenv(name);
    return std::string(value ? value : "");
  };
  std::string host = find("host") ? *find("host") : from_env("PGHOST");
  std::string port = find("port") ? *find("port") : from_env("PGPORT");
  auto resolved = ResolveHost(host, port, [&](const std::string& name) {
    return LookUpHost(name, deadline);
  });
  if (!resolved) {
    return Status::Database("cannot connect to PostgreSQL at " + url.endpoint + ": " +
                            resolved.error().message() + " within " + SecondsText(timeout) +
                            " s (--timeout)");
  }
  if (!*resolved) return Status::Ok();
  auto set = [&](const char* key, const std::string& value) {
    if (std::string* existing = find(key)) {
      *existing = value;
    } else {
      params.emplace_back(key, value);
    }
  };
  set("host", (*resolved)->host);
  set("hostaddr", (*resolved)->hostaddr);
  if (!(*resolved)->port.empty()) set("port", (*resolved)->port);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Backend>> OpenPostgres(const DbUrl& url, const OpenOptions& options) {
  auto api = LoadLibpq();
  if (!api) return api.error();
  const Libpq* pq = *api;
  Params params = url.params;
  if (!FindParam(params, "client_encoding")) params.emplace_back("client_encoding", "UTF8");
  params.emplace_back("fallback_application_name", "statectl");
  // --timeout bounds the whole connect, host name lookups included.
  auto deadline = std::chrono::steady_clock::now() + options.timeout;
  STATECTL_RETURN_IF_ERROR(ResolveHostsBefore(deadline, url, options.timeout, params));
  std::vector<const char*> keys, values;
  for (const auto& [k, v] : params) {
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  ConnHandle conn(pq->connectStartParams(keys.data(), values.data(), 0), FinishConn{pq});
  if (!conn) return Status::Database("libpq could not allocate a connection");
  auto failed = [&](const std::string& why) -> Status {
    std::string msg = OneLine(pq->errorMessage(conn.get()));
    if (msg.rfind("invalid connection option", 0) == 0 || msg.rfind("invalid URI", 0) == 0) {
      return Status::Usage("database URL " + url.display + ": " + msg);
    }
    return Status::Database("cannot connect to PostgreSQL at " + Endpoint(pq, conn.get(), url) +
                            ": " + (why.empty() ? msg : why));
  };
  if (pq->status(conn.get()) == CONNECTION_BAD) return failed("");
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) return failed("");
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return failed("no answer within " + SecondsText(options.timeout) + " s (--timeout)");
    }
    pollfd p{pq->socket(conn.get()),
             static_cast<short>(polling == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return failed("poll failed");
    if (ready > 0) polling = pq->connectPoll(conn.get());
  }
  pq->setNoticeProcessor(conn.get(), &IgnoreNotice, nullptr);
  std::string endpoint = Endpoint(pq, conn.get(), url);
  auto connection = std::make_unique<Connection>(pq, std::move(conn), endpoint);
  // Lock waits (row locks, a racing insert, the create-once lock) end with
  // SQLSTATE 55P03 after --timeout; 0 would mean "wait forever" to PostgreSQL.
  int64_t lock_ms = std::max<int64_t>(1, options.timeout.count());
  auto set = connection->Exec(kSessionSettings, {std::to_string(lock_ms) + "ms"});
  if (!set) return set.error();
  return std::unique_ptr<Backend>(std::make_unique<PgBackend>(std::move(connection)));
}

}  // namespace statectl::pg
