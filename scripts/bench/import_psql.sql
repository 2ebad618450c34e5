-- The psql route for an import: \copy the dump's lines into a temp table,
-- then set-based INSERT ... SELECT ... ON CONFLICT with PostgreSQL's json.
BEGIN;
CREATE TEMP TABLE dump (line text);
\copy dump FROM 'DUMP_FILE' WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e')
INSERT INTO objects (name, class_name)
  SELECT DISTINCT j ->> 'name', j ->> 'class_name' FROM (SELECT line::json AS j FROM dump) AS d
  WHERE j ->> 'class_name' IS NOT NULL
  ON CONFLICT DO NOTHING;
INSERT INTO object_state (objectid, name, value_json)
  SELECT o.id, d.j ->> 'key', (d.j -> 'value')::text FROM (SELECT line::json AS j FROM dump) AS d
  JOIN objects AS o ON o.name = d.j ->> 'name' AND o.class_name = d.j ->> 'class_name'
  WHERE d.j ->> 'key' IS NOT NULL
  ON CONFLICT (objectid, name) DO NOTHING;
COMMIT;
