-- What `statectl list` reads, as one GROUP BY in the mariadb client.
SELECT o.id, o.name, o.class_name, count(s.name), coalesce(sum(octet_length(s.value_json)), 0)
FROM objects AS o LEFT JOIN object_state AS s ON s.objectid = o.id
GROUP BY o.id ORDER BY CAST(o.name AS BINARY), CAST(o.class_name AS BINARY);
