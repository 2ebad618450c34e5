"""What is MySQL's own in the commands (tests/interop/mysql_quirks_test.py
pins the same against Buildbot): an import compares and writes names and
keys by the columns' collation, as every other command and Buildbot's own
lookups do, and goes in batches without changing what it reports."""
import os
import time

from fault_test import dump_text
from harness import MYSQL_PORT, StatectlTestCase, mysql_dbname, mysql_only


@mysql_only
class MysqlImport(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.init()
        self.ok("set", "nightly", "Nightly", "lastRev", '"a"', "-q")

    def test_a_record_equal_but_for_case_is_the_stored_one(self):
        same = dump_text([("Nightly", "NIGHTLY", "LASTREV", '"a"')])
        self.assertIn("0 objects created, 0 values added, 0 updated, 0 skipped, 1 unchanged",
                      self.ok("import", input=same))
        other = dump_text([("Nightly", "NIGHTLY", "LASTREV", '"b"')])
        self.fails(4, "import", input=other)
        self.assertIn("0 objects created, 0 values added, 1 updated",
                      self.ok("import", "--on-conflict", "overwrite", input=other))
        self.assertEqual(self.rows(), ([(1, "nightly", "Nightly")], [(1, "lastRev", '"b"')]))

    def test_a_batch_of_many_objects_and_values_imports_and_reimports_exactly(self):
        self.ok("delete", "nightly", "Nightly", "--object", "-q")
        records = [("GitPoller", f"repo-{o:04d}", f"k{k:03d}", str(o * 1000 + k))
                   for o in range(300) for k in range(100)]
        text = dump_text(records)
        self.assertIn("300 objects created, 30000 values added", self.ok("import", input=text))
        self.assertIn("30000 unchanged", self.ok("import", input=text))
        self.assertEqual(self.ok("dump").split("\n", 1)[1], text.split("\n", 1)[1])

    def test_two_records_the_collation_makes_one_are_a_conflict_that_says_so(self):
        for records, says in (([("C", "n", "A", "1"), ("C", "n", "a", "2")], "key 'a' of object"),
                              ([("C", "N", "j", "2"), ("C", "n", "k", "1")], "object ('n', 'C') is ('N', 'C')")):
            with self.subTest(records=records):
                before = self.rows()
                err = self.fails(4, "import", input=dump_text(records))
                self.assertIn(says, err)
                self.assertIn("to MySQL, whose collation (utf8mb3_general_ci, Buildbot's) ignores case", err)
                self.assertEqual(self.rows(), before)  # nothing written


@mysql_only
class MysqlMyisam(StatectlTestCase):
    """Buildbot's default engine, MyISAM, cannot roll back: writes of one
    value go as Buildbot's own do, writes of several need --non-atomic."""

    def setUp(self):
        super().setUp()
        self.url = self.url.replace("storage_engine=InnoDB", "storage_engine=MyISAM")
        self.env["STATECTL_DB"] = self.url
        self.init()
        self.ok("set", "nightly", "Nightly", "last_build", "1", "-q")
        self.ok("set", "nightly", "Nightly", "k", "2", "-q")

    def test_writes_of_one_value_go(self):
        self.assertEqual(self.sql("SELECT ENGINE FROM information_schema.TABLES WHERE "
                                  "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'object_state'"),
                         [("MyISAM",)])
        self.ok("set", "nightly", "Nightly", "last_build", "3", "--expect", "1", "-q")
        self.assertEqual(self.ok("create-once", "nightly", "Nightly", "once", "4"), "4\n")
        self.ok("delete", "nightly", "Nightly", "once", "-q")
        self.assertEqual(self.rows()[1], [(1, "k", "2"), (1, "last_build", "3")])

    def test_writes_of_several_rows_need_non_atomic_and_say_why(self):
        dump = self.ok("dump")
        for args in (["delete", "nightly", "Nightly", "--object"],
                     ["delete", "nightly", "Nightly", "last_build", "k"],
                     ["delete", "nightly", "Nightly", "--all-keys"],
                     ["delete", "--class", "Nightly", "--all-keys", "--yes"],
                     ["rename", "nightly", "--to", "nightly2"],
                     ["import", "--on-conflict", "overwrite", "-"]):
            with self.subTest(args=args):
                err = self.fails(5, *args, input=dump)
                self.assertIn("cannot write all or nothing: the state tables objects (MyISAM), "
                              "object_state (MyISAM) cannot roll back", err)
                self.assertIn("--non-atomic", err)
                self.assertEqual(self.rows(), ([(1, "nightly", "Nightly")],
                                               [(1, "k", "2"), (1, "last_build", "1")]))
        self.ok("rename", "nightly", "--to", "nightly2", "--non-atomic", "-q")
        self.ok("delete", "nightly2", "Nightly", "--object", "--non-atomic", "-q")
        self.assertEqual(self.rows(), ([], []))
        self.assertIn("1 objects created, 2 values added",
                      self.ok("import", "--non-atomic", input=dump))
        self.assertEqual(self.ok("dump").split("\n", 1)[1], dump.split("\n", 1)[1])


@mysql_only
class MysqlImportInit(StatectlTestCase):
    """import --init's CREATE TABLE commits on MySQL; the import after it
    must still be one transaction (it was not: a dump with a bad checksum
    left 26,547 of its 30,000 values behind)."""

    def damaged_dump(self):
        records = [("GitPoller", f"repo-{o:03d}", f"k{k:03d}", str(k))
                   for o in range(300) for k in range(100)]  # 30,000 values: two batches
        return dump_text(records).replace('"sha256":"', '"sha256":"00')

    def test_a_failed_import_init_leaves_the_new_tables_empty(self):
        err = self.fails(3, "import", "--init", input=self.damaged_dump())
        self.assertIn("checksum", err)
        self.assertEqual(self.rows(), ([], []))

    def test_import_init_on_myisam_is_refused_once_the_tables_are_there(self):
        url = self.url.replace("storage_engine=InnoDB", "storage_engine=MyISAM")
        err = self.fails(5, "-d", url, "import", "--init", input=self.damaged_dump())
        self.assertIn("objects (MyISAM), object_state (MyISAM) cannot roll back", err)
        self.assertEqual(self.rows(url), ([], []))


@mysql_only
class MysqlConnect(StatectlTestCase):
    """--timeout bounds the whole connect, the host name's lookup included
    (libmariadb's own getaddrinfo has no bound), and a host name's addresses
    are tried in turn, as libmariadb tries them. (A server that falls silent
    later: fault_test's ServerFaultTest.)"""

    def setUp(self):
        super().setUp()
        self.init()
        self.ok("set", "n", "C", "k", "1", "-q")
        # getaddrinfo sleeps 60 s for *.slow names and gives *.loopback ::1,
        # then 127.0.0.1 (tests/support/slow_getaddrinfo.cc).
        self.dns_env = dict(self.env, LD_PRELOAD=os.environ["STATECTL_TEST_SLOW_DNS"])

    def test_a_host_name_that_never_resolves_is_given_up_on_within_the_timeout(self):
        start = time.monotonic()
        err = self.fails(5, "--timeout", "1", "-d", f"mysql://statectl:secret@db.slow:{MYSQL_PORT}/x",
                         "get", "n", "C", "k", env=self.dns_env)
        self.assertLess(time.monotonic() - start, 4)
        self.assertIn(f"db.slow:{MYSQL_PORT}: cannot look up host name 'db.slow' within 1 s (--timeout)",
                      err)
        self.assertNotIn("secret", err)

    def test_a_host_name_whose_first_address_refuses_connects_through_the_next(self):
        url = f"mysql://statectl:secret@db.loopback:{MYSQL_PORT}/{mysql_dbname(self.url)}"
        self.assertEqual(self.ok("-d", url, "get", "n", "C", "k", env=self.dns_env), "1\n")

    def test_a_server_that_accepts_but_never_greets_is_given_up_on_within_the_timeout(self):
        port = self.silent_port()
        start = time.monotonic()
        err = self.fails(5, "--timeout", "1", "-d", f"mysql://bb:pw@127.0.0.1:{port}/bb",
                         "get", "n", "C", "k")
        self.assertLess(time.monotonic() - start, 4)
        self.assertIn(f"cannot connect to MySQL at 127.0.0.1:{port}", err)
