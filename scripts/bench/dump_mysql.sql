-- The mariadb client building statectl's dump record lines in SQL (run with
-- -N -B -r --quick: rows unescaped and streamed), in bytewise order as
-- statectl's dump is. (No header, end line or checksum: SQL has none.)
SELECT CONCAT('{"class_name":', JSON_QUOTE(o.class_name), ',"name":', JSON_QUOTE(o.name),
              ',"key":', JSON_QUOTE(s.name), ',"value":', s.value_json, '}')
FROM objects AS o JOIN object_state AS s ON s.objectid = o.id
ORDER BY CAST(o.class_name AS BINARY), CAST(o.name AS BINARY), CAST(s.name AS BINARY);
