-- The mariadb client's route for an import: LOAD DATA LOCAL the dump's
-- lines into a temporary table, then INSERT IGNORE ... SELECT with
-- MariaDB's JSON functions, in one transaction (InnoDB tables). (Not
-- exact: JSON_EXTRACT gives values in MariaDB's form, and IGNORE lets
-- collation-equal names fall together; only a yardstick.)
CREATE TEMPORARY TABLE dump (line LONGTEXT) CHARACTER SET utf8mb3;
LOAD DATA LOCAL INFILE 'DUMP_FILE' INTO TABLE dump CHARACTER SET utf8mb3
  FIELDS TERMINATED BY '\t' ESCAPED BY '' LINES TERMINATED BY '\n';
BEGIN;
INSERT IGNORE INTO objects (name, class_name)
  SELECT DISTINCT JSON_VALUE(line, '$.name'), JSON_VALUE(line, '$.class_name') FROM dump
  WHERE JSON_VALUE(line, '$.class_name') IS NOT NULL;
INSERT IGNORE INTO object_state (objectid, name, value_json)
  SELECT o.id, JSON_VALUE(d.line, '$.key'), JSON_EXTRACT(d.line, '$.value') FROM dump AS d
  JOIN objects AS o ON o.name = JSON_VALUE(d.line, '$.name') AND o.class_name = JSON_VALUE(d.line, '$.class_name')
  WHERE JSON_VALUE(d.line, '$.key') IS NOT NULL;
COMMIT;
