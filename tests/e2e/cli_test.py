"""End-to-end tests: every line of statectl's command-line contract, run on
the real binary against the backend in STATECTL_TEST_BACKEND, with real
Buildbot as the oracle for what is stored."""
import hashlib
import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import threading
import time
import unittest

from harness import (BACKEND, HERE, PG_HOST, PG_PORT, STATECTL, StatectlTestCase, pg_dbname,
                     sqlite_only)


def synthetic_dump(values, per_object=100):
    """A valid dump of values GitPoller-like values, built in Python."""
    import hashlib
    header = json.dumps({"format": "statectl-dump", "version": 1,
                         "created": "2026-01-01T00:00:00Z", "source": "sqlite"},
                        separators=(",", ":")) + "\n"
    records = "".join(
        f'{{"class_name":"GitPoller","name":"repo-{i // per_object:06d}","key":"k{i % per_object:04d}",'
        f'"value":{{"main": "{i:040x}"}}}}\n' for i in range(values))
    end = json.dumps({"format": "statectl-dump", "end": True, "objects": -(-values // per_object),
                      "values": values, "sha256": hashlib.sha256(records.encode()).hexdigest()},
                     separators=(",", ":")) + "\n"
    return header + records + end


def commands_of_the_binary(test):
    """The command names `statectl --help` lists."""
    text = test.ok("--help")
    section = text.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]


def wait_for_temp_file(proc, directory, timeout=30):
    """Waits until dump -o (process proc) has written data to its temp file
    in directory: an unnamed O_TMPFILE, seen only through /proc/PID/fd."""
    deadline = time.monotonic() + timeout
    fds = f"/proc/{proc.pid}/fd"
    while time.monotonic() < deadline:
        try:
            for fd in os.listdir(fds):
                target = os.readlink(os.path.join(fds, fd))
                if target.startswith(directory + "/") and ("(deleted)" in target or ".tmp-" in target):
                    with open(f"/proc/{proc.pid}/fdinfo/{fd}") as f:
                        if int(f.readline().split()[1]) > 0:  # "pos: N"
                            return
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.002)
    raise AssertionError(f"dump -o wrote nothing to a temp file in {directory}")


class BuildbotOracleTest(StatectlTestCase):
    """init makes Buildbot's exact tables. (Values and names, both ways, are
    checked in tests/interop, on databases Buildbot itself made.)"""

    def schema(self, url):
        if BACKEND == "sqlite":
            return self.sql("SELECT type, name, tbl_name, sql FROM sqlite_master "
                            "WHERE tbl_name IN ('objects', 'object_state') ORDER BY name", url)
        if BACKEND == "mysql":  # the tables as the server shows them, counters aside
            return [line for t in ("objects", "object_state")
                    for line in re.sub(r" AUTO_INCREMENT=\d+", "",
                                       self.sql(f"SHOW CREATE TABLE {t}", url)[0][1]).splitlines()]
        out = subprocess.run(["pg_dump", "-h", PG_HOST, "-p", PG_PORT, "-U", "postgres", "-s",
                              "-t", "objects", "-t", "object_state", "-t", "objects_id_seq",
                              pg_dbname(url)],
                             capture_output=True, text=True, check=True).stdout
        return [line for line in out.splitlines()
                if line and not line.startswith(("--", "\\restrict", "\\unrestrict"))]

    def test_init_writes_buildbots_exact_schema(self):
        mine, theirs = self.db("mine"), self.db("theirs")
        self.buildbot([["create-schema"]], theirs)
        self.init(mine)
        self.assertGreaterEqual(len(self.schema(mine)), 4)
        self.assertEqual(self.schema(mine), self.schema(theirs))
        self.init(mine)  # idempotent
        self.assertEqual(self.schema(mine), self.schema(theirs))

    @sqlite_only
    def test_a_new_sqlite_file_is_in_wal_mode_like_buildbots(self):
        self.init()
        self.assertEqual(self.sql("PRAGMA journal_mode"), [("wal",)])


class ContractTest(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.init()

    def test_object_id_creates_once_and_no_create_only_looks(self):
        self.assertEqual(self.ok("object-id", "nightly", "Nightly"), "1\n")
        self.assertEqual(self.ok("object-id", "nightly", "Nightly"), "1\n")
        self.assertEqual(self.ok("object-id", "nightly", "Nightly", "--no-create"), "1\n")
        err = self.fails(1, "object-id", "other", "Nightly", "--no-create")
        self.assertIn("statectl: object-id: no object ('other', 'Nightly')", err)
        self.assertEqual(len(self.rows()[0]), 1)

    def test_get_prints_exactly_what_is_stored(self):
        self.sql("INSERT INTO objects (id, name, class_name) VALUES (7, 'n', 'C')")
        self.sql("INSERT INTO object_state VALUES (7, 'k', ' {\"a\" :1} ')")
        self.assertEqual(self.ok("get", "n", "C", "k"), ' {"a" :1} \n')
        self.assertEqual(self.ok("get", "--id", "7", "k"), ' {"a" :1} \n')

    def test_get_missing_key_default_raw_pretty(self):
        self.ok("set", "n", "C", "s", '"line\\nnext \\u00e9"')
        self.ok("set", "n", "C", "o", '{"a": [1, {}], "b": "x"}')
        self.assertEqual(self.ok("get", "n", "C", "s"), '"line\\nnext \\u00e9"\n')
        self.assertEqual(self.ok("get", "n", "C", "s", "-r"), "line\nnext \u00e9\n")
        self.assertEqual(self.ok("get", "n", "C", "s", "--raw"), "line\nnext \u00e9\n")
        self.assertEqual(self.ok("get", "n", "C", "o", "--raw"), '{"a": [1, {}], "b": "x"}\n')
        self.assertEqual(self.ok("get", "n", "C", "o", "--pretty"),
                         '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": "x"\n}\n')
        err = self.fails(1, "get", "n", "C", "absent")
        self.assertIn("statectl: get: no value for key 'absent'", err)
        self.assertEqual(self.ok("get", "n", "C", "absent", "--default", '{"a":1}'), '{"a": 1}\n')
        self.assertEqual(self.ok("get", "nobody", "C", "absent", "--default", "0"), "0\n")
        self.fails(3, "get", "n", "C", "absent", "--default", "{bad")
        self.ok("set", "n", "C", "lone", '"\\ud800"')
        self.fails(3, "get", "n", "C", "lone", "--raw")
        self.assertEqual(len(self.rows()[0]), 1)  # get never created 'nobody'

    def test_set_print_stdin_and_dash_separator(self):
        self.assertEqual(self.ok("set", "n", "C", "k", "[1.0,2E2]", "--print"), "[1.0, 200.0]\n")
        self.assertEqual(self.ok("set", "n", "C", "k", "-", "--print", input='{"from": "stdin"}\n'),
                         '{"from": "stdin"}\n')
        self.assertEqual(self.ok("set", "--print", "n", "C", "k", "--", "-Infinity"), "-Infinity\n")
        self.assertEqual(self.ok("set", "n", "C", "k", "-Infinity", "--print"), "-Infinity\n")
        self.assertEqual(self.ok("set", "n", "C", "k", "-5", "--print"), "-5\n")
        self.fails(2, "set", "n", "C", "k", "1", "--prnt")

    def test_set_refuses_bad_json_writing_nothing(self):
        for bad in ["{bad", "", "01", "nan", "[1,]", "'x'", "1" * 4301, "[" * 600 + "]" * 600]:
            with self.subTest(bad=bad[:20]):
                err = self.fails(3, "set", "n", "C", "k", "--", bad)
                self.assertTrue(err.startswith("statectl: set: value: invalid JSON"), err)
        self.assertEqual(self.rows(), ([], []))

    def test_id_of_a_missing_object_writes_nothing(self):
        for args in (["get", "--id", "42", "k"], ["set", "--id", "42", "k", "1"],
                     ["create-once", "--id", "42", "k", "1"], ["get", "--id", "99999999999", "k"]):
            with self.subTest(args=args):
                err = self.fails(1, *args)
                self.assertIn("no object with id", err)
        self.assertEqual(self.rows(), ([], []))

    def test_create_once_keeps_the_first_value(self):
        self.assertEqual(self.ok("create-once", "n", "C", "k", '{"v": 1}'), '{"v": 1}\n')
        self.assertEqual(self.ok("create-once", "n", "C", "k", '{"v": 2}'), '{"v": 1}\n')
        self.fails(3, "create-once", "n", "C", "k", "{bad")
        marker = self.path("ran")
        out = self.ok("create-once", "n", "C", "k", "--run", f"touch {marker}; echo 3")
        self.assertEqual(out, '{"v": 1}\n')
        self.assertFalse(os.path.exists(marker))  # the key existed: never run

    def test_create_once_run(self):
        self.assertEqual(self.ok("create-once", "n", "C", "r", "--run", "printf '[1,2.50]'"), "[1, 2.5]\n")
        err = self.fails(3, "create-once", "n", "C", "bad", "--run", "echo not json")
        self.assertIn("--run output", err)
        err = self.fails(5, "create-once", "n", "C", "bad", "--run", "exit 7")
        self.assertIn("status 7", err)
        err = self.fails(5, "--timeout", "0.3", "create-once", "n", "C", "bad", "--run", "sleep 20")
        self.assertIn("did not finish within 0.3 s", err)
        self.assertEqual(len(self.rows()[1]), 1)
        self.fails(2, "create-once", "n", "C", "k", "1", "--run", "echo 1")

    def test_a_write_that_fails_tells_of_no_object_it_rolled_back(self):
        err = self.fails(5, "create-once", "fresh", "Nightly", "k", "--run", "exit 3")
        self.assertIn("nothing was stored", err)  # and no "created object 1": it was rolled back
        self.assertEqual(self.rows(), ([], []))

    def test_usage_errors_exit_2(self):
        for args in ([], ["nosuch"], ["get"], ["get", "n", "C"], ["set", "n", "C", "k"],
                     ["get", "--id", "x", "k"], ["object-id", "n"], ["--timeout", "-1", "get", "n", "C", "k"],
                     ["import", "--on-conflict", "maybe"], ["dump", "--", "x"], ["init", "extra"],
                     ["-d", "sqlite://", "get", "n", "C", "k"], ["-d", "state.sqlite", "init"],
                     ["-d", "oracle://u:pw@h/db", "get", "n", "C", "k"],
                     ["-d", "mysql://u@h", "get", "n", "C", "k"],
                     ["-d", "mysql://u@h/db?charset=utf8mb4", "get", "n", "C", "k"],
                     ["-d", "mysql://u@h/db?use_unicode=False", "get", "n", "C", "k"],
                     ["-d", "mysql://u@h/db?max_idle=soon", "get", "n", "C", "k"],
                     ["-d", "mysql://u@h/db?bogus_option=1", "get", "n", "C", "k"],
                     ["-d", "postgresql://u@h:notaport/db", "get", "n", "C", "k"],
                     ["-d", "postgresql://u@/db?host=/tmp&bogus_option=1", "get", "n", "C", "k"]):
            with self.subTest(args=args):
                self.fails(2, *args)

    def test_help_exits_0(self):
        self.assertIn("Usage: statectl [OPTIONS] COMMAND ...\n", self.ok("--help"))
        self.assertIn("--no-create", self.ok("object-id", "--help"))
        self.assertRegex(self.ok("--version"), r"^statectl \d+\.\d+\.\d+ \(SQLite 3\.\d+\.\d+, "
                                               r"PostgreSQL through libpq\.so\.5, loaded on first use, "
                                               r"MySQL/MariaDB through libmariadb\.so\.3, loaded on first use\)\n$")

    def test_issue_10_help_shows_each_commands_real_usage_once(self):
        usages = {
            "get": "(NAME CLASS | --id ID) KEY",
            "set": "(NAME CLASS | --id ID) KEY VALUE",
            "create-once": "(NAME CLASS | --id ID) KEY [VALUE]",
            "object-id": "NAME CLASS",
            "import": "[FILE]",
            "delete": "[(NAME CLASS | --id ID)] [KEY...]",
            "rename": "NAME",
            "completion": "[SHELL]",
            "verify": "[FILE...]",
            "diff": "A B",
        }
        for command in commands_of_the_binary(self):
            with self.subTest(command=command):
                lines = [l for l in self.ok(command, "--help").splitlines() if "Usage" in l]
                words = usages.get(command, "")
                self.assertEqual(lines, [f"Usage: statectl {command} [OPTIONS]" +
                                         (" " + words if words else "")])

    def test_issue_10_every_word_after_dash_dash_is_positional(self):
        self.assertEqual(self.ok("object-id", "--", "-weird", "C"), "1\n")
        self.assertEqual(self.ok("object-id", "--no-create", "--", "-weird", "C"), "1\n")
        self.ok("set", "--", "-weird", "C", "--k", '"-x"')
        self.assertEqual(self.ok("get", "--", "-weird", "C", "--k"), '"-x"\n')
        self.assertEqual(self.rows()[0], [(1, "-weird", "C")])

    def test_unknown_commands_and_options_are_named(self):
        err = self.fails(2, "lsit")
        self.assertIn("unknown command 'lsit'", err)
        err = self.fails(2, "dmup")
        self.assertIn("unknown command 'dmup'; did you mean 'dump'?", err)
        err = self.fails(2, "get", "n", "C", "k", "--prety")
        self.assertIn("unknown option '--prety'", err)
        err = self.fails(2, "get", "--id", "abc", "k")
        self.assertIn("--id must be an object id (a positive integer), not 'abc'", err)

    @sqlite_only
    def test_global_options_before_and_after_the_command_and_from_env(self):
        env = {k: v for k, v in self.env.items() if k != "STATECTL_DB"}
        os.mkdir(self.path("master"))
        self.ok("-m", "master", "init", env=env)
        self.ok("-m", "master", "set", "n", "C", "k", "1", env=env)
        self.assertEqual(self.ok("get", "n", "C", "k", "-m", "master", env=env), "1\n")
        self.assertEqual(self.ok("get", "n", "C", "k", "--db", "sqlite:///master/state.sqlite", env=env), "1\n")
        self.assertEqual(self.ok("--db", f"sqlite:///{self.path('master/state.sqlite')}", "get", "n", "C", "k", env=env), "1\n")
        env2 = dict(env, STATECTL_DB="sqlite+pysqlite:///%(basedir)s/state.sqlite")
        self.assertEqual(self.ok("get", "n", "C", "k", "-m", "master", env=env2), "1\n")
        self.fails(5, "get", "n", "C", "k", env=env)  # ./state.sqlite does not exist

    def test_db_from_the_environment_and_the_flag(self):
        other = self.db("other")
        self.init(other)
        self.ok("set", "n", "C", "k", "1")  # $STATECTL_DB
        self.ok("set", "n", "C", "k", "2", "--db", other)
        self.assertEqual(self.ok("get", "n", "C", "k"), "1\n")
        self.assertEqual(self.ok("-d", other, "get", "n", "C", "k"), "2\n")

    def test_missing_databases_are_never_created(self):
        missing = self.missing_db()
        for args in (["get", "n", "C", "k"], ["object-id", "n", "C", "--no-create"], ["dump"],
                     ["set", "n", "C", "k", "1"], ["object-id", "n", "C"]):
            with self.subTest(args=args):
                self.fails(5, "-d", missing, *args)
        if BACKEND == "sqlite":
            self.assertFalse(os.path.exists(self.path("none.sqlite")))

    def test_write_commands_without_tables_hint_init(self):
        empty = self.db("empty")
        self.sql("CREATE TABLE other (x INTEGER)", empty)  # a database, but not Buildbot's
        err = self.fails(5, "-d", empty, "set", "n", "C", "k", "1")
        self.assertIn("no Buildbot state tables", err)
        self.assertIn("run 'statectl init'", err)

    @sqlite_only
    def test_a_held_write_lock_waits_then_times_out(self):
        con = sqlite3.connect(self.url[len("sqlite:///"):], isolation_level=None,
                              check_same_thread=False)
        con.execute("BEGIN IMMEDIATE")
        start = time.monotonic()
        err = self.fails(5, "--timeout", "0.5", "set", "n", "C", "k", "1")
        self.assertGreaterEqual(time.monotonic() - start, 0.45)
        self.assertIn("locked", err)
        self.assertIn("0.5 s", err)
        self.assertEqual(self.ok("get", "n", "C", "k", "--default", "0"), "0\n")  # reads go on
        threading.Timer(0.5, lambda: con.execute("COMMIT")).start()
        self.ok("set", "n", "C", "k", "1")  # waits for the holder, then writes
        con.close()
        self.assertEqual(self.ok("get", "n", "C", "k"), "1\n")

    def test_issue_13_a_password_is_masked_in_the_process_list(self):
        """ps and /proc/PID/cmdline show '*' where the password of a URL was,
        while statectl runs (here: waiting on a server that never answers)."""
        port = self.silent_port()
        for url in (f"postgresql://bb:hunter2@127.0.0.1:{port}/bb",
                    f"postgresql://bb@127.0.0.1:{port}/bb?password=hunter2"):
            with self.subTest(url=url):
                proc = subprocess.Popen([STATECTL, "--timeout", "3", "-d", url, "get", "n", "C", "k"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
                try:
                    time.sleep(0.5)
                    with open(f"/proc/{proc.pid}/cmdline", "rb") as f:
                        cmdline = f.read().decode()
                finally:
                    out, err = proc.communicate(timeout=30)
                self.assertNotIn("hunter2", cmdline)
                self.assertIn("*******", cmdline)
                self.assertIn("127.0.0.1", cmdline)  # only the password is masked
                self.assertEqual(proc.returncode, 5)
                self.assertNotIn(b"hunter2", out + err)

    def test_passwords_are_never_printed(self):
        r = self.statectl("--timeout", "2", "-d", "postgresql://bb:hunter2@127.0.0.1:1/bb",
                          "get", "n", "C", "k")
        self.assertEqual(r.rc, 5, r)
        self.assertNotIn("hunter2", r.out + r.err)
        r = self.statectl("-d", "oracle://bb:hunter2@127.0.0.1/bb", "get", "n", "C", "k")
        self.assertNotIn("hunter2", r.out + r.err)
        self.assertIn("****", r.err)
        r = self.statectl("--timeout", "2", "-d", "mysql://bb:hunter2@127.0.0.1:1/bb", "get", "n", "C", "k")
        self.assertEqual(r.rc, 5, r)
        self.assertNotIn("hunter2", r.out + r.err)
        for args in (["--dbb=postgresql://bb:hunter2@h/db", "get", "n", "C", "k"],
                     ["get", "n", "C", "k", "extra", "postgresql://bb:hunter2@h/db"],
                     ["--db", "postgresql://bb:hunter2@h:port/db", "dump"]):
            r = self.statectl(*args)
            self.assertEqual(r.rc, 2, r)
            self.assertNotIn("hunter2", r.out + r.err)


class DumpImportTest(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.init()
        self.ok("set", "file:///srv/repo.git", "GitPoller", "lastRev", '{"master": "e2bd82"}')
        self.ok("set", "nightly", "Nightly", "last_build", "1795460700.0")
        self.ok("set", "nightly", "Nightly", "weird", "NaN")
        self.ok("object-id", "nightly", "buildbot.schedulers.timed.Nightly")

    def dump_lines(self, *args):
        return self.ok("dump", *args).splitlines()

    def test_dump_format(self):
        lines = self.dump_lines()
        header = json.loads(lines[0])
        self.assertEqual(header["format"], "statectl-dump")
        self.assertEqual(header["version"], 1)
        self.assertEqual(header["source"], BACKEND)
        self.assertRegex(header["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(lines[1:-1], [
            '{"class_name":"GitPoller","name":"file:///srv/repo.git","key":"lastRev","value":{"master": "e2bd82"}}',
            '{"class_name":"Nightly","name":"nightly","key":"last_build","value":1795460700.0}',
            '{"class_name":"Nightly","name":"nightly","key":"weird","value_json":"NaN"}',
            '{"class_name":"buildbot.schedulers.timed.Nightly","name":"nightly"}',
        ])
        trailer = json.loads(lines[-1])
        body = "".join(line + "\n" for line in lines[1:-1]).encode()  # records only
        self.assertEqual(trailer, {"format": "statectl-dump", "end": True, "objects": 3, "values": 3,
                                   "sha256": hashlib.sha256(body).hexdigest()})

    def test_dump_filters(self):
        lines = self.dump_lines("--class", "*Nightly", "--name", "night*")
        self.assertEqual(len(lines), 5)
        self.assertEqual(json.loads(lines[-1])["objects"], 2)

    def test_dump_to_file_is_atomic_and_private(self):
        self.ok("dump", "-o", "backup.jsonl")
        mode = stat.S_IMODE(os.stat(self.path("backup.jsonl")).st_mode)
        self.assertEqual(mode, 0o600)
        self.assertEqual([f for f in os.listdir(self.dir) if not f.startswith("main.sqlite")],
                         ["backup.jsonl"])  # no temp file left beside it
        with open(self.path("backup.jsonl"), "w") as f:
            f.write("old backup\n")
        self.fails(5, "-d", self.missing_db(), "dump", "-o", "backup.jsonl")
        with open(self.path("backup.jsonl")) as f:
            self.assertEqual(f.read(), "old backup\n")
        self.fails(5, "dump", "-o", "no/such/dir/backup.jsonl")

    def test_a_dump_killed_midway_leaves_the_old_backup(self):
        big = self.db("big")
        self.ok("-d", big, "import", "--init", input=synthetic_dump(300000))
        with open(self.path("backup.jsonl"), "w") as f:
            f.write("old backup\n")
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            with self.subTest(signal=sig):
                proc = subprocess.Popen([STATECTL, "-d", big, "dump", "-o", "backup.jsonl"],
                                        cwd=self.dir, env=self.env, stderr=subprocess.PIPE)
                wait_for_temp_file(proc, self.dir)
                proc.send_signal(sig)
                proc.wait(timeout=60)
                self.assertEqual(proc.returncode, -sig)
                self.assertEqual(sorted(f for f in os.listdir(self.dir) if "backup" in f),
                                 ["backup.jsonl"])
                with open(self.path("backup.jsonl")) as f:
                    self.assertEqual(f.read(), "old backup\n")

    def test_dumps_agree_with_and_without_temporary_files(self):
        big = self.db("big")
        self.ok("-d", big, "import", "--init", input=synthetic_dump(100000, per_object=1000))
        self.ok("-d", big, "object-id", "no-values", "GitPoller")
        temp = self.path("tmp")
        os.mkdir(temp)
        dumps = {}
        for label, tmpdir, args in (("sorted", temp, ()),
                                    ("--no-temp-files", temp, ("--no-temp-files",)),
                                    ("no temp directory", self.path("missing"), ())):
            r = self.statectl("-d", big, "dump", *args, env=dict(self.env, TMPDIR=tmpdir))
            self.assertEqual(r.rc, 0, r)
            dumps[label] = r.out.split("\n", 1)[1]
        self.assertEqual(json.loads(dumps["sorted"].splitlines()[-1])["values"], 100000)
        self.assertEqual(dumps["--no-temp-files"], dumps["sorted"])
        self.assertEqual(dumps["no temp directory"], dumps["sorted"])
        self.assertEqual(os.listdir(temp), [])  # the sort's files never show

    def test_dump_to_a_full_disk_fails(self):
        r = subprocess.run(f"'{STATECTL}' dump > /dev/full", shell=True, cwd=self.dir,
                           capture_output=True, text=True, env=self.env)
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertIn("cannot write", r.stderr)

    @sqlite_only
    def test_orphan_values_are_skipped_and_reported(self):
        self.sql("INSERT INTO object_state VALUES (999, 'k', '1')")
        r = self.statectl("dump")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("statectl: dump: skipped 1 state value(s) whose object row is missing", r.err)
        self.assertEqual(json.loads(r.out.splitlines()[-1])["values"], 3)

    def test_round_trip_restores_every_byte(self):
        self.ok("dump", "-o", "backup.jsonl")
        copy = self.db("copy")
        out = self.ok("-d", copy, "import", "--init", "backup.jsonl")
        self.assertEqual(out, "imported: 3 objects created, 3 values added, 0 updated, 0 skipped, 0 unchanged\n")
        self.assertEqual(self.ok("-d", copy, "dump").splitlines()[1:], self.dump_lines()[1:])
        self.assertEqual(self.rows(copy)[1], self.rows()[1])
        # from standard input, again: identical values are not conflicts
        out = self.ok("-d", copy, "import", input=self.ok("dump"))
        self.assertIn("3 unchanged", out)

    def test_import_streams_standard_input_in_one_pass(self):
        """No spool file: a dump piped in is read once, as it comes."""
        copy = self.db("copy")
        self.init(copy)
        env = dict(self.env, TMPDIR=self.path("no-such-dir"))  # never needed
        proc = subprocess.run(f"'{STATECTL}' dump | '{STATECTL}' -d '{copy}' import",
                              shell=True, cwd=self.dir, env=env, capture_output=True, text=True)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        self.assertEqual(self.ok("-d", copy, "dump").splitlines()[1:], self.dump_lines()[1:])

    def test_progress_only_when_asked_or_on_a_terminal(self):
        copy = self.db("copy")
        r = self.statectl("dump")
        self.assertEqual(r.err, "")  # stderr is a pipe here, as under cron
        r = self.statectl("dump", "--progress", "--no-temp-files")
        self.assertEqual(r.rc, 0)
        self.assertRegex(r.err, r"^statectl: dump: 4 records, 0\.0 MB, [\d,]+ records/s, [\d.]+ s\n$")
        r = self.statectl("dump", "--progress")  # the sort's reading gets a line first
        self.assertEqual(r.rc, 0)
        self.assertRegex(r.err, r"^statectl: dump: sorted 3 values, [\d.]+ s\n"
                                r"statectl: dump: 4 records, 0\.0 MB, [\d,]+ records/s, [\d.]+ s\n$")
        r = self.statectl("-d", copy, "import", "--init", "--progress", "--quiet", input=r.out)
        self.assertEqual((r.rc, r.out), (0, ""))
        self.assertRegex(r.err, r"^statectl: import: 4 records, ")

    def test_import_conflicts_and_dry_run(self):
        dump = self.ok("dump")
        d = ["-d", self.db("copy")]
        self.ok(*d, "init")
        self.ok(*d, "set", "nightly", "Nightly", "last_build", "1.0")
        err = self.fails(4, *d, "import", input=dump)
        self.assertIn("line 3", err)
        self.assertEqual(len(self.rows(d[1])[0]), 1)  # nothing written
        out = self.ok(*d, "import", "--dry-run", "--on-conflict", "overwrite", input=dump)
        self.assertEqual(out, "dry run, nothing written\n"
                              "objects: 2 new, 1 existing\n"
                              "values: 2 new, 0 identical, 1 conflicting "
                              "(--on-conflict overwrite: would overwrite)\n"
                              "conflict: line 3: ('nightly', 'Nightly') key 'last_build': "
                              "stored 1.0, incoming 1795460700.0\n")
        # under fail, the dry run reports, then exits 4 as the import would
        r = self.statectl(*d, "import", "--dry-run", "--json", input=dump)
        self.assertEqual(r.rc, 4, r)
        self.assertEqual(len(r.err.splitlines()), 1, r)
        self.assertEqual(json.loads(r.out), {
            "dry_run": True, "on_conflict": "fail", "ok": False,
            "error": "1 stored value(s) differ from the dump's; under --on-conflict fail the import "
                     "would fail",
            "objects": {"new": 2, "existing": 1},
            "values": {"new": 2, "identical": 0, "conflicting": 1, "overwrite": 0, "skip": 0,
                       "deleted": 0},
            "conflicts": [{"line": 3, "class_name": "Nightly", "name": "nightly",
                           "key": "last_build", "stored": "1.0", "incoming": "1795460700.0"}],
            "deletions": []})
        self.assertEqual(self.ok(*d, "get", "nightly", "Nightly", "last_build"), "1.0\n")
        self.assertEqual(len(self.rows(d[1])[0]), 1)
        err = self.fails(2, *d, "import", "--on-conflict", "maybe", input=dump)
        self.assertIn("--on-conflict must be fail, skip or overwrite, not 'maybe'", err)
        report = json.loads(self.ok(*d, "import", "--on-conflict", "SKIP", "--json", input=dump))
        self.assertEqual((report["dry_run"], report["ok"], report["values"]["skip"]), (False, True, 1))
        self.assertEqual(self.ok(*d, "get", "nightly", "Nightly", "last_build"), "1.0\n")
        self.ok(*d, "import", "--on-conflict", "overwrite", input=dump)
        self.assertEqual(self.ok(*d, "get", "nightly", "Nightly", "last_build"), "1795460700.0\n")

    def test_dumps_whose_checksum_covers_the_header_still_import(self):
        """Backups from statectl before the checksum left the header out."""
        lines = self.dump_lines()
        body = "".join(line + "\n" for line in lines[:-1])
        end = json.loads(lines[-1])
        end["sha256"] = hashlib.sha256(body.encode()).hexdigest()
        old = body + json.dumps(end, separators=(",", ":")) + "\n"
        copy = self.db("copy")
        self.ok("-d", copy, "import", "--init", input=old)
        self.assertEqual(self.ok("-d", copy, "dump").splitlines()[1:], lines[1:])

    def test_bad_dumps_exit_3_writing_nothing(self):
        dump = self.ok("dump")
        lines = dump.splitlines(keepends=True)
        copy = self.db("copy")
        self.init(copy)
        cases = {
            "truncated": "".join(lines[:-1]),
            "cut mid-line": dump[: len(dump) - len(lines[-1]) - 10],
            "checksum": dump.replace("e2bd82", "e2bd83"),
            "bad line": lines[0] + "{nope\n" + "".join(lines[1:]),
            "not a dump": "hello\n",
            "repeated record": lines[0] + lines[1] + "".join(lines[1:]),
            "unknown version": lines[0].replace('"version":1', '"version":2') + "".join(lines[1:]),
        }
        for name, text in cases.items():
            with self.subTest(name):
                err = self.fails(3, "-d", copy, "import", input=text)
                self.assertTrue(err.startswith("statectl: import: "), err)
        err = self.fails(3, "-d", copy, "import", input=lines[0] + "{nope\n" + "".join(lines[1:]))
        self.assertIn("line 2", err)
        self.assertEqual(self.rows(copy), ([], []))
        self.fails(5, "-d", copy, "import", "no-such-file.jsonl")

    def test_migrate_between_backends(self):
        """The migration story, through pipes: this backend -> SQLite -> this
        backend again, byte for byte."""
        there = f"sqlite:///{self.path('other.sqlite')}"
        back = self.db("back")
        for src, dst in ((self.url, there), (there, back)):
            proc = subprocess.run(f"'{STATECTL}' -d '{src}' dump | '{STATECTL}' -d '{dst}' import --init",
                                  shell=True, cwd=self.dir, env=self.env, capture_output=True,
                                  text=True, timeout=60)
            self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        # Only the header differs: it names the source and the time.
        self.assertEqual(self.ok("-d", there, "dump").splitlines()[1:], self.dump_lines()[1:])
        self.assertEqual(self.ok("-d", back, "dump").splitlines()[1:], self.dump_lines()[1:])


class DocumentationTest(StatectlTestCase):
    """--help and the man page name the same commands and options."""

    def test_every_option_in_help_is_in_the_man_page(self):
        with open(os.path.join(HERE, "..", "..", "man", "statectl.1")) as f:
            man = f.read().replace("\\-", "-")
        commands = commands_of_the_binary(self)
        self.assertIn("import", commands)
        for command in commands:
            self.assertIn(f'.SS "{command}', man.replace("\\fB", "").replace("\\fR", ""))
            for option in re.findall(r"(--[a-z][a-z-]*)", self.ok(command, "--help")):
                with self.subTest(command=command, option=option):
                    self.assertTrue(option in man, f"{option} of {command} is not in the man page")
        for code in range(6):
            self.assertRegex(man, rf"\.TP\n\.B {code}\n")


if __name__ == "__main__":
    unittest.main()
