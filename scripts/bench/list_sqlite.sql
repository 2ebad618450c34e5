-- What `statectl list` reads, as one GROUP BY in the sqlite3 shell: each
-- object with its number of values and their bytes, by name and class.
.mode list
WITH s AS MATERIALIZED (SELECT objectid, count(*) AS n, sum(length(CAST(value_json AS BLOB))) AS b
                        FROM object_state NOT INDEXED GROUP BY objectid)
SELECT o.id, o.name, o.class_name, coalesce(s.n, 0), coalesce(s.b, 0)
FROM objects AS o LEFT JOIN s ON s.objectid = o.id ORDER BY o.name, o.class_name;
