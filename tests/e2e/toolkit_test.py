"""The operator's toolkit (issue 11) on the real binary: list, edits inside a
value, compare-and-swap, delete, rename, typos that create nothing, the guard
against a running master, the database from master.cfg, shell completion."""
import hashlib
import json
import os
import pty
import shutil
import subprocess
import time
import unittest

from harness import BACKEND, STATECTL, StatectlTestCase, sqlite_only


class ToolkitTestCase(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.init()

    def claim(self, service, master="host:/srv/bb", active=True, seen_ago=25,
              kind="changesource"):
        """A master that claims a service, in Buildbot's own tables (made by
        Buildbot's model.upgrade, as a master's database has them)."""
        if not getattr(self, "_has_service_tables", False):
            self.buildbot([["create-schema"]])
            self._has_service_tables = True
        sha = lambda s: hashlib.sha1(s.encode()).hexdigest()
        rows = self.sql("SELECT id FROM masters WHERE name = ?", params=(master,))
        if rows:
            mid = rows[0][0]
            self.sql("UPDATE masters SET active = ?, last_active = ? WHERE id = ?",
                     params=(int(active), int(time.time()) - seen_ago, mid))
        else:
            self.sql("INSERT INTO masters (name, name_hash, active, last_active) VALUES (?, ?, ?, ?)",
                     params=(master, sha(master), int(active), int(time.time()) - seen_ago))
            mid = self.sql("SELECT id FROM masters WHERE name = ?", params=(master,))[0][0]
        table, link, col = (("changesources", "changesource_masters", "changesourceid")
                            if kind == "changesource" else
                            ("schedulers", "scheduler_masters", "schedulerid"))
        self.sql(f"INSERT INTO {table} (name, name_hash) VALUES (?, ?)", params=(service, sha(service)))
        sid = self.sql(f"SELECT id FROM {table} WHERE name = ?", params=(service,))[0][0]
        self.sql(f"INSERT INTO {link} ({col}, masterid) VALUES (?, ?)", params=(sid, mid))


class ListTest(ToolkitTestCase):

    def setUp(self):
        super().setUp()
        self.ok("set", "file:///srv/repo.git", "GitPoller", "lastRev", '{"master": "e2bd82"}', "-q")
        self.ok("object-id", "file:///srv/repo.git", "buildbot.changes.gitpoller.GitPoller")
        self.ok("set", "nightly", "Nightly", "last_build", "1795460700.0", "-q")
        self.ok("set", "nightly", "Nightly", "weird", '"\u00e9"', "-q")

    def test_one_line_per_object_sorted_by_name_then_class(self):
        lines = self.ok("list").splitlines()
        self.assertEqual(lines[0].split(), ["ID", "NAME", "CLASS", "KEYS", "BYTES", "OWNER"])
        rows = [line.split() for line in lines[1:]]
        self.assertEqual([r[1:] for r in rows], [
            ["file:///srv/repo.git", "GitPoller", "1", "20", "-"],
            ["file:///srv/repo.git", "buildbot.changes.gitpoller.GitPoller", "0", "0", "-"],
            ["nightly", "Nightly", "2", "20", "-"],
        ])
        # aligned: every column starts where the header's does
        starts = [lines[0].index(h) for h in ("NAME", "CLASS", "KEYS")]
        for line in lines[1:]:
            for start in starts:
                self.assertNotEqual(line[start], " ", line)
                self.assertEqual(line[start - 1], " ", line)

    def test_keys_json_and_filters(self):
        rows = [line.split() for line in self.ok("list", "--keys").splitlines()[1:]]
        self.assertEqual([r[1:5] for r in rows], [
            ["file:///srv/repo.git", "GitPoller", "lastRev", "20"],
            ["file:///srv/repo.git", "buildbot.changes.gitpoller.GitPoller", "-", "0"],
            ["nightly", "Nightly", "last_build", "12"],
            ["nightly", "Nightly", "weird", "8"],
        ])
        objects = [json.loads(l) for l in self.ok("list", "--json").splitlines()]
        self.assertEqual(objects[0], {"v": 1, "id": 1, "name": "file:///srv/repo.git",
                                      "class_name": "GitPoller", "keys": 1, "bytes": 20,
                                      "owner": None})
        keys = [json.loads(l) for l in self.ok("list", "--json", "--keys").splitlines()]
        self.assertEqual(keys[1]["key"], None)
        self.assertEqual(keys[3], {"v": 1, "id": 3, "name": "nightly", "class_name": "Nightly",
                                   "key": "weird", "bytes": 8, "owner": None})
        self.assertEqual(len(self.ok("list", "--class", "*Nightly").splitlines()), 2)
        self.assertEqual(len(self.ok("list", "--class", "gitpoller").splitlines()), 1)  # header only
        self.assertEqual(len(self.ok("list", "-i", "--class", "gitpoller").splitlines()), 2)
        self.assertEqual(len(self.ok("list", "-i", "--name", "NIGHT*").splitlines()), 2)

    def test_owner_and_whether_it_runs(self):
        self.claim("file:///srv/repo.git", master="host:/srv/bb")
        self.claim("nightly", master="old:/srv/bb", active=False, kind="scheduler")
        owners = {(r["name"], r["class_name"]): r["owner"]
                  for r in map(json.loads, self.ok("list", "--json").splitlines())}
        poller = owners[("file:///srv/repo.git", "GitPoller")]
        self.assertEqual((poller["master"], poller["active"], poller["running"]),
                         ("host:/srv/bb", True, True))
        self.assertEqual(owners[("file:///srv/repo.git", "buildbot.changes.gitpoller.GitPoller")],
                         poller)
        self.assertEqual(owners[("nightly", "Nightly")]["running"], False)
        table = self.ok("list")
        self.assertIn("host:/srv/bb (running)", table)
        self.assertIn("old:/srv/bb (not running)", table)


class EditTest(ToolkitTestCase):
    """get/set --pointer, --member, --string, --expect."""

    def setUp(self):
        super().setUp()
        self.obj = ["file:///srv/repo.git", "GitPoller", "lastRev"]
        self.ok("set", *self.obj, '{"refs/heads/main": "aaa", "dev": "bbb", "when": 1796146620.0, '
                                  '"n": NaN}', "-q")

    def test_get_and_set_a_member_keeping_every_other_byte(self):
        self.assertEqual(self.ok("get", *self.obj, "--pointer", "/refs~1heads~1main"), '"aaa"\n')
        self.assertEqual(self.ok("get", *self.obj, "--member", "refs/heads/main", "-r"), "aaa\n")
        self.assertEqual(self.ok("get", *self.obj, "--pointer", "/when"), "1796146620.0\n")
        self.ok("set", *self.obj, "--member", "refs/heads/main", "--string", "ccc")
        self.ok("set", *self.obj, "--pointer", "/dev", '"ddd"')
        self.ok("set", *self.obj, "--pointer", "/new", "[1, 2.50]")
        self.assertEqual(self.ok("get", *self.obj),
                         '{"refs/heads/main": "ccc", "dev": "ddd", "when": 1796146620.0, "n": NaN, '
                         '"new": [1, 2.5]}\n')
        # what Buildbot reads back is the same
        oid = int(self.ok("object-id", "file:///srv/repo.git", "GitPoller"))
        got = self.buildbot([["get", oid, "lastRev"]])[0]["ok"]
        self.assertEqual(got["refs/heads/main"], "ccc")
        self.assertEqual(got["when"], 1796146620.0)

    def test_missing_members_paths_through_scalars_and_absent_keys(self):
        err = self.fails(1, "get", *self.obj, "--pointer", "/nope/x")
        self.assertIn("no member 'nope' (at /nope/x)", err)
        self.assertEqual(self.ok("get", *self.obj, "--pointer", "/nope", "--default", "0"), "0\n")
        err = self.fails(3, "get", *self.obj, "--pointer", "/dev/x")
        self.assertIn("/dev is a string, not an object or an array", err)
        self.fails(1, "set", *self.obj, "--pointer", "/nope/x", "1")
        self.fails(3, "set", *self.obj, "--pointer", "/dev/x", "1")
        err = self.fails(1, "set", "file:///srv/repo.git", "GitPoller", "absent", "--pointer", "/a", "1")
        self.assertIn("no value for key 'absent'", err)
        self.fails(2, "get", *self.obj, "--pointer", "dev")
        self.fails(2, "get", *self.obj, "--pointer", "/dev", "--member", "dev")
        before = self.rows()
        self.fails(3, "set", *self.obj, "--pointer", "/dev", "{bad")
        self.assertEqual(self.rows(), before)

    def test_compare_and_swap(self):
        self.ok("set", "c", "C", "n", "41", "-q")
        self.assertEqual(self.ok("set", "c", "C", "n", "42", "--expect", "41", "--print"), "42\n")
        r = self.statectl("set", "c", "C", "n", "43", "--expect", "41")
        self.assertEqual(r.rc, 4, r)
        self.assertIn("--expect does not hold: the stored value is 42; nothing written", r.err)
        self.ok("set", *self.obj, "--pointer", "/dev", '"x"', "--expect", '"bbb"')
        err = self.fails(4, "set", *self.obj, "--pointer", "/dev", '"y"', "--expect", '"bbb"')
        self.assertIn('/dev is "x"', err)
        self.assertEqual(self.ok("get", "c", "C", "n"), "42\n")
        self.fails(3, "set", "c", "C", "n", "1", "--expect", "{bad")

    def test_a_bare_word_says_how_to_quote_it(self):
        err = self.fails(3, "set", "c", "C", "k", "hello")
        self.assertIn("""a string needs JSON's double quotes ('"hello"') or --string""", err)
        self.assertEqual(self.ok("set", "c", "C", "k", "--string", "hello", "--print"), '"hello"\n')


class TypoTest(ToolkitTestCase):

    def setUp(self):
        super().setUp()
        self.ok("set", "periodic", "Periodic", "last_build", "0", "-q")

    def test_a_class_typo_creates_nothing_and_says_what_was_meant(self):
        err = self.fails(1, "set", "periodic", "Periodc", "last_build", "0")
        self.assertIn("no object ('periodic', 'Periodc'): no object has class 'Periodc'; "
                      "did you mean 'Periodic'? (--create to create it)", err)
        if BACKEND == "mysql":  # the collation finds ('periodic', 'Periodic'), as Buildbot's lookup does
            self.assertEqual(self.ok("create-once", "Periodic", "Periodic", "k", "1"), "1\n")
            self.assertIn((1, "k", "1"), self.rows()[1])
        else:
            self.fails(1, "create-once", "Periodic", "Periodic", "k", "1")  # the name but for case
        self.assertEqual(len(self.rows()[0]), 1)
        r = self.statectl("set", "periodic", "Periodc", "last_build", "0", "--create")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.err, "statectl: set: created object 2 ('periodic', 'Periodc')\n")

    def test_numbered_names_are_not_typos_and_no_create_refuses(self):
        self.ok("set", "job-1", "Triggerable", "k", "1", "-q")
        r = self.statectl("set", "job-2", "Triggerable", "k", "1")
        self.assertEqual((r.rc, r.err), (0, "statectl: set: created object 3 ('job-2', 'Triggerable')\n"))
        self.assertEqual(self.statectl("set", "job-3", "Triggerable", "k", "1", "-q").err, "")
        err = self.fails(1, "set", "job-4", "Triggerable", "k", "1", "--no-create")
        self.assertIn("no object ('job-4', 'Triggerable') (--no-create)", err)
        self.fails(2, "set", "x", "C", "k", "1", "--create", "--no-create")

    def test_unknown_objects_are_no_such_object(self):
        err = self.fails(1, "get", "periodic", "Periodc", "last_build")
        self.assertIn("no such object ('periodic', 'Periodc'): no object has class 'Periodc'; "
                      "did you mean 'Periodic'?", err)
        err = self.fails(1, "get", "periodic", "Periodic", "nokey")
        self.assertIn("no value for key 'nokey' of object ('periodic', 'Periodic')", err)
        self.fails(1, "delete", "periodic", "Periodc", "last_build")


class DeleteTest(ToolkitTestCase):

    def setUp(self):
        super().setUp()
        for name in ("old-a", "old-b", "keep"):
            self.ok("set", name, "Nightly", "last_build", "1.0", "-q")
            self.ok("set", name, "Nightly", "x", "2", "-q")

    def test_keys_member_all_keys_object(self):
        r = self.statectl("delete", "keep", "Nightly", "x", "nokey")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.err, "statectl: delete: deleted value ('keep', 'Nightly') key 'x'\n"
                                "statectl: delete: no value for key 'nokey' of ('keep', 'Nightly')\n")
        self.fails(1, "delete", "keep", "Nightly", "x")
        self.ok("set", "keep", "Nightly", "d", '{"a": 1, "b": 2}', "-q")
        self.ok("delete", "keep", "Nightly", "d", "--pointer", "/a")
        self.assertEqual(self.ok("get", "keep", "Nightly", "d"), '{"b": 2}\n')
        self.fails(1, "delete", "keep", "Nightly", "d", "--pointer", "/a")
        self.ok("delete", "--id", "3", "--all-keys")
        self.assertEqual(self.sql("SELECT count(*) FROM object_state WHERE objectid = 3"), [(0,)])
        self.assertEqual(len(self.sql("SELECT id FROM objects WHERE id = 3")), 1)
        self.fails(1, "delete", "--id", "3", "--all-keys")
        r = self.statectl("delete", "old-a", "Nightly", "--object", "-q")
        self.assertEqual((r.rc, r.err), (0, ""))
        self.assertEqual(self.sql("SELECT name FROM objects ORDER BY id"), [("old-b",), ("keep",)])
        for args in (["keep", "Nightly"], ["keep", "Nightly", "--object", "x"],
                     ["keep", "Nightly", "a", "b", "--pointer", "/x"], ["--object"],
                     ["--class", "Nightly"], ["keep", "Nightly", "x", "--class", "N"]):
            with self.subTest(args=args):
                self.fails(2, "delete", *args)

    @sqlite_only
    def test_an_objects_orphans_go_with_it(self):
        """On SQLite a state row can outlive its object (no foreign key); a
        later object reusing the id would inherit it."""
        self.sql("INSERT INTO object_state VALUES (2, 'orphaned', '1')")  # old-b's id, by hand
        self.ok("delete", "old-b", "Nightly", "--object")
        self.assertEqual(self.sql("SELECT count(*) FROM object_state WHERE objectid = 2"), [(0,)])

    def test_many_objects_need_a_yes_or_a_terminal(self):
        err = self.fails(2, "delete", "--name", "old-*", "--object")
        self.assertIn("refusing to delete 2 objects with 4 values without --yes", err)
        r = self.statectl("delete", "--name", "old-*", "--object", "--dry-run")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("would delete object 1 ('old-a', 'Nightly') with 2 values", r.err)
        self.assertEqual(len(self.rows()[0]), 3)
        self.fails(1, "delete", "--name", "nothing-*", "--object", "--yes")
        r = self.statectl("delete", "--name", "old-*", "--all-keys", "--yes")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("deleted all 2 values of object 1 ('old-a', 'Nightly')", r.err)
        self.assertEqual(len(self.rows()[0]), 3)
        self.ok("delete", "--name", "OLD-*", "-i", "--object", "--yes")
        self.assertEqual(self.sql("SELECT name FROM objects"), [("keep",)])

    def test_the_terminal_asks(self):
        for answer, kept in ((b"n\n", 3), (b"y\n", 1)):
            master, slave = pty.openpty()
            proc = subprocess.Popen([STATECTL, "delete", "--name", "old-*", "--object"], stdin=slave,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.dir,
                                    env=self.env)
            os.close(slave)
            os.write(master, answer)
            out, err = proc.communicate(timeout=30)
            os.close(master)
            self.assertEqual(proc.returncode, 0, err)
            self.assertIn(b"delete 2 objects with 4 values? [y/N]", err)
            self.assertEqual(len(self.rows()[0]), kept)


class RenameTest(ToolkitTestCase):

    def setUp(self):
        super().setUp()
        self.ok("set", "nightly", "Nightly", "last_build", "1.0", "-q")
        self.ok("object-id", "nightly", "buildbot.schedulers.timed.Nightly")

    def test_every_row_of_the_service_gets_the_new_name(self):
        r = self.statectl("rename", "nightly", "--to", "nightly-main")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("object 1 ('nightly', 'Nightly') is now ('nightly-main', 'Nightly')", r.err)
        self.assertEqual(self.sql("SELECT id, name, class_name FROM objects ORDER BY id"),
                         [(1, "nightly-main", "Nightly"),
                          (2, "nightly-main", "buildbot.schedulers.timed.Nightly")])
        self.assertEqual(self.ok("get", "nightly-main", "Nightly", "last_build"), "1.0\n")

    def test_into_an_existing_object_by_the_import_words(self):
        self.ok("set", "n2", "Nightly", "last_build", "2.0", "-q")
        self.ok("set", "n2", "Nightly", "only_new", "3", "-q")
        self.ok("set", "nightly", "Nightly", "only_old", "4", "-q")
        err = self.fails(4, "rename", "nightly", "--class", "Nightly", "--to", "n2")
        self.assertIn("object ('n2', 'Nightly') exists and its value of 'last_build' differs", err)
        self.ok("rename", "nightly", "--class", "Nightly", "--to", "n2", "--on-conflict", "skip")
        self.assertEqual(self.ok("get", "n2", "Nightly", "last_build"), "2.0\n")
        self.assertEqual(self.ok("get", "n2", "Nightly", "only_old"), "4\n")
        self.fails(1, "get", "nightly", "Nightly", "only_old")

    def test_class_renames_and_bad_requests(self):
        self.fails(2, "rename", "nightly", "--to-class", "MyNightly")  # two rows: which?
        self.ok("rename", "nightly", "--class", "Nightly", "--to-class", "MyNightly")
        self.assertEqual(self.ok("get", "nightly", "MyNightly", "last_build"), "1.0\n")
        self.fails(1, "rename", "nosuch", "--to", "x")
        self.fails(2, "rename", "nightly")
        self.fails(2, "rename", "nightly", "--to", "x", "--on-conflict", "maybe")


class GuardTest(ToolkitTestCase):

    def setUp(self):
        super().setUp()
        self.poller = ["file:///srv/repo.git", "GitPoller"]
        self.ok("set", *self.poller, "lastRev", '{"main": "a"}', "-q")
        self.ok("object-id", "file:///srv/repo.git", "buildbot.changes.gitpoller.GitPoller")

    def test_a_running_master_owns_its_state(self):
        self.claim("file:///srv/repo.git", master="host:/srv/bb", seen_ago=25)
        before = self.rows()
        for args in (["set", *self.poller, "lastRev", '{"main": "b"}'],
                     ["set", *self.poller, "lastRev", "--pointer", "/main", '"b"'],
                     ["create-once", *self.poller, "new", "1"],
                     ["delete", *self.poller, "lastRev"],
                     ["delete", *self.poller, "--object"]):
            with self.subTest(args=args):
                err = self.fails(6, *args)
                self.assertRegex(err, r"master 'host:/srv/bb' \(active, seen 2\d s ago\) owns "
                                      r"GitPoller 'file:///srv/repo.git' and will overwrite this edit; "
                                      r"stop it first, or use --force")
        err = self.fails(6, "rename", "file:///srv/repo.git", "--to", "x")  # both of its rows
        self.assertIn("2 objects are owned by running masters, which will overwrite this edit: "
                      "GitPoller 'file:///srv/repo.git' ('host:/srv/bb'), "
                      "buildbot.changes.gitpoller.GitPoller 'file:///srv/repo.git' ('host:/srv/bb'); "
                      "stop it first, or use --force", err)
        self.assertEqual(self.rows(), before)
        r = self.statectl("set", *self.poller, "lastRev", '{"main": "b"}', "--force")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("warning: writing anyway (--force): master 'host:/srv/bb'", r.err)
        self.assertEqual(self.ok("get", *self.poller, "lastRev"), '{"main": "b"}\n')

    def test_a_stopped_or_silent_master_only_warns(self):
        self.claim("file:///srv/repo.git", master="host:/srv/bb", seen_ago=601)
        r = self.statectl("set", *self.poller, "lastRev", '{"main": "c"}')
        self.assertEqual(r.rc, 0, r)
        self.assertIn("is not running but still claims GitPoller 'file:///srv/repo.git'", r.err)
        self.assertEqual(self.statectl("set", *self.poller, "lastRev", "1", "-q").err, "")

    def test_import_names_what_running_masters_own(self):
        dump = self.ok("dump")
        other = self.db("other")
        self.init(other)
        self.ok("-d", other, "import", input=dump)
        self.sql("UPDATE object_state SET value_json = '2'")
        self.claim("file:///srv/repo.git")
        err = self.fails(6, "import", "--on-conflict", "overwrite", input=self.ok("-d", other, "dump"))
        self.assertIn("owns GitPoller 'file:///srv/repo.git'", err)
        r = self.statectl("import", "--dry-run", "--json", "--on-conflict", "overwrite",
                          input=self.ok("-d", other, "dump"))
        self.assertEqual(r.rc, 6, r)
        self.assertIn("owns GitPoller", json.loads(r.out)["error"])
        self.ok("import", "--on-conflict", "skip", input=self.ok("-d", other, "dump"))  # writes nothing owned
        self.ok("import", "--on-conflict", "overwrite", "--force", input=self.ok("-d", other, "dump"))


class MasterCfgTest(StatectlTestCase):
    """With neither --db nor $STATECTL_DB, master.cfg in the master directory
    says where the database is."""

    def setUp(self):
        super().setUp()
        del self.env["STATECTL_DB"]
        self.master = self.path("master")
        os.mkdir(self.master)

    def write_cfg(self, text):
        with open(os.path.join(self.master, "master.cfg"), "w") as f:
            f.write(text)

    def test_db_url_as_create_master_writes_it(self):
        self.write_cfg("c = BuildmasterConfig = {}\nc['db'] = {\n    'db_url' : %r,\n}\n" % self.url)
        self.ok("-d", self.url, "init")
        self.ok("-d", self.url, "set", "n", "C", "k", "1", "-q")
        self.assertEqual(self.ok("-m", self.master, "get", "n", "C", "k"), "1\n")
        self.assertEqual(self.ok("get", "n", "C", "k", cwd=self.master), "1\n")

    def test_an_unreadable_form_names_the_line(self):
        self.write_cfg("import os\n\nc['db_url'] = os.environ['DB']\n")
        err = self.fails(2, "-m", self.master, "get", "n", "C", "k")
        self.assertIn("master.cfg: line 3 sets db_url in a form statectl cannot read", err)
        self.assertIn("--db", err)

    @sqlite_only
    def test_no_db_url_is_buildbots_default_and_a_missing_file_says_where(self):
        self.write_cfg("c = BuildmasterConfig = {}\n")
        err = self.fails(5, "-m", self.master, "get", "n", "C", "k")
        self.assertIn(f"no SQLite database at '{self.master}/state.sqlite' "
                      f"(sqlite:///state.sqlite, resolved against {self.master})", err)
        self.assertNotIn("init", err)
        self.assertFalse(os.path.exists(os.path.join(self.master, "state.sqlite")))


class CompletionTest(ToolkitTestCase):

    def setUp(self):
        super().setUp()
        self.ok("set", "file:///srv/repo.git", "GitPoller", "lastRev", "{}", "-q")
        self.ok("set", "nightly", "Nightly", "last_build", "1.0", "-q")
        self.script = self.path("statectl.bash")
        with open(self.script, "w") as f:
            f.write(self.ok("completion", "bash"))
        # the script calls `statectl`: this one, on PATH
        bindir = self.path("bin")
        os.mkdir(bindir)
        os.symlink(STATECTL, os.path.join(bindir, "statectl"))
        self.env["PATH"] = bindir + ":" + self.env.get("PATH", "/usr/bin:/bin")

    def complete(self, line):
        """What bash's completion offers for line (the cursor at its end),
        with COMP_WORDS split as bash splits them (COMP_WORDBREAKS)."""
        program = f"""
source {self.script}
COMP_LINE={line!r}
COMP_POINT=${{#COMP_LINE}}
read -r -a COMP_WORDS <<< "$(printf '%s' "$COMP_LINE" | sed 's/[:=]/ & /g')"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=("")
[[ ${{COMP_LINE: -1}} == ':' ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_statectl
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
        r = subprocess.run(["bash", "-c", program], capture_output=True, text=True,
                           env=self.env, cwd=self.dir, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [w for w in r.stdout.splitlines() if w]

    def test_commands_options_and_policy_words(self):
        self.assertIn("delete", self.complete("statectl de"))
        self.assertEqual(self.complete("statectl ren"), ["rename"])
        self.assertIn("--pointer", self.complete("statectl get --p"))
        self.assertIn("--pretty", self.complete("statectl get --p"))
        self.assertEqual(self.complete("statectl import --on-conflict o"), ["overwrite"])
        self.assertEqual(self.complete("statectl completion "), ["bash", "zsh"])

    def test_names_classes_and_keys_from_the_database(self):
        self.assertEqual(self.complete("statectl get n"), ["nightly"])
        self.assertEqual(self.complete("statectl get nightly "), ["Nightly"])
        self.assertEqual(self.complete("statectl get nightly Nightly "), ["last_build"])
        # a name holding ':' (a word break for bash): only the part after it is replaced
        self.assertEqual(self.complete("statectl get file:"), ["///srv/repo.git"])
        self.assertEqual(self.complete("statectl --db nowhere:// get n"), [])  # silent on errors

    @unittest.skipUnless(shutil.which("zsh"), "zsh is not installed")
    def test_the_zsh_script_parses(self):
        path = self.path("_statectl")
        with open(path, "w") as f:
            f.write(self.ok("completion", "zsh"))
        r = subprocess.run(["zsh", "-n", path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)


class MendsTest(ToolkitTestCase):
    """What a new user hit (issue 11, item 10)."""

    def test_timeout_and_id_errors_in_statectls_words(self):
        err = self.fails(2, "--timeout", "-1", "get", "n", "C", "k")
        self.assertIn("--timeout must be a number of seconds from 0 to 86400, not '-1'", err)
        self.assertLess(len(err), 150)
        self.fails(2, "--timeout", "abc", "get", "n", "C", "k")
        err = self.fails(2, "get", "--id", "abc", "k")
        self.assertIn("--id must be an object id (a positive integer), not 'abc'", err)
        self.assertNotIn("Could not convert", err)

    def test_unknown_command_is_named(self):
        self.assertIn("unknown command 'lst'", self.fails(2, "lst"))

    def test_import_json_on_a_damaged_dump_is_one_object_carrying_the_error(self):
        r = self.statectl("import", "--dry-run", "--json", input="not a dump\n")
        self.assertEqual(r.rc, 3, r)
        self.assertEqual(json.loads(r.out), {"dry_run": True, "on_conflict": "fail", "ok": False,
                                             "error": "line 1: invalid JSON: expecting a value at "
                                                      "line 1, column 1"})

    @sqlite_only
    def test_a_failed_or_killed_import_init_leaves_no_database(self):
        target = self.path("new.sqlite")
        self.fails(3, "-d", f"sqlite:///{target}", "import", "--init", input="garbage\n")
        self.assertEqual([f for f in os.listdir(self.dir) if f.startswith("new.sqlite")], [])
        big = "".join(f'{{"class_name":"C","name":"n{i:07d}"}}\n' for i in range(400000))
        proc = subprocess.Popen([STATECTL, "-d", f"sqlite:///{target}", "import", "--init"],
                                stdin=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.dir,
                                env=self.env)
        proc.stdin.write(b'{"format":"statectl-dump","version":1,"created":"x","source":"sqlite"}\n')
        proc.stdin.write(big.encode())
        proc.stdin.flush()
        deadline = time.monotonic() + 30
        while not os.path.exists(target) and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertTrue(os.path.exists(target))
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdin.close()
        self.assertEqual(proc.returncode, -15)
        self.assertEqual([f for f in os.listdir(self.dir) if f.startswith("new.sqlite")], [])


if __name__ == "__main__":
    unittest.main()
