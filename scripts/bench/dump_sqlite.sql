-- The sqlite3 shell building statectl's dump record lines in SQL: objects
-- sorted first, then each object's values in key order through the
-- name_per_object index. (No header, end line or checksum: SQL has none.)
.mode list
.headers off
SELECT '{"class_name":' || json_quote(o.class_name) || ',"name":' || json_quote(o.name)
       || ',"key":' || json_quote(s.name) || ',"value":' || s.value_json || '}'
FROM (SELECT id, class_name, name FROM objects ORDER BY class_name, name) AS o
CROSS JOIN object_state AS s ON s.objectid = o.id
ORDER BY o.class_name, o.name, s.name;
