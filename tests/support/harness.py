"""Shared helpers for the end-to-end tests: run the real statectl binary and
real Buildbot (tests/interop/buildbot_state.py) on temporary databases of the
backend named by STATECTL_TEST_BACKEND (sqlite, the default; postgresql, on
the server that scripts/pg-sandbox.sh started; mysql, on the one that
scripts/mariadb-sandbox.sh started, with InnoDB tables)."""
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "interop", "buildbot_state.py")
STATECTL = os.environ.get("STATECTL_BIN") or os.path.join(HERE, "..", "..", "build", "cli", "statectl")
BUILDBOT_PYTHON = "/usr/bin/python3"  # Debian's python3-buildbot lives here
BACKEND = os.environ.get("STATECTL_TEST_BACKEND", "sqlite")
PG_HOST = os.environ.get("STATECTL_TEST_PG_HOST", "")
PG_PORT = os.environ.get("STATECTL_TEST_PG_PORT", "")
MYSQL_SOCKET = os.environ.get("STATECTL_TEST_MYSQL_SOCKET", "")
MYSQL_PORT = os.environ.get("STATECTL_TEST_MYSQL_PORT", "")

if BACKEND == "postgresql" and not PG_HOST:
    raise RuntimeError("STATECTL_TEST_BACKEND=postgresql needs STATECTL_TEST_PG_HOST/_PORT "
                       "(scripts/test.sh starts a server)")

if BACKEND == "mysql" and not MYSQL_SOCKET:
    raise RuntimeError("STATECTL_TEST_BACKEND=mysql needs STATECTL_TEST_MYSQL_SOCKET "
                       "(scripts/test.sh starts a server)")

sqlite_only = unittest.skipUnless(BACKEND == "sqlite", "SQLite files only")
postgresql_only = unittest.skipUnless(BACKEND == "postgresql", "PostgreSQL only")
mysql_only = unittest.skipUnless(BACKEND == "mysql", "MySQL only")


def pg_admin(sql, dbname="postgres", host=None, port=None):
    """Runs sql as the superuser (on the tests' server unless host/port say
    another); its rows, if it returns any."""
    import psycopg2  # Debian's python3-psycopg2, also Buildbot's PostgreSQL driver
    con = psycopg2.connect(host=host or PG_HOST, port=port or PG_PORT, user="postgres", dbname=dbname)
    con.autocommit = True
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall() if cur.description else None
    finally:
        con.close()


def pg_url(dbname, user="postgres"):
    return f"postgresql://{user}@/{dbname}?host={PG_HOST}&port={PG_PORT}"


def pg_dbname(url):
    """The database name of a pg_url()."""
    return url.split("@/")[1].split("?")[0]


def mysql_connect(dbname="mysql", socket=None):
    """A connection as root over the tests' server's socket (or another
    server's; MySQLdb: Debian's python3-mysqldb, also Buildbot's MySQL
    driver), autocommitting."""
    import MySQLdb
    con = MySQLdb.connect(unix_socket=socket or MYSQL_SOCKET, user="root", database=dbname,
                          charset="utf8")
    con.autocommit(True)
    return con


def mysql_admin(sql, dbname="mysql", socket=None):
    """Runs sql as root (on the tests' server unless socket says another);
    its rows, if it returns any."""
    con = mysql_connect(dbname, socket)
    try:
        cur = con.cursor()
        cur.execute(sql)
        return cur.fetchall() if cur.description else None
    finally:
        con.close()


def mysql_url(dbname, engine="InnoDB"):
    return f"mysql://root@localhost/{dbname}?unix_socket={MYSQL_SOCKET}&storage_engine={engine}"


def mysql_dbname(url):
    """The database name of a mysql_url()."""
    return url.split("@localhost/")[1].split("?")[0]


def passwords_in(words):
    """The passwords of the database URLs in words: user:PASSWORD@ and
    libpq's password=PASSWORD."""
    found = []
    for word in words:
        found += re.findall(r"://[^/@:\s]*:([^@/\s]+)@", word)
        found += re.findall(r"[?&]password=([^&\s]+)", word)
    return [p for p in found if len(p) >= 4]  # short ones would match by chance


class Run:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return f"rc={self.rc} out={self.out!r} err={self.err!r}"


class StatectlTestCase(unittest.TestCase):
    """Each test gets a fresh directory as cwd and a fresh main database,
    named by $STATECTL_DB (SQLite: state.sqlite in that directory)."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="statectl-e2e-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.env = {k: v for k, v in os.environ.items() if k != "STATECTL_DB"}
        self.url = self.db("main")
        self.env["STATECTL_DB"] = self.url

    def silent_port(self):
        """A loopback port whose listener accepts connections and never says
        a word (a hung server), open until the test ends."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # the kernel accepts; nobody ever answers
        self.addCleanup(listener.close)
        return listener.getsockname()[1]

    def db(self, name, backend=None):
        """The URL of the test's database called name, which has no tables
        yet, on backend (default: the one under test)."""
        if (backend or BACKEND) == "sqlite":
            return f"sqlite:///{self.path(name + '.sqlite')}"
        dbname = f"e2e_{uuid.uuid4().hex[:12]}_{name}"
        if (backend or BACKEND) == "mysql":
            mysql_admin(f"CREATE DATABASE {dbname}")
            self.addCleanup(mysql_admin, f"DROP DATABASE IF EXISTS {dbname}")
            return mysql_url(dbname)
        pg_admin(f"CREATE DATABASE {dbname}")
        self.addCleanup(pg_admin, f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        return pg_url(dbname)

    def missing_db(self):
        """A URL whose database does not exist."""
        if BACKEND == "sqlite":
            return f"sqlite:///{self.path('none.sqlite')}"
        if BACKEND == "mysql":
            return mysql_url("no_such_database_" + uuid.uuid4().hex[:8])
        return pg_url("no_such_database_" + uuid.uuid4().hex[:8])

    def path(self, name):
        return os.path.join(self.dir, name)

    def statectl(self, *args, input=None, env=None, cwd=None, timeout=60):
        env = env or self.env
        proc = subprocess.run([STATECTL, *args], input=input, capture_output=True, text=True,
                              env=env, cwd=cwd or self.dir, timeout=timeout)
        run = Run(proc)
        # Issue 13: whatever a test does, no password of a URL it gave ever
        # comes back on stdout or stderr.
        for secret in passwords_in([*args, env.get("STATECTL_DB", "")]):
            self.assertNotIn(secret, run.out + run.err, f"a password was printed: {run}")
        return run

    def ok(self, *args, **kw):
        r = self.statectl(*args, **kw)
        self.assertEqual(r.rc, 0, r)
        return r.out

    def fails(self, code, *args, **kw):
        r = self.statectl(*args, **kw)
        self.assertEqual(r.rc, code, r)
        self.assertEqual(r.out, "", r)
        lines = r.err.splitlines()
        self.assertEqual(len(lines), 1, r)  # one line, "statectl: COMMAND: ..."
        self.assertTrue(lines[0].startswith("statectl: "), r)
        return r.err

    def init(self, url=None):
        self.ok("-d", url or self.url, "init")

    def sql(self, statement, url=None, params=()):
        """Runs SQL on a test database; returns the rows of a query."""
        url = url or self.url
        if url.startswith("sqlite:///"):
            con = sqlite3.connect(url[len("sqlite:///"):])
            try:
                rows = con.execute(statement, params).fetchall()
                con.commit()
                return rows
            finally:
                con.close()
        if url.startswith("mysql://"):
            con = mysql_connect(mysql_dbname(url))
            try:
                cur = con.cursor()
                cur.execute(statement.replace("?", "%s"), params)
                return [tuple(r) for r in cur.fetchall()] if cur.description else []
            finally:
                con.close()
        import psycopg2
        con = psycopg2.connect(host=PG_HOST, port=PG_PORT, user="postgres",
                               dbname=pg_dbname(url))
        try:
            with con.cursor() as cur:
                cur.execute(statement.replace("?", "%s"), params)
                rows = cur.fetchall() if cur.description else []
            con.commit()
            return [tuple(r) for r in rows]
        finally:
            con.close()

    def rows(self, url=None):
        return (self.sql("SELECT id, name, class_name FROM objects ORDER BY id", url),
                self.sql("SELECT objectid, name, value_json FROM object_state ORDER BY objectid, name", url))

    def buildbot(self, ops, url=None, basedir=None):
        """Runs ops through real Buildbot's state API (as a master in basedir
        would); returns its results."""
        text = "".join(json.dumps(op) + "\n" for op in ops)
        proc = subprocess.run([BUILDBOT_PYTHON, ORACLE, basedir or self.dir, url or self.url],
                              input=text, capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return [json.loads(line) for line in proc.stdout.splitlines()]
