-- psql building statectl's dump record lines in SQL, through COPY TO STDOUT
-- (CSV with separators that never occur, so lines come out unescaped).
COPY (SELECT '{"class_name":' || to_json(o.class_name::text) || ',"name":' || to_json(o.name::text)
             || ',"key":' || to_json(s.name::text) || ',"value":' || s.value_json || '}'
      FROM objects AS o JOIN object_state AS s ON s.objectid = o.id
      ORDER BY o.class_name COLLATE "C", o.name COLLATE "C", s.name COLLATE "C")
  TO STDOUT WITH (FORMAT csv, DELIMITER E'\x1f', QUOTE E'\x1e');
