"""PostgreSQL failure paths and URL forms, through the real binary: every
failure exits 5 (or 2/3 where the input is wrong) with one line naming the
problem, within --timeout, and writes nothing."""
import json
import os
import socket
import subprocess
import threading
import time
import uuid

from harness import (PG_HOST, PG_PORT, STATECTL, StatectlTestCase, pg_admin, pg_dbname,
                     pg_url, postgresql_only)


@postgresql_only
class PostgresFailureTest(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.init()
        self.dbname = pg_dbname(self.url)

    def role(self, password=None, grant=None):
        name = "r_" + uuid.uuid4().hex[:10]
        pw = f" PASSWORD '{password}'" if password else ""
        pg_admin(f"CREATE ROLE {name} LOGIN{pw}")
        self.addCleanup(pg_admin, f"DROP ROLE IF EXISTS {name}")
        if grant:
            pg_admin(grant.format(role=name), self.dbname)
            self.addCleanup(pg_admin, f"DROP OWNED BY {name}", self.dbname)
        return name

    def writer_with_pgpass(self, host):
        """A role that may read and write the state, and an env whose PGPASSFILE
        holds its password for host."""
        role = self.role(password="secret", grant="GRANT ALL ON objects, object_state, objects_id_seq TO {role}")
        passfile = self.path("pgpass")
        with open(passfile, "w") as f:
            f.write(f"{host}:{PG_PORT}:{self.dbname}:{role}:secret\n")
        os.chmod(passfile, 0o600)
        return role, dict(self.env, PGPASSFILE=passfile)

    def test_server_down_exits_5_naming_host_and_port(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()  # nothing listens there now
        err = self.fails(5, "-d", f"postgresql://bb:pw@127.0.0.1:{port}/bb", "get", "n", "C", "k")
        self.assertIn(f"127.0.0.1:{port}", err)
        self.assertNotIn("pw@", err)

    def test_a_server_that_never_answers_is_given_up_on_within_the_timeout(self):
        port = self.silent_port()
        start = time.monotonic()
        err = self.fails(5, "--timeout", "1", "-d", f"postgresql://bb@127.0.0.1:{port}/bb",
                         "get", "n", "C", "k")
        self.assertLess(time.monotonic() - start, 4)
        self.assertIn(f"127.0.0.1:{port}", err)
        self.assertIn("within 1 s", err)

    def test_a_host_name_that_never_resolves_is_given_up_on_within_the_timeout(self):
        # getaddrinfo sleeps 60 s for *.slow names (tests/support/slow_getaddrinfo.cc);
        # libpq would wait for it, whatever connect_timeout says.
        env = dict(self.env, LD_PRELOAD=os.environ["STATECTL_TEST_SLOW_DNS"])
        start = time.monotonic()
        err = self.fails(5, "--timeout", "1", "-d", f"postgresql://bb:pw@db.slow:{PG_PORT}/bb",
                         "get", "n", "C", "k", env=env)
        self.assertLess(time.monotonic() - start, 4)
        self.assertIn(f"db.slow:{PG_PORT}: cannot look up host name 'db.slow' within 1 s (--timeout)",
                      err)
        self.assertNotIn("pw", err)

    def test_pgpass_still_matches_a_host_name_that_statectl_looked_up(self):
        # statectl hands libpq the addresses as hostaddr and keeps host, which
        # .pgpass (and TLS verification) match against.
        role, env = self.writer_with_pgpass("localhost")
        self.ok("set", "n", "C", "k", "1")
        url = f"postgresql://{role}@localhost:{PG_PORT}/{self.dbname}"
        self.assertEqual(self.ok("-d", url, "get", "n", "C", "k", env=env), "1\n")
        env = dict(env, PGHOST="localhost", PGPORT=PG_PORT, PGUSER=role)
        env.pop("STATECTL_DB")
        self.assertEqual(self.ok("-d", f"postgresql:///{self.dbname}", "get", "n", "C", "k", env=env), "1\n")

    def test_wrong_password(self):
        role = self.role(password="right", grant="GRANT ALL ON objects, object_state TO {role}")
        url = f"postgresql://{role}:wrong@127.0.0.1:{PG_PORT}/{self.dbname}"
        err = self.fails(5, "-d", url, "get", "n", "C", "k")
        self.assertIn("password authentication failed", err)
        self.assertNotIn("wrong", err.replace("wrong password", ""))

    def test_percent_escaped_password_and_dropped_sqlalchemy_arguments(self):
        role = self.role(password="p@ss:w/rd%", grant="GRANT ALL ON objects, object_state, objects_id_seq TO {role}")
        url = (f"postgresql+psycopg2://{role}:p%40ss%3Aw%2Frd%25@127.0.0.1:{PG_PORT}/{self.dbname}"
               "?pool_size=5&max_overflow=10&pool_recycle=3600&sslmode=disable&application_name=ops")
        self.ok("-d", url, "set", "n", "C", "k", "1")
        self.assertEqual(self.ok("-d", url, "get", "n", "C", "k"), "1\n")

    def test_libpq_environment_and_pgpass_work_as_in_psql(self):
        role, pgpass_env = self.writer_with_pgpass("127.0.0.1")
        self.ok("set", "n", "C", "k", "1")
        env = dict(self.env, PGHOST="127.0.0.1", PGPORT=PG_PORT, PGUSER=role, PGPASSWORD="secret")
        env.pop("STATECTL_DB")
        self.assertEqual(self.ok("-d", f"postgresql:///{self.dbname}", "get", "n", "C", "k", env=env), "1\n")
        url = f"postgresql://{role}@127.0.0.1:{PG_PORT}/{self.dbname}"
        self.assertEqual(self.ok("-d", url, "get", "n", "C", "k", env=pgpass_env), "1\n")

    def test_unix_socket_url_form(self):
        url = f"postgres://postgres@/{self.dbname}?host={PG_HOST}&port={PG_PORT}"
        self.ok("-d", url, "set", "n", "C", "k", "[1]")
        self.assertEqual(self.ok("-d", url, "get", "n", "C", "k"), "[1]\n")

    def test_database_missing(self):
        err = self.fails(5, "-d", pg_url("no_such_db_here"), "get", "n", "C", "k")
        self.assertIn("no_such_db_here", err)
        self.assertIn("does not exist", err)

    def test_permission_denied_on_a_table(self):
        role = self.role(grant="GRANT SELECT ON objects TO {role}")
        url = pg_url(self.dbname, user=role)
        self.ok("object-id", "n", "C")
        err = self.fails(5, "-d", url, "get", "n", "C", "k")
        self.assertIn("permission denied", err)
        self.assertEqual(self.rows()[1], [])

    def test_a_too_long_class_name_is_invalid_input(self):
        err = self.fails(3, "set", "n", "C" * 129, "k", "1")
        self.assertIn("too long", err)
        self.assertEqual(self.rows(), ([], []))

    def test_a_connection_dropped_mid_import_writes_nothing(self):
        values = 200000  # ten import batches: time to cut the connection midway
        lines = [{"format": "statectl-dump", "version": 1, "created": "2026-01-01T00:00:00Z",
                  "source": "sqlite"}]
        lines += [{"class_name": "GitPoller", "name": f"repo-{i // 100:04d}", "key": f"k{i % 100:03d}",
                   "value": i} for i in range(values)]
        body = "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)
        import hashlib
        body += json.dumps({"format": "statectl-dump", "end": True, "objects": values // 100,
                            "values": values, "sha256": hashlib.sha256(body.encode()).hexdigest()},
                           separators=(",", ":")) + "\n"
        path = self.path("big.jsonl")
        with open(path, "w") as f:
            f.write(body)
        proc = subprocess.Popen([STATECTL, "import", path], env=self.env, cwd=self.dir,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed = False
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            # Once the import's transaction has written, cut its connection.
            rows = pg_admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            f"WHERE datname = '{self.dbname}' AND application_name = 'statectl' "
                            "AND backend_xid IS NOT NULL")
            if rows:
                killed = True
                break
            time.sleep(0.01)
        out, err = proc.communicate(timeout=60)
        self.assertTrue(killed, "the import finished before its connection could be cut")
        self.assertEqual(proc.returncode, 5, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("statectl: import:", err)
        self.assertEqual(self.rows(), ([], []))


@postgresql_only
class PostgresTextTest(StatectlTestCase):

    def test_a_nul_byte_from_sqlite_is_refused_not_cut(self):
        sqlite_url = f"sqlite:///{self.path('src.sqlite')}"
        self.init(sqlite_url)
        self.ok("-d", sqlite_url, "object-id", "n", "C")
        self.sql("INSERT INTO object_state VALUES (1, 'k', 'a' || char(0) || 'b')", sqlite_url)
        self.init()
        err = self.fails(3, "import", input=self.ok("-d", sqlite_url, "dump"))
        self.assertIn("NUL", err)
        self.assertIn("object ('n', 'C')", err)
        self.assertEqual(self.rows(), ([], []))
