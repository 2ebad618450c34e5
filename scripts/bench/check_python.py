"""What a user would otherwise script for `statectl check`: every stored
value through Python's json.loads (what Buildbot's getState does to each),
then the database's own check of the two tables.

Usage: check_python.py sqlite PATH | check_python.py postgresql DSN
Prints the number of values json.loads refused.
"""
import json
import sys

kind, where = sys.argv[1], sys.argv[2]
if kind == "sqlite":
    import sqlite3
    conn = sqlite3.connect(where)
    conn.text_factory = bytes
    cur = conn.execute("SELECT objectid, name, value_json FROM object_state")
else:
    import psycopg2
    conn = psycopg2.connect(where)
    cur = conn.cursor("values")  # server-side: rows in batches, not all at once
    cur.itersize = 20000
    cur.execute("SELECT objectid, name, value_json FROM object_state")
bad = 0
for _, _, value in cur:
    try:
        json.loads(value)
    except ValueError:
        bad += 1
if kind == "sqlite":
    conn.execute("PRAGMA integrity_check").fetchall()
print(bad)
