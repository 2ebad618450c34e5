"""What a user would otherwise script for `statectl check`: every stored
value through Python's json.loads (what Buildbot's getState does to each),
then the database's own check of the two tables (SQLite's integrity_check,
MySQL's CHECK TABLE).

Usage: check_python.py sqlite PATH | check_python.py postgresql DSN |
       check_python.py mysql SOCKET DATABASE  (as root)
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
elif kind == "mysql":
    import MySQLdb
    import MySQLdb.cursors
    conn = MySQLdb.connect(unix_socket=where, user="root", database=sys.argv[3], charset="utf8",
                           use_unicode=False, cursorclass=MySQLdb.cursors.SSCursor)  # streamed
    cur = conn.cursor()
    cur.execute("SELECT objectid, name, value_json FROM object_state")
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
elif kind == "mysql":
    cur.close()
    check = conn.cursor()
    check.execute("CHECK TABLE objects, object_state")
    check.fetchall()
print(bad)
