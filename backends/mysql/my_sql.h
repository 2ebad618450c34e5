// Every statement the MySQL/MariaDB driver sends, in one place. Parameters
// are always bound (?), never spliced. Comparisons in WHERE use the
// columns' collation, as Buildbot's own queries do (utf8mb3_general_ci:
// case- and accent-insensitive); every ORDER BY compares bytes
// (CAST ... AS BINARY), the order of every other backend.
#ifndef STATECTL_BACKENDS_MYSQL_MY_SQL_H_
#define STATECTL_BACKENDS_MYSQL_MY_SQL_H_

namespace statectl::my::sql {

// Buildbot's schema as SQLAlchemy creates it on MySQL: the table options
// come from sautils.Table (CHARACTER SET utf8), the engine from the session's
// default_storage_engine (Buildbot's storage_engine, default MyISAM, which
// ignores the foreign key). Each index is created after its table, as
// SQLAlchemy does.
inline constexpr const char* kCreateObjects =
    "CREATE TABLE objects (\n"
    "\tid INTEGER NOT NULL AUTO_INCREMENT, \n"
    "\tname VARCHAR(128) NOT NULL, \n"
    "\tclass_name VARCHAR(128) NOT NULL, \n"
    "\tPRIMARY KEY (id)\n"
    ")CHARACTER SET utf8";
inline constexpr const char* kCreateObjectIdentity =
    "CREATE UNIQUE INDEX object_identity ON objects (name, class_name)";
inline constexpr const char* kCreateObjectState =
    "CREATE TABLE object_state (\n"
    "\tobjectid INTEGER NOT NULL, \n"
    "\tname VARCHAR(255) NOT NULL, \n"
    "\tvalue_json TEXT NOT NULL, \n"
    "\tFOREIGN KEY(objectid) REFERENCES objects (id) ON DELETE CASCADE\n"
    ")CHARACTER SET utf8";
inline constexpr const char* kCreateNamePerObject =
    "CREATE UNIQUE INDEX name_per_object ON object_state (objectid, name)";
inline constexpr const char* kTableExists =
    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
    "AND TABLE_NAME = ?";
// The state tables whose engine cannot roll back (MyISAM, Aria, ...).
inline constexpr const char* kNonTransactionalTables =
    "SELECT t.TABLE_NAME, t.ENGINE FROM information_schema.TABLES AS t "
    "JOIN information_schema.ENGINES AS e ON e.ENGINE = t.ENGINE "
    "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN ('objects', 'object_state') "
    "AND e.TRANSACTIONS <> 'YES' ORDER BY t.TABLE_NAME";

// How many bytes object_state.value_json holds (TEXT, Buildbot's: 65,535;
// an operator may have widened it, the cure for buildbot#6100).
inline constexpr const char* kValueCapacity =
    "SELECT CHARACTER_OCTET_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
    "AND TABLE_NAME = 'object_state' AND COLUMN_NAME = 'value_json'";

inline constexpr const char* kFindObject =
    "SELECT id FROM objects WHERE name = ? AND class_name = ?";
inline constexpr const char* kObjectById = "SELECT name, class_name FROM objects WHERE id = ?";
inline constexpr const char* kInsertObject =
    "INSERT INTO objects (name, class_name) VALUES (?, ?)";
inline constexpr const char* kGetValue =
    "SELECT value_json FROM object_state WHERE objectid = ? AND name = ?";
inline constexpr const char* kStoredKey =
    "SELECT name FROM object_state WHERE objectid = ? AND name = ?";
inline constexpr const char* kGetValueForUpdate =
    "SELECT value_json FROM object_state WHERE objectid = ? AND name = ? FOR UPDATE";
inline constexpr const char* kInsertValue =
    "INSERT INTO object_state (objectid, name, value_json) VALUES (?, ?, ?)";
// The connection has CLIENT_FOUND_ROWS: an UPDATE counts the rows it
// matched, not only those it changed (as SQLAlchemy's MySQLdb connection).
inline constexpr const char* kUpdateValue =
    "UPDATE object_state SET value_json = ? WHERE objectid = ? AND name = ?";
inline constexpr const char* kValuesOfObject =
    "SELECT name, value_json FROM object_state WHERE objectid = ? ORDER BY CAST(name AS BINARY)";
inline constexpr const char* kDeleteValue =
    "DELETE FROM object_state WHERE objectid = ? AND name = ?";
inline constexpr const char* kDeleteValuesOf = "DELETE FROM object_state WHERE objectid = ?";
inline constexpr const char* kDeleteObject = "DELETE FROM objects WHERE id = ?";
inline constexpr const char* kRenameObject =
    "UPDATE objects SET name = ?, class_name = ? WHERE id = ?";
// A named lock of the session (create-once's) on the database and "id/key",
// hashed (lock names are server-wide and at most 64 characters), waited for
// up to the timeout in seconds: 1 taken, 0 timed out. Released when the
// transaction ends.
inline constexpr const char* kGetLock =
    "SELECT GET_LOCK(CONCAT('statectl:', SHA1(CONCAT(DATABASE(), '/', ?))), ?)";
inline constexpr const char* kReleaseLocks = "DO RELEASE_ALL_LOCKS()";

inline constexpr const char* kObjectsInOrder =
    "SELECT id, class_name, name FROM objects "
    "ORDER BY CAST(class_name AS BINARY), CAST(name AS BINARY)";
inline constexpr const char* kValues = "SELECT objectid, name, value_json FROM object_state";
inline constexpr const char* kJoined =
    "SELECT o.class_name, o.name, s.name, s.value_json FROM objects AS o "
    "LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE ? AND o.name LIKE ? "
    "ORDER BY CAST(o.class_name AS BINARY), CAST(o.name AS BINARY), CAST(s.name AS BINARY)";
// Grouped by the id alone: grouping by the names too made MariaDB's
// temporary table key on them, 2.5x the time at 1M values. MIN() of an
// object's one name is the name, and valid under ONLY_FULL_GROUP_BY (which
// MariaDB applies without knowing that the id decides the names).
inline constexpr const char* kSummary =
    "SELECT o.id, MIN(o.name), MIN(o.class_name), COUNT(s.name), "
    "COALESCE(SUM(LENGTH(s.value_json)), 0) "
    "FROM objects AS o LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE ? AND o.name LIKE ? "
    "GROUP BY o.id ORDER BY CAST(MIN(o.name) AS BINARY), CAST(MIN(o.class_name) AS BINARY)";
inline constexpr const char* kSummaryPerKey =
    "SELECT o.id, o.name, o.class_name, s.name, COALESCE(LENGTH(s.value_json), 0) "
    "FROM objects AS o LEFT JOIN object_state AS s ON s.objectid = o.id "
    "WHERE o.class_name LIKE ? AND o.name LIKE ? "
    "ORDER BY CAST(o.name AS BINARY), CAST(o.class_name AS BINARY), CAST(s.name AS BINARY)";
inline constexpr const char* kStateBytes =
    "SELECT COALESCE(DATA_LENGTH, 0) FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'object_state'";

inline constexpr const char* kCountOrphans =
    "SELECT COUNT(*) FROM object_state AS s LEFT JOIN objects AS o ON o.id = s.objectid "
    "WHERE o.id IS NULL";
inline constexpr const char* kDeleteOrphans =
    "DELETE s FROM object_state AS s LEFT JOIN objects AS o ON o.id = s.objectid "
    "WHERE o.id IS NULL";
inline constexpr const char* kNextObjectId =
    "SELECT AUTO_INCREMENT FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'objects'";
// One result row per message; Msg_type 'error' (or a status not OK) is damage.
inline constexpr const char* kCheckTables = "CHECK TABLE objects, object_state";

inline constexpr const char* kHasServiceTables =
    "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
    "AND TABLE_NAME IN ('masters', 'schedulers', 'scheduler_masters', 'changesources', "
    "'changesource_masters')";

// The session: Buildbot's connection charset (utf8, i.e. utf8mb3) is set by
// the client library; strict mode for every engine, so that a value or name
// a column cannot hold is refused, never truncated (MyISAM under the
// default STRICT_TRANS_TABLES would truncate all but a statement's first row).
inline constexpr const char* kStrictMode =
    "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'STRICT_ALL_TABLES')";
inline constexpr const char* kSetStorageEngine = "SET SESSION default_storage_engine = ?";
inline constexpr const char* kSetLockWaits =
    "SET SESSION innodb_lock_wait_timeout = ?, lock_wait_timeout = ?";
inline constexpr const char* kBeginRead =
    "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY";
inline constexpr const char* kReadIsolation = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
// Writes see what other writers committed (an insert that lost a race
// finds the winner), as on PostgreSQL.
inline constexpr const char* kWriteIsolation = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
inline constexpr const char* kBeginWrite = "START TRANSACTION";

// What the server's thread of a connection is doing (the silence probe).
inline constexpr const char* kThreadActivity =
    "SELECT COMMAND, STATE FROM information_schema.PROCESSLIST WHERE ID = ?";

}  // namespace statectl::my::sql

#endif  // STATECTL_BACKENDS_MYSQL_MY_SQL_H_
