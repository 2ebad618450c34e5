// Every statement the PostgreSQL driver sends, in one place. Parameters are
// always bound ($1...), never spliced; COPY takes none, so a scan's filter
// patterns travel through set_config/current_setting.
#ifndef STATECTL_BACKENDS_POSTGRES_PG_SQL_H_
#define STATECTL_BACKENDS_POSTGRES_PG_SQL_H_

namespace statectl::pg::sql {

// Buildbot's schema as SQLAlchemy creates it on PostgreSQL: a serial id
// (sequence objects_id_seq, constraint objects_pkey), the FK
// object_state_objectid_fkey, and the two unique indexes. Each index is
// created with its table only: databases upgraded from old Buildbot have
// the uniques as constraints, and must not get a second copy.
inline constexpr const char* kCreateObjects =
    "CREATE TABLE objects (\n"
    "\tid SERIAL NOT NULL, \n"
    "\tname VARCHAR(128) NOT NULL, \n"
    "\tclass_name VARCHAR(128) NOT NULL, \n"
    "\tPRIMARY KEY (id)\n"
    ")";
inline constexpr const char* kCreateObjectIdentity =
    "CREATE UNIQUE INDEX object_identity ON objects (name, class_name)";
inline constexpr const char* kCreateObjectState =
    "CREATE TABLE object_state (\n"
    "\tobjectid INTEGER NOT NULL, \n"
    "\tname VARCHAR(255) NOT NULL, \n"
    "\tvalue_json TEXT NOT NULL, \n"
    "\tFOREIGN KEY(objectid) REFERENCES objects (id) ON DELETE CASCADE\n"
    ")";
inline constexpr const char* kCreateNamePerObject =
    "CREATE UNIQUE INDEX name_per_object ON object_state (objectid, name)";
inline constexpr const char* kTableExists = "SELECT to_regclass($1) IS NOT NULL";

inline constexpr const char* kFindObject =
    "SELECT id FROM objects WHERE name = $1 AND class_name = $2";
inline constexpr const char* kObjectById = "SELECT name, class_name FROM objects WHERE id = $1";
// ON CONFLICT DO NOTHING waits for a racing inserter, then yields no row;
// the next statement (READ COMMITTED) sees the winner.
inline constexpr const char* kInsertObject =
    "INSERT INTO objects (name, class_name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id";
inline constexpr const char* kGetValue =
    "SELECT value_json FROM object_state WHERE objectid = $1 AND name = $2";
inline constexpr const char* kInsertValue =
    "INSERT INTO object_state (objectid, name, value_json) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING";
inline constexpr const char* kUpdateValue =
    "UPDATE object_state SET value_json = $3 WHERE objectid = $1 AND name = $2";
inline constexpr const char* kGetValueForUpdate =
    "SELECT value_json FROM object_state WHERE objectid = $1 AND name = $2 FOR UPDATE";
inline constexpr const char* kValuesOfObject =
    "SELECT name, value_json FROM object_state WHERE objectid = $1 ORDER BY name COLLATE \"C\"";
inline constexpr const char* kDeleteValue =
    "DELETE FROM object_state WHERE objectid = $1 AND name = $2";
// The foreign key would cascade; deleting the values first counts them.
inline constexpr const char* kDeleteValuesOf = "DELETE FROM object_state WHERE objectid = $1";
inline constexpr const char* kDeleteObject = "DELETE FROM objects WHERE id = $1";
inline constexpr const char* kRenameObject =
    "UPDATE objects SET name = $2, class_name = $3 WHERE id = $1";
inline constexpr const char* kLockKey = "SELECT pg_advisory_xact_lock($1::int4, hashtext($2))";

// The joined read streams through binary COPY: the server sorts and sends
// while the client writes, with no per-batch round trip. COLLATE "C"
// compares bytes: SQLite's BINARY order, whatever the database's locale.
inline constexpr const char* kSetScanFilter =
    "SELECT set_config('statectl.scan_class', $1, true), "
    "set_config('statectl.scan_name', $2, true)";
inline constexpr const char* kCopyJoined =
    "COPY (SELECT o.class_name, o.name, s.name, s.value_json FROM objects AS o "
    "LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE current_setting('statectl.scan_class') "
    "AND o.name LIKE current_setting('statectl.scan_name') "
    "ORDER BY o.class_name COLLATE \"C\", o.name COLLATE \"C\", s.name COLLATE \"C\" NULLS FIRST) "
    "TO STDOUT (FORMAT binary)";
// The summary (statectl list), aggregated and sorted on the server,
// streamed: (name, class_name) order, bytes as stored (octet_length reads
// a TOASTed value's size without decompressing it).
inline constexpr const char* kCopySummary =
    "COPY (SELECT o.id::int8, o.name, o.class_name, count(s.name)::int8, "
    "coalesce(sum(octet_length(s.value_json)), 0)::int8 "
    "FROM objects AS o LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE current_setting('statectl.scan_class') "
    "AND o.name LIKE current_setting('statectl.scan_name') "
    "GROUP BY o.id ORDER BY o.name COLLATE \"C\", o.class_name COLLATE \"C\") "
    "TO STDOUT (FORMAT binary)";
// The same for every object: the values summed per object first (one
// hash aggregate over object_state), then joined to the objects. Grouping
// the join instead took 68 s at 10M values (0.74 s at 1M): the server
// sorted or spilled every joined row.
inline constexpr const char* kCopySummaryAll =
    "COPY (SELECT o.id::int8, o.name, o.class_name, coalesce(s.n, 0)::int8, coalesce(s.b, 0)::int8 "
    "FROM objects AS o LEFT JOIN (SELECT objectid, count(*) AS n, sum(octet_length(value_json)) AS b "
    "FROM object_state GROUP BY objectid) AS s ON s.objectid = o.id "
    "ORDER BY o.name COLLATE \"C\", o.class_name COLLATE \"C\") TO STDOUT (FORMAT binary)";
inline constexpr const char* kCopySummaryPerKey =
    "COPY (SELECT o.id::int8, o.name, o.class_name, s.name, "
    "coalesce(octet_length(s.value_json), 0)::int8 "
    "FROM objects AS o LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE current_setting('statectl.scan_class') "
    "AND o.name LIKE current_setting('statectl.scan_name') "
    "ORDER BY o.name COLLATE \"C\", o.class_name COLLATE \"C\", s.name COLLATE \"C\" NULLS FIRST) "
    "TO STDOUT (FORMAT binary)";

// Buildbot's masters and the services they claim (buildbot/db/model.py).
inline constexpr const char* kHasServiceTables =
    "SELECT to_regclass('masters') IS NOT NULL AND to_regclass('schedulers') IS NOT NULL AND "
    "to_regclass('scheduler_masters') IS NOT NULL AND to_regclass('changesources') IS NOT NULL "
    "AND to_regclass('changesource_masters') IS NOT NULL";

// The table reads for core's own sort: the objects in order, the values as
// stored (no server sort of every value).
inline constexpr const char* kCopyObjectsInOrder =
    "COPY (SELECT id::int8, class_name, name FROM objects "
    "ORDER BY class_name COLLATE \"C\", name COLLATE \"C\") TO STDOUT (FORMAT binary)";
inline constexpr const char* kCopyValues =
    "COPY (SELECT objectid::int8, name, value_json FROM object_state) TO STDOUT (FORMAT binary)";
// pg_table_size counts TOAST-compressed values, so it may fall short.
inline constexpr const char* kStateBytes = "SELECT pg_table_size('object_state')";

// With Buildbot's foreign key in place (validated), PostgreSQL holds no
// orphans: no need to scan object_state for them.
inline constexpr const char* kHasForeignKey =
    "SELECT count(*) FROM pg_constraint WHERE conrelid = 'object_state'::regclass "
    "AND confrelid = 'objects'::regclass AND contype = 'f' AND convalidated";
inline constexpr const char* kCountOrphans =
    "SELECT count(*) FROM object_state WHERE objectid NOT IN (SELECT id FROM objects)";
inline constexpr const char* kDeleteOrphans =
    "DELETE FROM object_state WHERE objectid NOT IN (SELECT id FROM objects)";
// The value nextval() would give objects.id's sequence (increment 1, as
// SERIAL makes it), or NULL when id has no sequence.
inline constexpr const char* kNextObjectId =
    "SELECT CASE WHEN s.seq IS NULL THEN NULL "
    "ELSE coalesce(pg_sequence_last_value(s.seq) + 1, "
    "(SELECT seqstart FROM pg_sequence WHERE seqrelid = s.seq)) END "
    "FROM (SELECT pg_get_serial_sequence('objects', 'id')::regclass AS seq) AS s";

// Import: each batch is copied into a temporary table, compared and merged
// set-based. The records the comparison found stored go to a second one
// (in a first import into an empty database, none), so the merge inserts
// only the records it found absent and replaces only those it found
// differing: what another writer did in between shows in the counts.
// The id of each object of a batch (two text[] parameters: class names,
// names), NULL for those not stored, in the lists' order: one index lookup
// per object, as a subplan (see kCompareStaged).
inline constexpr const char* kLookUpObjects =
    "SELECT (SELECT o.id FROM objects AS o WHERE o.name = u.name AND o.class_name = u.class_name) "
    "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(class_name, name, ord) ORDER BY u.ord";
// Creates the objects of the lists, ids in list order; those another
// connection created since the lookup are left out of what it returns.
inline constexpr const char* kInsertObjects =
    "INSERT INTO objects (name, class_name) SELECT u.name, u.class_name "
    "FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(class_name, name, ord) "
    "ORDER BY u.ord ON CONFLICT DO NOTHING RETURNING id, class_name, name";
// The values of objects this import created: nothing can conflict.
inline constexpr const char* kCopyNewValues = "COPY object_state (objectid, name, value_json) FROM STDIN";
inline constexpr const char* kCreateStaging =
    "CREATE TEMP TABLE IF NOT EXISTS statectl_import (seq int4 NOT NULL, class_name text NOT NULL,"
    " name text NOT NULL, key text, value_json text) ON COMMIT DROP";
inline constexpr const char* kCreateFound =
    "CREATE TEMP TABLE IF NOT EXISTS statectl_found (seq int4 NOT NULL, found int2 NOT NULL) "
    "ON COMMIT DROP";
inline constexpr const char* kClearStaging = "TRUNCATE statectl_import, statectl_found";
inline constexpr const char* kCopyStaging = "COPY statectl_import FROM STDIN";
// Two index lookups per record, as subplans: a join would be planned from
// statistics that know nothing of the rows this very import is inserting,
// and seq-scan object_state once per batch. OFFSET 0 keeps each subplan
// evaluated once per record. 0 absent, 1 identical, 2 differs.
inline constexpr const char* kCompareStaged =
    "SELECT x.oid IS NOT NULL, CASE WHEN x.v IS NULL THEN 0 WHEN x.v = x.value_json THEN 1 "
    "ELSE 2 END FROM (SELECT y.seq, y.oid, y.value_json, (SELECT s.value_json FROM object_state "
    "AS s WHERE s.objectid = y.oid AND s.name = y.key) AS v FROM (SELECT i.seq, i.key, "
    "i.value_json, (SELECT o.id FROM objects AS o WHERE o.name = i.name AND o.class_name = "
    "i.class_name) AS oid FROM statectl_import AS i OFFSET 0) AS y OFFSET 0) AS x ORDER BY x.seq";
// The records found stored, as "seq\tfound" lines (none after a batch of
// new records, the usual first import).
inline constexpr const char* kCopyFound = "COPY statectl_found FROM STDIN";
// New objects get ids in dump order; NOT EXISTS keeps the sequence from
// moving for objects that exist (ON CONFLICT alone would burn an id per
// existing object). Then the values found absent, and (overwrite) those
// found differing. Sent as one round trip, not awaited.
inline constexpr const char* kMergeObjects =
    "INSERT INTO objects (name, class_name) "
    "SELECT i.name, i.class_name FROM statectl_import AS i WHERE NOT EXISTS "
    "(SELECT 1 FROM objects AS o WHERE o.name = i.name AND o.class_name = i.class_name) "
    "GROUP BY i.name, i.class_name ORDER BY min(i.seq) ON CONFLICT DO NOTHING";
inline constexpr const char* kMergeValues =
    "INSERT INTO object_state (objectid, name, value_json) "
    "SELECT o.id, i.key, i.value_json FROM statectl_import AS i "
    "JOIN objects AS o ON o.name = i.name AND o.class_name = i.class_name "
    "WHERE i.key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statectl_found AS f WHERE f.seq = i.seq) "
    "ON CONFLICT (objectid, name) DO NOTHING";
inline constexpr const char* kOverwriteValues =
    "UPDATE object_state AS s SET value_json = i.value_json FROM statectl_import AS i "
    "JOIN statectl_found AS f ON f.seq = i.seq AND f.found = 2 "
    "JOIN objects AS o ON o.name = i.name AND o.class_name = i.class_name "
    "WHERE s.objectid = o.id AND s.name = i.key";

// Per session: lock waits end after --timeout (SQLSTATE 55P03); JIT
// compiling costs a bulk import's batch queries more than it saves.
inline constexpr const char* kSessionSettings =
    "SELECT set_config('lock_timeout', $1, false), set_config('jit', 'off', false)";

// What the server's backend $1 is doing, for the liveness probe of a
// connection that has been silent (a role sees its own backends' state).
inline constexpr const char* kBackendActivity =
    "SELECT coalesce(state, ''), coalesce(wait_event, '') FROM pg_stat_activity WHERE pid = $1";

}  // namespace statectl::pg::sql

#endif  // STATECTL_BACKENDS_POSTGRES_PG_SQL_H_
