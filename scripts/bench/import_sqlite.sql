-- The sqlite3 shell route for an import: .import the dump's lines into a
-- temp table, then INSERT ... SELECT with SQLite's JSON functions. (Its
-- values come out minified by SQLite, not in Python's json.dumps form:
-- the route is not exact, only a yardstick.)
.mode ascii
.separator "\037" "\n"
CREATE TEMP TABLE dump (line TEXT);
.import DUMP_FILE dump
BEGIN;
INSERT INTO objects (name, class_name)
  SELECT DISTINCT line ->> '$.name', line ->> '$.class_name' FROM temp.dump
  WHERE line ->> '$.class_name' IS NOT NULL
  ON CONFLICT DO NOTHING;
INSERT INTO object_state (objectid, name, value_json)
  SELECT o.id, d.line ->> '$.key', d.line -> '$.value' FROM temp.dump AS d
  JOIN objects AS o ON o.name = d.line ->> '$.name' AND o.class_name = d.line ->> '$.class_name'
  WHERE d.line ->> '$.key' IS NOT NULL
  ON CONFLICT DO NOTHING;
COMMIT;
