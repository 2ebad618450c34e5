"""Backups you can check, state you can compare and move (issue 12) on the
real binary: verify, diff, copy, import --replace, check."""
import json
import os
import sqlite3

from harness import BACKEND, StatectlTestCase, pg_admin, pg_dbname, sqlite_only
from toolkit_test import ToolkitTestCase

OTHER = "postgresql" if BACKEND == "sqlite" else "sqlite"


class BackupTestCase(ToolkitTestCase):
    """A small state: two objects with values, one without."""

    def setUp(self):
        super().setUp()
        self.ok("set", "file:///srv/repo.git", "GitPoller", "lastRev", '{"main": "e2bd82"}', "-q")
        self.ok("set", "nightly", "Nightly", "last_build", "1795460700.0", "-q")
        self.ok("set", "nightly", "Nightly", "token", '"abc"', "-q")
        self.ok("object-id", "file:///srv/repo.git", "buildbot.changes.gitpoller.GitPoller")

    def dump_file(self, name="state.jsonl", *args):
        path = self.path(name)
        self.ok("dump", "-o", path, *args)
        return path

    def lines_of(self, path):
        with open(path, "rb") as f:
            return f.read().splitlines(keepends=True)

    def write(self, name, lines):
        path = self.path(name)
        with open(path, "wb") as f:
            f.writelines(lines)
        return path


class VerifyTest(BackupTestCase):

    def test_a_good_dump_is_ok_with_its_counts_and_digest(self):
        path = self.dump_file()
        trailer = json.loads(self.lines_of(path)[-1])
        out = self.ok("verify", path)
        self.assertEqual(out, f"{path}: ok, 3 objects, 3 values, sha256 {trailer['sha256']}\n")
        # standard input, and what cron writes: dump -o F && verify F
        with open(path, "rb") as f:
            self.assertEqual(self.ok("verify", "-", input=f.read().decode()).split(":")[0], "-")
        rec = json.loads(self.ok("verify", "--json", path))
        self.assertEqual(rec, {"v": 1, "file": path, "ok": True, "objects": 3, "values": 3,
                               "sha256": trailer["sha256"], "error": None})

    def test_the_man_pages_check_by_hand_matches(self):
        """statectl-dump(5): sed '1d;$d' F | sha256sum is the end line's digest."""
        path = self.dump_file()
        import subprocess
        digest = subprocess.run(f"sed '1d;$d' {path} | sha256sum", shell=True, check=True,
                                capture_output=True, text=True).stdout.split()[0]
        self.assertEqual(digest, json.loads(self.lines_of(path)[-1])["sha256"])
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "man", "statectl-dump.5")) as f:
            self.assertIn("sed '1d;$d' state.jsonl | sha256sum", f.read())

    def test_verify_needs_no_database(self):
        path = self.dump_file()
        env = dict(self.env, STATECTL_DB="postgresql://nobody@127.0.0.1:1/none")
        self.ok("verify", path, env=env)
        self.assertFalse(os.path.exists(self.path("none.sqlite")))

    def test_damaged_dumps_exit_3_naming_the_line_and_the_fault(self):
        good = self.lines_of(self.dump_file())
        records = good[1:-1]
        cases = {
            "no end line": (good[:-1], "dump is truncated: no end line after line 5"),
            "cut mid-line": (good[:2] + [good[2][:20]], "line 3: dump is truncated: the last line is cut"),
            "changed byte": (good[:1] + [good[1].replace(b"e2bd82", b"e2bd83")] + good[2:],
                             "checksum mismatch"),
            "reordered": ([good[0], records[1], records[0]] + records[2:] + [good[-1]],
                          "line 3: record out of order or repeated"),
            "duplicated": ([good[0], records[0], records[0]] + records[1:] + [good[-1]],
                           "line 3: record out of order or repeated"),
            "unknown version": ([good[0].replace(b'"version":1', b'"version":2')] + good[1:],
                                "line 1: unsupported dump version 2"),
            "counts": (good[:-1] + [good[-1].replace(b'"values":3', b'"values":4')],
                       "end line counts 3 objects and 4 values"),
            "empty": ([], "the dump is empty"),
            "not a dump": ([b"hello\n"], "line 1: invalid JSON"),
        }
        for what, (lines, message) in cases.items():
            with self.subTest(what):
                path = self.write("bad.jsonl", lines)
                r = self.statectl("verify", path)
                self.assertEqual(r.rc, 3, r)
                self.assertIn(message, r.err)
                self.assertEqual(len(r.err.splitlines()), 1, r)
                self.assertEqual(r.out, f"{path}: FAILED: " + r.err.split(f"{path}: ", 1)[1])
                rec = json.loads(self.statectl("verify", "--json", path).out)
                self.assertEqual((rec["ok"], message in rec["error"]), (False, True), rec)

    def test_many_files_one_verdict_each_and_the_worst_status(self):
        good = self.dump_file()
        bad = self.write("bad.jsonl", self.lines_of(good)[:-1])
        r = self.statectl("verify", good, bad, self.path("missing.jsonl"))
        self.assertEqual(r.rc, 5, r)  # a file that cannot be read weighs most
        lines = r.out.splitlines()
        self.assertEqual([l.split(": ")[1] for l in lines], ["ok, 3 objects, 3 values, sha256 " +
                                                           json.loads(self.lines_of(good)[-1])["sha256"],
                                                           "FAILED", "FAILED"])
        r = self.statectl("verify", "--json", good, bad)
        self.assertEqual(r.rc, 3)
        self.assertEqual([json.loads(l)["ok"] for l in r.out.splitlines()], [True, False])

    def test_bad_command_lines(self):
        self.assertIn("missing FILE", self.fails(2, "verify"))
        self.fails(2, "verify", "--bogus", "x")


class DiffTest(BackupTestCase):

    def change_b(self, url):
        self.ok("-d", url, "set", "nightly", "Nightly", "last_build", "1795547100.0", "-q")
        self.ok("-d", url, "set", "nightly", "Nightly", "extra", "[1, 2]", "-q")
        self.ok("-d", url, "delete", "nightly", "Nightly", "token", "-q")
        self.ok("-d", url, "set", "new", "Periodic", "last_build", "5", "-q")

    def test_the_same_state_is_exit_0_and_silent(self):
        path = self.dump_file()
        self.assertEqual(self.ok("diff", path, self.url), "")
        self.assertEqual(self.ok("diff", self.url, path), "")
        self.assertEqual(self.ok("diff", "--stat", path, self.url),
                         "objects: 0 only in A, 0 only in B; values: 0 only in A, 0 only in B, 0 changed\n")

    def test_differences_line_by_line_old_then_new(self):
        path = self.dump_file()
        self.change_b(self.url)
        r = self.statectl("diff", path, self.url)
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.out.splitlines(), [
            "+ ('nightly', 'Nightly') 'extra' [1, 2]",
            "~ ('nightly', 'Nightly') 'last_build' 1795460700.0 -> 1795547100.0",
            "- ('nightly', 'Nightly') 'token' \"abc\"",
            "+ ('new', 'Periodic') 'last_build' 5",
        ])
        # the other way round, the signs turn
        r = self.statectl("diff", self.url, path)
        self.assertEqual([l[0] for l in r.out.splitlines()], ["-", "~", "+", "-"])
        self.assertEqual(self.statectl("diff", "--stat", path, self.url).out,
                         "objects: 0 only in A, 1 only in B; values: 1 only in A, 2 only in B, 1 changed\n")

    def test_json_lines_and_stat(self):
        path = self.dump_file()
        self.change_b(self.url)
        recs = [json.loads(l) for l in self.statectl("diff", "--json", path, self.url).out.splitlines()]
        self.assertEqual(recs[1], {"v": 1, "op": "~", "class_name": "Nightly", "name": "nightly",
                                   "key": "last_build", "old": "1795460700.0", "new": "1795547100.0"})
        self.assertEqual((recs[0]["old"], recs[0]["new"]), (None, "[1, 2]"))
        r = self.statectl("diff", "--json", "--stat", path, self.url)
        self.assertEqual(r.rc, 1)
        self.assertEqual(json.loads(r.out), {"v": 1, "objects": {"only_in_a": 0, "only_in_b": 1},
                                             "values": {"only_in_a": 1, "only_in_b": 2, "changed": 1}})

    def test_filters_and_standard_input(self):
        path = self.dump_file()
        self.change_b(self.url)
        self.assertEqual(self.ok("diff", "--class", "GitPoller", path, self.url), "")
        r = self.statectl("diff", "--name", "new", path, self.url)
        self.assertEqual((r.rc, r.out), (1, "+ ('new', 'Periodic') 'last_build' 5\n"))
        with open(path) as f:
            r = self.statectl("diff", "-", self.url, input=f.read())
        self.assertEqual(r.rc, 1)
        self.assertEqual(len(r.out.splitlines()), 4)

    def test_two_databases_also_across_backends(self):
        # the other backend where this run has it (a PostgreSQL run always has SQLite)
        other_backend = OTHER if BACKEND == "postgresql" or os.environ.get("STATECTL_TEST_PG_HOST") \
            else BACKEND
        other = self.db("other", backend=other_backend)
        self.ok("copy", "--from", self.url, "--to", other, "--init", "-q")
        self.assertEqual(self.ok("diff", self.url, other), "")
        self.ok("-d", other, "set", "nightly", "Nightly", "token", '"xyz"', "-q")
        r = self.statectl("diff", self.url, other)
        self.assertEqual((r.rc, r.out), (1, "~ ('nightly', 'Nightly') 'token' \"abc\" -> \"xyz\"\n"))

    def test_objects_without_values_count_as_records(self):
        path = self.dump_file()
        self.ok("object-id", "lonely", "Nightly")
        r = self.statectl("diff", path, self.url)
        self.assertEqual((r.rc, r.out), (1, "+ ('lonely', 'Nightly')\n"))
        # an object with values on one side and none on the other: only the values differ
        self.ok("set", "lonely", "Nightly", "k", "1", "-q")
        self.ok("delete", "nightly", "Nightly", "--all-keys", "-q")
        out = self.statectl("diff", path, self.url).out.splitlines()
        self.assertEqual(out, ["+ ('lonely', 'Nightly') 'k' 1",
                               "- ('nightly', 'Nightly') 'last_build' 1795460700.0",
                               "- ('nightly', 'Nightly') 'token' \"abc\""])

    def test_errors(self):
        path = self.dump_file()
        self.assertIn("only one side", self.fails(2, "diff", "-", "-"))
        self.fails(2, "diff", path)
        damaged = self.write("bad.jsonl", self.lines_of(path)[:-1])
        r = self.statectl("diff", damaged, self.url)
        self.assertEqual(r.rc, 3, r)
        self.assertIn("dump is truncated", r.err)
        r = self.statectl("diff", path, self.missing_db())
        self.assertEqual(r.rc, 5, r)
        self.assertFalse(os.path.exists(self.path("none.sqlite")))
        self.assertEqual(self.statectl("diff", path, self.path("nope.jsonl")).rc, 5)


class CopyTest(BackupTestCase):

    def test_copy_into_a_new_database_is_the_same_state(self):
        target = self.db("target")
        out = self.ok("copy", "--from", self.url, "--to", target, "--init")
        self.assertEqual(out, "copied: 3 objects created, 3 values added, 0 updated, 0 skipped, 0 unchanged\n")
        self.assertEqual(self.ok("diff", self.url, target), "")
        self.assertEqual(self.ok("-d", target, "dump").splitlines()[1:],
                         self.ok("dump").splitlines()[1:])
        # again: everything is unchanged
        out = self.ok("copy", "--from", self.url, "--to", target)
        self.assertIn("3 unchanged", out)

    def test_dry_run_conflicts_filters_and_replace(self):
        target = self.db("target")
        self.init(target)
        self.ok("-d", target, "set", "nightly", "Nightly", "token", '"other"', "-q")
        self.ok("-d", target, "set", "nightly", "Nightly", "stale", "1", "-q")
        before = self.rows(target)
        out = self.ok("copy", "--from", self.url, "--to", target, "--dry-run", "--on-conflict", "skip")
        self.assertIn("conflict: line 3: ('nightly', 'Nightly') key 'token': stored \"other\", "
                      "incoming \"abc\"", out)
        self.assertEqual(self.rows(target), before)
        err = self.fails(4, "copy", "--from", self.url, "--to", target)
        self.assertIn("key 'token'", err)
        self.assertEqual(self.rows(target), before)
        self.ok("copy", "--from", self.url, "--to", target, "--class", "GitPoller", "-q")
        self.assertEqual(self.ok("-d", target, "get", "file:///srv/repo.git", "GitPoller", "lastRev"),
                         '{"main": "e2bd82"}\n')
        self.assertEqual(self.ok("-d", target, "get", "nightly", "Nightly", "token"), '"other"\n')
        out = self.ok("copy", "--from", self.url, "--to", target, "--replace")
        self.assertIn("1 updated", out)
        self.assertIn("1 deleted", out)
        self.assertEqual(self.ok("diff", self.url, target), "")

    def test_errors_write_nothing(self):
        target = self.db("target")
        self.assertIn("--to", self.fails(2, "copy", "--from", self.url))
        self.assertIn("same database", self.fails(2, "copy", "--from", self.url, "--to", self.url))
        r = self.statectl("copy", "--from", self.missing_db(), "--to", target, "--init")
        self.assertEqual(r.rc, 5, r)
        self.assertIn("--from", r.err)
        if BACKEND == "sqlite":
            self.assertFalse(os.path.exists(self.path("target.sqlite")))
        self.assertIn("fail, skip or overwrite", self.fails(2, "copy", "--from", self.url, "--to",
                                                            target, "--on-conflict", "bogus"))


class ReplaceTest(BackupTestCase):

    def test_replace_makes_the_values_equal_to_the_dumps(self):
        path = self.dump_file()
        self.ok("set", "nightly", "Nightly", "token", '"changed"', "-q")
        self.ok("set", "nightly", "Nightly", "since", "1", "-q")
        self.ok("set", "later", "Periodic", "last_build", "7", "-q")
        later_id = self.ok("object-id", "later", "Periodic", "--no-create")
        out = self.ok("import", "--replace", "--dry-run", path)
        self.assertIn("values: 0 new, 2 identical, 1 conflicting (--on-conflict overwrite: would "
                      "overwrite), 2 to delete (--replace)", out)
        self.assertIn("delete: ('nightly', 'Nightly') key 'since'", out)
        self.assertIn("delete: ('later', 'Periodic') key 'last_build'", out)
        rec = json.loads(self.ok("import", "--replace", "--dry-run", "--json", path))
        self.assertEqual(rec["values"]["deleted"], 2)
        self.assertEqual(len(rec["deletions"]), 2)
        self.assertEqual(self.ok("get", "nightly", "Nightly", "since"), "1\n")  # dry run
        out = self.ok("import", "--replace", path)
        self.assertEqual(out, "imported: 0 objects created, 0 values added, 1 updated, 0 skipped, "
                              "2 unchanged, 2 deleted\n")
        r = self.statectl("diff", path, self.url)
        self.assertEqual((r.rc, r.out), (1, "+ ('later', 'Periodic')\n"))
        # object rows stay: a running master keeps their ids
        self.assertEqual(self.ok("object-id", "later", "Periodic", "--no-create"), later_id)

    def test_replace_only_inside_the_scope(self):
        path = self.dump_file()
        self.ok("set", "nightly", "Nightly", "since", "1", "-q")
        self.ok("set", "file:///srv/repo.git", "GitPoller", "extra", "1", "-q")
        out = self.ok("import", "--replace", "--class", "GitPoller", path)
        self.assertIn("1 deleted", out)
        self.assertEqual(self.ok("get", "nightly", "Nightly", "since"), "1\n")
        self.fails(1, "get", "file:///srv/repo.git", "GitPoller", "extra")

    def test_replace_and_a_running_master(self):
        path = self.dump_file()
        self.ok("set", "nightly", "Nightly", "since", "1", "-q")
        self.claim("nightly", kind="scheduler")
        err = self.fails(6, "import", "--replace", path)
        self.assertIn("nightly", err)
        self.assertEqual(self.ok("get", "nightly", "Nightly", "since"), "1\n")

    def test_replace_refuses_a_policy_that_would_keep_values(self):
        path = self.dump_file()
        self.assertIn("--replace overwrites", self.fails(2, "import", "--replace", "--on-conflict",
                                                         "skip", path))
        self.ok("import", "--replace", "--on-conflict", "overwrite", path, "-q")


class CheckTest(BackupTestCase):

    def drop_foreign_key(self):
        if BACKEND == "postgresql":
            for (name,) in self.sql("SELECT conname FROM pg_constraint WHERE "
                                    "conrelid = 'object_state'::regclass AND contype = 'f'"):
                self.sql(f"ALTER TABLE object_state DROP CONSTRAINT {name}")
        if BACKEND == "mysql":
            for (name,) in self.sql("SELECT CONSTRAINT_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS "
                                    "WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'object_state'"):
                self.sql(f"ALTER TABLE object_state DROP FOREIGN KEY {name}")

    def check(self, *args):
        r = self.statectl("check", *args)
        return r.rc, r.out.splitlines()

    def test_a_healthy_database(self):
        self.assertEqual(self.check(), (0, ["check: healthy: 3 objects, 3 values"]))
        rc, lines = self.check("--json")
        self.assertEqual(json.loads(lines[-1]), {"v": 1, "summary": True, "healthy": True,
                                                 "objects": 3, "values": 3, "problems": 0,
                                                 "notices": 0, "orphans_deleted": 0})

    def test_orphans_are_found_named_by_the_id_that_inherits_them_and_fixed(self):
        self.drop_foreign_key()
        orphan_id = int(self.ok("object-id", "probe", "X"))  # the largest id
        self.ok("delete", "probe", "X", "--object", "-q")
        self.sql("INSERT INTO object_state (objectid, name, value_json) VALUES (?, 'a', '1'), (?, 'b', '2')",
                 params=(orphan_id, orphan_id))
        rc, lines = self.check()
        self.assertEqual(rc, 1)
        head = f"problem: orphan_values: 2 values of object id {orphan_id}, which has no object row; "
        if BACKEND == "sqlite":  # a new SQLite row gets one past the largest id: this one
            self.assertEqual(lines[0], head + f"the next object created (id {orphan_id}) inherits them")
        else:  # the sequence has passed it
            self.assertEqual(lines[0], head + f"no object created now gets id {orphan_id}, "
                                              "but an import or a restored backup may")
        self.assertTrue(lines[1].startswith("  fix: statectl "), lines)
        self.assertTrue(lines[1].endswith(" check --fix"), lines)
        self.assertEqual(self.check("--json")[1][0],
                         json.dumps({"v": 1, "kind": "orphan_values", "problem": True,
                                     "object_id": orphan_id, "name": None, "class_name": None,
                                     "key": None, "values": 2, "detail": lines[0].split(": ", 2)[2],
                                     "fix": lines[1].removeprefix("  fix: "), "advice": None},
                                    separators=(",", ":")))
        rc, lines = self.check("--fix")
        self.assertEqual((rc, lines), (0, ["fixed: deleted 2 orphan values",
                                           "check: healthy: 3 objects, 3 values"]))
        # the next object starts empty
        self.ok("object-id", "fresh", "X")
        self.assertEqual(self.ok("list", "--name", "fresh").splitlines()[1].split()[3], "0")

    def test_a_value_python_rejects_and_its_fix(self):
        oid = self.ok("object-id", "nightly", "Nightly", "--no-create").strip()
        self.sql("UPDATE object_state SET value_json = ? WHERE name = 'token'", params=("{'a': 1}",))
        rc, lines = self.check()
        self.assertEqual(rc, 1)
        self.assertTrue(lines[0].startswith(f"problem: bad_json: ('nightly', 'Nightly') (id {oid}) "
                                            "key 'token': value is not JSON that Python's json.loads "
                                            "reads (invalid JSON: "), lines)
        fix = lines[1].removeprefix("  fix: statectl ")
        self.assertTrue(fix.endswith(f"delete --id {oid} -- token"), fix)
        self.ok(*fix.split()[fix.split().index("delete"):], "-q")
        self.assertEqual(self.check()[0], 0)
        # NaN and other Python-only JSON is healthy
        self.sql("UPDATE object_state SET value_json = 'NaN' WHERE name = 'last_build'")
        self.assertEqual(self.check()[0], 0)

    @sqlite_only
    def test_values_and_keys_that_are_not_utf8(self):
        oid = self.ok("object-id", "nightly", "Nightly", "--no-create").strip()
        con = sqlite3.connect(self.url[len("sqlite:///"):])
        con.execute("UPDATE object_state SET value_json = CAST(X'22FF22' AS TEXT) WHERE name = 'token'")
        con.execute(f"INSERT INTO object_state VALUES ({oid}, CAST(X'6BFF' AS TEXT), '1')")
        con.commit()
        con.close()
        rc, lines = self.check()
        self.assertEqual(rc, 1)
        kinds = sorted(l.split(": ")[1] for l in lines if l.startswith("problem"))
        self.assertEqual(kinds, ["not_utf8", "not_utf8"])
        self.assertIn(f"delete --id {oid} --as-stored -- $'k\\xff'", "\n".join(lines))
        recs = [json.loads(l) for l in self.statectl("check", "--json").out.splitlines()]
        self.assertEqual(recs[-1]["problems"], 2)

    @sqlite_only  # PostgreSQL's VARCHAR columns refuse what is longer
    def test_long_keys_and_names(self):
        oid = self.ok("object-id", "nightly", "Nightly", "--no-create").strip()
        key = "k" * 300
        self.sql("INSERT INTO object_state (objectid, name, value_json) VALUES (?, ?, '1')",
                 params=(int(oid), key))
        long_name = "n" * 129  # stored whole: Buildbot's getObjectId looks it up shortened
        self.sql("INSERT INTO objects (name, class_name) VALUES (?, 'Nightly')", params=(long_name,))
        rc, lines = self.check()
        self.assertEqual(rc, 1)
        text = "\n".join(lines)
        self.assertIn("problem: long_key: ('nightly', 'Nightly') (id %s) key '%s': key of 300 characters"
                      % (oid, key), text)
        self.assertIn(f"delete --id {oid} --as-stored -- {key}", text)
        # delete without --as-stored shortens the key as Buildbot would, and misses it
        self.fails(1, "delete", "--id", oid, key)
        self.ok("delete", "--id", oid, "--as-stored", "--", key, "-q")
        self.assertIn("problem: long_name: ('%s', 'Nightly')" % long_name, text)
        fix = [l for l in lines if l.endswith("--object")][0]
        self.ok(*fix.split()[-4:], "-q")
        self.assertEqual(self.check()[0], 0)

    def test_values_no_service_claims_while_a_master_runs_are_notices(self):
        self.claim("file:///srv/repo.git")
        self.ok("set", "www", "buildbot.www.service.WWWService", "session_secret", '"s"', "-q")
        rc, lines = self.check()
        self.assertEqual(rc, 0)  # notices change no exit status
        self.assertEqual([l.split(": ")[1] for l in lines if l.startswith("notice")], ["unclaimed"])
        self.assertIn("('nightly', 'Nightly')", lines[0])
        self.assertEqual(lines[-1], "check: healthy, 1 notice: 4 objects, 4 values")
        # no master running: no claims to go by, no notice
        self.claim("other", active=False)
        self.sql("UPDATE masters SET active = 0")
        self.assertEqual(self.check()[1], ["check: healthy: 4 objects, 4 values"])

    @sqlite_only
    def test_sqlite_integrity_of_the_tables_and_their_indexes(self):
        con = sqlite3.connect(self.url[len("sqlite:///"):])
        # an index whose entries no longer match its table: what a torn write leaves
        con.execute("PRAGMA writable_schema = ON")
        con.execute("UPDATE sqlite_master SET sql = replace(sql, '(objectid, name)', '(name, objectid)') "
                    "WHERE name = 'name_per_object'")
        con.commit()
        con.close()
        rc, lines = self.check()
        self.assertEqual(rc, 1, lines)
        self.assertTrue(any(l.startswith("problem: integrity: the database's integrity check: ")
                            for l in lines), lines)

    def test_bad_command_lines_and_missing_databases(self):
        self.fails(2, "check", "extra")
        r = self.statectl("-d", self.missing_db(), "check")
        self.assertEqual(r.rc, 5, r)
        if BACKEND == "sqlite":
            self.assertFalse(os.path.exists(self.path("none.sqlite")))
