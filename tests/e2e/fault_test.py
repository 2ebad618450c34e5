"""Fault injection through the real binary (issue 13): statectl killed with
SIGKILL at random moments of an import and of a dump -o. Afterwards the
target is exactly the state before or exactly the state after (compared as
dumps), SQLite's integrity_check says ok, a backup file is the old one or the
new complete one, and nothing else is left beside it.

STATECTL_FAULT_TRIALS sets the trials per test (default 5: CI's bounded
run; scripts/fault-trials.sh runs 100 for the figures), STATECTL_FAULT_SEED
the random seed (printed on a failure), and STATECTL_FAULT_REPORT a file
that gets one JSON line per trial."""
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest
import uuid

from harness import (BACKEND, HERE, MYSQL_PORT, PG_PORT, STATECTL, StatectlTestCase, mysql_admin,
                     mysql_dbname, mysql_url, pg_admin, pg_dbname, pg_url, sqlite_only)
from tcp_proxy import Proxy

TRIALS = int(os.environ.get("STATECTL_FAULT_TRIALS", "5"))
SEED = int(os.environ.get("STATECTL_FAULT_SEED", str(int(time.time()))))
REPORT = os.environ.get("STATECTL_FAULT_REPORT")


def dump_text(records):
    """A sound v1 dump of records: (class_name, name, key, value_json) tuples,
    each value_json one line of strict JSON."""
    records = sorted(records)
    # "value" carries value_json verbatim, as statectl's dumps do.
    body = "".join(json.dumps({"class_name": c, "name": n, "key": k}, separators=(",", ":"),
                              ensure_ascii=False)[:-1] + ',"value":' + v + "}\n"
                   for c, n, k, v in records)
    header = json.dumps({"format": "statectl-dump", "version": 1, "created": "2026-01-01T00:00:00Z",
                         "source": "sqlite"}, separators=(",", ":")) + "\n"
    end = json.dumps({"format": "statectl-dump", "end": True,
                      "objects": len({(c, n) for c, n, _, _ in records}), "values": len(records),
                      "sha256": hashlib.sha256(body.encode()).hexdigest()},
                     separators=(",", ":")) + "\n"
    return header + body + end


def records_of(dump):
    """A dump's record lines: what two dumps of the same state share."""
    return dump.split("\n", 1)[1].rsplit("\n", 2)[0]


def report(test, **fields):
    if REPORT:
        with open(REPORT, "a") as f:
            f.write(json.dumps(dict(test=test, backend=BACKEND, **fields)) + "\n")


class KillMinus9Test(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.random = random.Random(SEED)
        # Before: 30 objects of 100 values. The import overwrites all of them
        # and adds 570 objects more (60,000 values): long enough to be killed
        # inside its COPY, its merge and right before its COMMIT.
        self.before = [("GitPoller", f"repo-{o:04d}", f"k{k:03d}", json.dumps({"gen": "before", "v": o * k}))
                       for o in range(30) for k in range(100)]
        self.incoming = [("GitPoller", f"repo-{o:04d}", f"k{k:03d}", json.dumps({"gen": "after", "v": o + k}))
                         for o in range(600) for k in range(100)]

    def fresh_copy(self, template, name):
        """A new database holding exactly what template holds."""
        if BACKEND == "sqlite":
            path = self.path(name + ".sqlite")
            for suffix in ("", "-journal", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            shutil.copyfile(template[len("sqlite:///"):], path)
            return f"sqlite:///{path}"
        if BACKEND == "mysql":
            source = mysql_dbname(template)
            dbname = f"{source}_{name}"
            mysql_admin(f"DROP DATABASE IF EXISTS {dbname}")
            mysql_admin(f"CREATE DATABASE {dbname}")
            self.addCleanup(mysql_admin, f"DROP DATABASE IF EXISTS {dbname}")
            for table in ("objects", "object_state"):
                ddl = mysql_admin(f"SHOW CREATE TABLE {source}.{table}")[0][1]
                mysql_admin(ddl, dbname)
                mysql_admin(f"INSERT INTO {dbname}.{table} SELECT * FROM {source}.{table}")
            return mysql_url(dbname)
        dbname = f"{pg_dbname(template)}_{name}"
        pg_admin(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {dbname} TEMPLATE {pg_dbname(template)}")
        self.addCleanup(pg_admin, f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
        return pg_url(dbname)

    def integrity_ok(self, url):
        if BACKEND != "sqlite":
            return
        con = sqlite3.connect(url[len("sqlite:///"):])
        try:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        finally:
            con.close()

    def timed(self, *args):
        start = time.monotonic()
        self.ok(*args)
        return time.monotonic() - start

    def run_killed(self, args, at):
        """Runs statectl ARGS and sends it SIGKILL after `at` seconds (if it is
        still running then); its return code. self.killed_pid is its pid."""
        proc = subprocess.Popen([STATECTL, *args], cwd=self.dir, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.killed_pid = proc.pid
        try:
            proc.wait(timeout=at)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=60)
        return proc.returncode

    def test_import_killed_at_random_leaves_the_state_before_or_after(self):
        template = self.db("before")
        self.ok("-d", template, "import", "--init", input=dump_text(self.before))
        dump_path = self.path("incoming.jsonl")
        with open(dump_path, "w") as f:
            f.write(dump_text(self.incoming))
        before = records_of(self.ok("-d", template, "dump"))
        reference = self.fresh_copy(template, "reference")
        seconds = self.timed("-d", reference, "import", "--on-conflict", "overwrite", dump_path)
        after = records_of(self.ok("-d", reference, "dump"))
        self.assertNotEqual(before, after)
        outcomes = {"before": 0, "after": 0}
        for trial in range(TRIALS):
            at = self.random.uniform(0, seconds * 1.3)
            target = self.fresh_copy(template, "target")
            rc = self.run_killed(["-d", target, "import", "--on-conflict", "overwrite", dump_path], at)
            state = records_of(self.ok("-d", target, "dump"))
            self.integrity_ok(target)
            outcome = "before" if state == before else "after" if state == after else "other"
            report("import", trial=trial, at=round(at, 4), run_seconds=round(seconds, 4), rc=rc,
                   outcome=outcome)
            self.assertNotEqual(outcome, "other",
                                f"seed {SEED}, trial {trial}: killed after {at:.3f} s of {seconds:.3f} s, "
                                "the state is neither the one before nor the one after")
            if rc == 0:
                self.assertEqual(outcome, "after")
            outcomes[outcome] += 1
        print(f"\nimport, {BACKEND}: {TRIALS} kill -9 trials (a full run {seconds:.2f} s): {outcomes}")

    def files_beside_backup(self):
        return sorted(f for f in os.listdir(self.dir) if not f.startswith("main.sqlite"))

    def test_dump_killed_at_random_leaves_the_old_file_or_the_new_one(self):
        self.ok("import", "--init", input=dump_text(self.incoming))
        old = dump_text(self.before)
        new = records_of(self.ok("dump"))
        backup = self.path("backup.jsonl")
        seconds = self.timed("dump", "-o", backup)
        outcomes = {"old": 0, "new": 0, "named": 0}
        for trial in range(TRIALS):
            with open(backup, "w") as f:
                f.write(old)
            at = self.random.uniform(0, seconds * 1.3)
            rc = self.run_killed(["dump", "-o", backup], at)
            with open(backup) as f:
                text = f.read()
            outcome = "old" if text == old else "new" if records_of(text) == new else "other"
            if outcome == "new":
                self.ok("verify", backup)
            left = self.files_beside_backup()
            report("dump", trial=trial, at=round(at, 4), run_seconds=round(seconds, 4), rc=rc,
                   outcome=outcome, left=left)
            self.assertNotEqual(outcome, "other", f"seed {SEED}, trial {trial}: killed after {at:.3f} s")
            if left != ["backup.jsonl"]:
                # Killed in the instant between naming the complete temp file
                # and renaming it (atomic_file.h): the complete dump under
                # its temp name, which the next dump -o removes.
                temp = f".backup.jsonl.tmp-{self.killed_pid}-"
                self.assertEqual([len(left), left[-1]], [2, "backup.jsonl"], f"seed {SEED}, trial {trial}: {left}")
                self.assertTrue(left[0].startswith(temp) and len(left[0]) == len(temp) + 6,
                                f"seed {SEED}, trial {trial}: a temp file stayed: {left}")
                with open(self.path(left[0])) as f:
                    self.assertEqual(records_of(f.read()), new,
                                     f"seed {SEED}, trial {trial}: an incomplete temp file stayed")
                self.assertEqual(outcome, "old")
                self.ok("dump", "-o", backup)
                self.assertEqual(self.files_beside_backup(), ["backup.jsonl"],
                                 f"seed {SEED}, trial {trial}: the next dump left {left[0]}")
                outcome = "named"
            if rc == 0:
                self.assertEqual(outcome, "new")
            outcomes[outcome] += 1
        print(f"\ndump -o, {BACKEND}: {TRIALS} kill -9 trials (a full run {seconds:.2f} s): {outcomes}")


def small_tmpfs(test, size):
    """A tmpfs of size (mount's size=, e.g. "256k") on a new directory,
    unmounted and removed when the test ends. Root only: skips elsewhere."""
    if os.geteuid() != 0:
        test.skipTest("mounting a small tmpfs needs root")
    path = tempfile.mkdtemp(prefix="statectl-tmpfs-")
    test.addCleanup(os.rmdir, path)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        test.skipTest(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    test.addCleanup(subprocess.run, ["umount", "-l", path], check=True)
    return path


def fill(directory, leave=0):
    """Fills directory's file system up to `leave` bytes free."""
    with open(os.path.join(directory, "filler"), "wb") as f:
        chunk = b"\0" * 65536
        try:
            while True:
                free = os.statvfs(directory).f_bavail * os.statvfs(directory).f_frsize
                if free <= leave:
                    break
                f.write(chunk[:max(1, min(len(chunk), free - leave))])
                f.flush()
        except OSError:
            pass


class FullDiskTest(StatectlTestCase):
    """A file system that fills up: exit 5, the old file or database intact,
    nothing left behind."""

    def test_dump_to_a_full_file_system_keeps_the_old_backup(self):
        self.ok("import", "--init", input=dump_text(
            [("GitPoller", f"repo-{o:04d}", f"k{k:03d}", json.dumps({"main": "%040x" % (o * k)}))
             for o in range(100) for k in range(100)]))
        disk = small_tmpfs(self, "256k")
        backup = os.path.join(disk, "backup.jsonl")
        with open(backup, "w") as f:
            f.write("old backup\n")
        err = self.fails(5, "dump", "-o", backup)
        self.assertIn("No space left on device", err)
        with open(backup) as f:
            self.assertEqual(f.read(), "old backup\n")
        self.assertEqual(os.listdir(disk), ["backup.jsonl"])

    def test_a_sort_directory_that_fills_up_midway_falls_back_to_the_same_dump(self):
        self.ok("import", "--init", input=dump_text(
            [("GitPoller", f"repo-{o:04d}", f"k{k:03d}", json.dumps({"main": "%040x" % (o * k)}))
             for o in range(1500) for k in range(100)]))
        reference = self.ok("dump", "--no-temp-files").split("\n", 1)[1]
        # 150,000 values: more than one 6 MiB run, so the sort writes there.
        temp = small_tmpfs(self, "128m")
        # Free space enough for the sort to start, then taken while it runs.
        proc = subprocess.Popen([STATECTL, "dump"], cwd=self.dir, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=dict(self.env, TMPDIR=temp))
        fill(temp)
        out, err = proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(out.split("\n", 1)[1], reference)
        os.remove(os.path.join(temp, "filler"))
        self.assertEqual(os.listdir(temp), [])  # the sort's files were never named

    @sqlite_only
    def test_an_import_whose_journal_cannot_grow_changes_nothing(self):
        disk = small_tmpfs(self, "1m")
        url = f"sqlite:///{disk}/state.sqlite"
        self.ok("-d", url, "import", "--init", input=dump_text(
            [("GitPoller", "before", f"k{k:03d}", "1") for k in range(100)]))
        before = records_of(self.ok("-d", url, "dump"))
        fill(disk, leave=32 * 1024)
        err = self.fails(5, "-d", url, "import", input=dump_text(
            [("GitPoller", f"repo-{o:04d}", f"k{k:03d}", json.dumps({"main": "%040x" % (o * k)}))
             for o in range(100) for k in range(100)]))
        self.assertIn("full", err)
        os.remove(os.path.join(disk, "filler"))
        self.assertEqual(records_of(self.ok("-d", url, "dump")), before)
        con = sqlite3.connect(f"{disk}/state.sqlite")
        try:
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchall(), [("ok",)])
        finally:
            con.close()
        self.assertEqual(sorted(os.listdir(disk)), ["state.sqlite"])


@sqlite_only
class ReadOnlyTest(StatectlTestCase):
    """A database on a read-only file system, and in a directory statectl
    may not write: reads work, writes exit 5 saying why, nothing is made."""

    def make_db(self, directory):
        url = f"sqlite:///{directory}/state.sqlite"
        self.ok("-d", url, "import", "--init", input=dump_text([("Nightly", "nightly", "last_build", "1")]))
        return url

    def test_a_read_only_file_system(self):
        disk = small_tmpfs(self, "1m")
        url = self.make_db(disk)
        subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
        self.assertEqual(self.ok("-d", url, "get", "nightly", "Nightly", "last_build"), "1\n")
        self.assertIn('"last_build"', self.ok("-d", url, "dump"))
        self.ok("-d", url, "list")
        for args in (("set", "nightly", "Nightly", "last_build", "2"),
                     ("import", "--on-conflict", "overwrite", "-")):
            with self.subTest(args=args):
                err = self.fails(5, "-d", url, *args,
                                 input=dump_text([("Nightly", "nightly", "last_build", "2")]))
                self.assertIn("read-only", err)
        self.assertEqual(sorted(os.listdir(disk)), ["state.sqlite"])
        self.fails(5, "-d", f"sqlite:///{disk}/new.sqlite", "init")

    def test_a_directory_statectl_may_not_write(self):
        directory = tempfile.mkdtemp(prefix="statectl-rodir-")
        self.addCleanup(shutil.rmtree, directory, True)
        url = self.make_db(directory)
        os.chmod(directory, 0o555)
        os.chmod(f"{directory}/state.sqlite", 0o666)
        as_nobody = dict(user="nobody") if os.geteuid() == 0 else {}
        if not as_nobody:
            self.skipTest("needs root to run statectl as another user")

        # nobody may not enter root's directories: a copy of the binary it may run.
        bindir = tempfile.mkdtemp(prefix="statectl-bin-")
        self.addCleanup(shutil.rmtree, bindir, True)
        os.chmod(bindir, 0o755)
        binary = shutil.copy(STATECTL, os.path.join(bindir, "statectl"))
        os.chmod(binary, 0o755)

        def run(*args):
            return subprocess.run([binary, "-d", url, *args], capture_output=True, text=True,
                                  cwd=directory, env=self.env, timeout=60, **as_nobody)
        # A WAL database (Buildbot's mode) cannot be read without its WAL
        # index, which SQLite must make in the directory: a clear refusal.
        for args in (("get", "nightly", "Nightly", "last_build"),
                     ("set", "nightly", "Nightly", "last_build", "2")):
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual((r.returncode, r.stdout), (5, ""), r.stderr)
                self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
                self.assertIn(f"may not write in its directory '{directory}'", r.stderr)
        self.assertEqual(sorted(os.listdir(directory)), ["state.sqlite"])
        self.assertEqual(self.ok("-d", url, "get", "nightly", "Nightly", "last_build"), "1\n")


def big_dump(values=200000):
    return dump_text([("GitPoller", f"repo-{i // 100:05d}", f"k{i % 100:03d}",
                       json.dumps({"main": "%040x" % i})) for i in range(values)])


@unittest.skipUnless(BACKEND in ("postgresql", "mysql"), "database servers only")
class ServerFaultTest(StatectlTestCase):
    """The server crashing (PostgreSQL: pg_ctl stop -m immediate) or the network
    failing (a proxy that cuts the connection or stops forwarding) in the
    middle of an import or a dump: exit 5 within --timeout, one line, and
    nothing half-written once the server is back."""

    TIMEOUT = 2  # --timeout: silent peers must be noticed within it

    def setUp(self):
        super().setUp()
        self.init()
        if BACKEND == "mysql":
            # The sandbox's user 'statectl' (password 'secret') reaches it over TCP.
            self.dbname = mysql_dbname(self.url)
            self.login, self.port, self.server_name = "statectl:secret", int(MYSQL_PORT), "MySQL"
        else:
            self.dbname = pg_dbname(self.url)
            self.role = "r_" + uuid.uuid4().hex[:10]
            self.login, self.port, self.server_name = self.role + ":proxy-secret", int(PG_PORT), "PostgreSQL"
            pg_admin(f"CREATE ROLE {self.role} LOGIN PASSWORD 'proxy-secret'")
            self.addCleanup(pg_admin, f"DROP ROLE IF EXISTS {self.role}")
            pg_admin(f"GRANT ALL ON objects, object_state, objects_id_seq TO {self.role}", self.dbname)
            self.addCleanup(pg_admin, f"DROP OWNED BY {self.role}", self.dbname)
            # Whatever a test left hanging, its backends go first (cleanups run
            # last-in first-out), or dropping the role would wait for them forever.
            self.addCleanup(pg_admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      f"WHERE usename = '{self.role}'")
        self.dump_path = self.path("big.jsonl")
        with open(self.dump_path, "w") as f:
            f.write(big_dump())

    def through(self, mode, direction, after):
        proxy = Proxy("127.0.0.1", self.port, mode, direction, after)
        self.addCleanup(proxy.close)
        scheme = "mysql" if BACKEND == "mysql" else "postgresql"
        return proxy, f"{scheme}://{self.login}@127.0.0.1:{proxy.port}/{self.dbname}"

    def run_bounded(self, proxy, *args):
        """Runs statectl through proxy; the seconds from the proxy's fault to
        statectl's end (the whole run if it never tripped): what came before
        the fault is the machine's speed, not the loss's detection."""
        start = time.monotonic()
        r = self.statectl("--timeout", str(self.TIMEOUT), *args, timeout=60)
        return r, time.monotonic() - (proxy.tripped_at or start)

    def assert_lost_quickly(self, r, seconds):
        self.assertEqual(r.rc, 5, r)
        self.assertEqual(len(r.err.splitlines()), 1, r)
        self.assertIn(f"lost the connection to {self.server_name}", r.err)
        # Half of --timeout of silence, a probe bounded by as much, and the
        # process's own end, counted from the fault: a bound, not a benchmark.
        self.assertLess(seconds, self.TIMEOUT * 2 + 3, r)

    def wait_for_no_backend_of_role(self):
        """Until the server has ended the cut connection's session (and so
        rolled its transaction back)."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if BACKEND == "mysql":
                left = mysql_admin("SELECT ID FROM information_schema.PROCESSLIST "
                                   f"WHERE USER = 'statectl' AND DB = '{self.dbname}'")
            else:
                left = pg_admin(f"SELECT pid FROM pg_stat_activity WHERE usename = '{self.role}'")
            if not left:
                return
            time.sleep(0.05)
        self.fail("the server still runs the cut connection's backend")

    def test_an_import_whose_proxy_stops_forwarding_mid_copy_ends_within_the_timeout(self):
        proxy, url = self.through("stall", "up", 2 << 20)
        r, seconds = self.run_bounded(proxy, "-d", url, "import", self.dump_path)
        self.assertTrue(proxy.tripped.is_set())
        self.assert_lost_quickly(r, seconds)
        proxy.close()
        self.wait_for_no_backend_of_role()
        self.assertEqual(self.rows(), ([], []))

    def test_an_import_whose_connection_is_cut_mid_copy_writes_nothing(self):
        proxy, url = self.through("cut", "up", 2 << 20)
        r, seconds = self.run_bounded(proxy, "-d", url, "import", self.dump_path)
        self.assertTrue(proxy.tripped.is_set())
        self.assert_lost_quickly(r, seconds)
        self.wait_for_no_backend_of_role()
        self.assertEqual(self.rows(), ([], []))

    def test_a_dump_whose_proxy_stops_forwarding_keeps_the_old_backup(self):
        self.ok("import", self.dump_path)
        backup = self.path("backup.jsonl")
        with open(backup, "w") as f:
            f.write("old backup\n")
        proxy, url = self.through("stall", "down", 1 << 20)
        r, seconds = self.run_bounded(proxy, "-d", url, "dump", "-o", backup)
        self.assertTrue(proxy.tripped.is_set())
        self.assert_lost_quickly(r, seconds)
        with open(backup) as f:
            self.assertEqual(f.read(), "old backup\n")
        self.assertEqual(sorted(f for f in os.listdir(self.dir) if "backup" in f), ["backup.jsonl"])


@unittest.skipUnless(BACKEND in ("postgresql", "mysql"), "database servers only")
class ServerCrashTest(StatectlTestCase):
    """A private server (the shared one serves other tests), crashed while
    statectl works on it: PostgreSQL with pg_ctl stop -m immediate, MariaDB
    with SIGKILL (its InnoDB tables recover on restart)."""

    def setUp(self):
        super().setUp()
        self.serverdir = tempfile.mkdtemp(prefix="statectl-crash-db-")
        os.rmdir(self.serverdir)
        script = "mariadb-sandbox.sh" if BACKEND == "mysql" else "pg-sandbox.sh"
        sandbox = os.path.join(HERE, "..", "..", "scripts", script)
        self.sandbox = lambda cmd: subprocess.run([sandbox, cmd, self.serverdir], check=True,
                                                  capture_output=True, text=True).stdout
        exports = self.sandbox("start")
        self.addCleanup(self.sandbox, "stop")
        if BACKEND == "mysql":
            self.socket = os.path.join(self.serverdir, "mysqld.sock")
            self.url = f"mysql://root@localhost/crash?unix_socket={self.socket}&storage_engine=InnoDB"
            self.query("CREATE DATABASE crash", dbname="mysql")
            # The sandbox flushes InnoDB's log once a second: commits are
            # made durable here, so that a crash loses only what is unfinished.
            self.query("SET GLOBAL innodb_flush_log_at_trx_commit = 1", dbname="mysql")
            # (Not INNODB_TRX: its cache is refreshed only after 0.1 s unread.)
            self.importing = ("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = 'crash' "
                              "AND INFO LIKE 'INSERT INTO object_state%'")
            self.dumping = ("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = 'crash' "
                            "AND COMMAND = 'Execute' AND INFO LIKE 'SELECT%value_json%'")
        else:
            port = exports.split("STATECTL_TEST_PG_PORT='")[1].split("'")[0]
            self.url = f"postgresql://postgres@/postgres?host={self.serverdir}&port={port}"
            self.importing = ("SELECT pid FROM pg_stat_activity WHERE application_name = "
                              "'statectl' AND backend_xid IS NOT NULL")
            self.dumping = ("SELECT pid FROM pg_stat_activity WHERE application_name = "
                            "'statectl' AND query LIKE 'COPY%' AND state = 'active'")
        self.env["STATECTL_DB"] = self.url
        self.init()
        self.dump_path = self.path("big.jsonl")
        with open(self.dump_path, "w") as f:
            f.write(big_dump())

    def query(self, sql, dbname="crash"):
        """sql's rows on the private server."""
        if BACKEND == "mysql":
            return mysql_admin(sql, dbname, socket=self.socket)
        return pg_admin(sql, host=self.serverdir, port=self.url.split("port=")[1])

    def counts(self):
        """(objects, values) on the private server."""
        return tuple(self.query("SELECT (SELECT count(*) FROM objects), "
                                "(SELECT count(*) FROM object_state)")[0])

    def crash_when(self, proc, sql):
        """Crashes the server as soon as sql (on a separate connection) returns
        a row, while proc runs; True if it did."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            hit = self.query(sql)
            if hit:
                self.sandbox("crash")
                return True
            time.sleep(0.01)
        return False

    def test_a_crash_mid_import_exits_5_and_recovery_leaves_nothing(self):
        proc = subprocess.Popen([STATECTL, "--timeout", "2", "import", self.dump_path], env=self.env,
                                cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        crashed = self.crash_when(proc, self.importing)
        start = time.monotonic()
        out, err = proc.communicate(timeout=60)
        self.assertTrue(crashed, "the import finished before the server could be crashed")
        self.assertEqual(proc.returncode, 5, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertLess(time.monotonic() - start, 8)
        self.sandbox("restart")
        self.assertEqual(self.counts(), (0, 0))

    def test_a_crash_mid_dump_exits_5_and_keeps_the_old_backup(self):
        self.ok("import", self.dump_path)
        if BACKEND == "postgresql":
            self.query("CHECKPOINT")  # the sandbox runs with synchronous_commit=off
        backup = self.path("backup.jsonl")
        with open(backup, "w") as f:
            f.write("old backup\n")
        proc = subprocess.Popen([STATECTL, "--timeout", "2", "dump", "-o", backup], env=self.env,
                                cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        crashed = self.crash_when(proc, self.dumping)
        out, err = proc.communicate(timeout=60)
        self.assertTrue(crashed, "the dump finished before the server could be crashed")
        self.assertEqual(proc.returncode, 5, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        with open(backup) as f:
            self.assertEqual(f.read(), "old backup\n")
        self.assertEqual(sorted(f for f in os.listdir(self.dir) if "backup" in f), ["backup.jsonl"])
        self.sandbox("restart")
        self.assertEqual(self.counts(), (2000, 200000))


class HostileInputTest(StatectlTestCase):
    """Input built to hurt: clear errors or exact results, never a crash.
    (Memory for these is measured, not asserted: see the man page's
    LIMITS.)"""

    def setUp(self):
        super().setUp()
        self.init()

    def test_a_value_nested_100000_deep_is_refused_by_set_and_import(self):
        deep = "[" * 100000 + "]" * 100000
        err = self.fails(3, "set", "--create", "deep", "X", "k", "-", input=deep)
        self.assertIn("nested deeper than 512 levels", err)
        line = '{"class_name":"X","name":"deep","key":"k","value":' + deep + "}\n"
        header = '{"format":"statectl-dump","version":1,"created":"2026-01-01T00:00:00Z","source":"sqlite"}\n'
        end = json.dumps({"format": "statectl-dump", "end": True, "objects": 1, "values": 1,
                          "sha256": hashlib.sha256(line.encode()).hexdigest()}, separators=(",", ":"))
        err = self.fails(3, "import", input=header + line + end + "\n")
        self.assertIn("line 2", err)
        self.assertEqual(self.rows(), ([], []))

    def test_a_20_mb_dump_line_round_trips_exactly(self):
        big = json.dumps({"master": "x" * (20 << 20), "é": "\u2028"})
        if BACKEND == "mysql":  # Buildbot's value_json is a TEXT there: 65,535 bytes
            err = self.fails(3, "import", input=dump_text([("GitPoller", "big", "lastRev", big)]))
            self.assertIn("holds at most 65535 bytes", err)
            self.assertEqual(self.rows(), ([], []))
            return
        self.ok("import", input=dump_text([("GitPoller", "big", "lastRev", big)]))
        self.assertEqual(self.ok("get", "big", "GitPoller", "lastRev"), big + "\n")
        self.ok("dump", "-o", "big.jsonl")
        self.ok("verify", "big.jsonl")
        self.assertEqual(self.ok("diff", "big.jsonl", self.url), "")

    def test_ten_thousand_objects_with_names_and_keys_at_the_column_limits(self):
        records = [("C" * 128, f"{i:05d}" + "é" * 123, "€" * 255, str(i)) for i in range(10000)]
        text = dump_text(records)
        self.ok("import", input=text)
        self.assertEqual(records_of(self.ok("dump")), records_of(text))
        self.assertEqual(self.statectl("check").rc, 0)

    def test_a_key_of_one_megabyte(self):
        text = dump_text([("GitPoller", "n", "k" * (1 << 20), "1")])
        if BACKEND == "sqlite":
            # Stored exactly as the dump has it (SQLite has no column limit);
            # check names the key Buildbot's getState can never find.
            self.ok("import", input=text)
            r = self.statectl("check")
            self.assertEqual(r.rc, 1, r)
            self.assertIn("255", r.out)
        else:
            err = self.fails(3, "import", input=text)
            self.assertIn("too long", err)
            self.assertEqual(self.rows(), ([], []))
