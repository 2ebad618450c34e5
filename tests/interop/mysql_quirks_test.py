"""What is peculiar to MySQL/MariaDB, pinned against real Buildbot on it
(buildbot create-master --db=mysql://...): the engine Buildbot picks, the
collation that decides which object a name finds, and the characters and
sizes the columns refuse. statectl must find, refuse and write exactly
what Buildbot would, and never half of it."""
import json

from buildbot_master import BuildbotMaster
from harness import mysql_only
from interop import InteropTestCase


@mysql_only
class MysqlQuirks(InteropTestCase):

    def engines(self, url):
        return dict(self.sql("SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES "
                             "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('objects', 'object_state')",
                             url))

    def test_buildbots_default_engine_is_myisam_where_one_value_is_written_as_buildbot_does(self):
        url = self.db("myisam").replace("&storage_engine=InnoDB", "")  # Buildbot's own default
        m = BuildbotMaster(self.path("myisam"), url)
        m.create()
        self.addCleanup(m.stop)
        self.assertEqual(self.engines(url), {"objects": "MyISAM", "object_state": "MyISAM"})
        oid = self.bb(m, [["object-id", "nightly", "Nightly"]])[0]
        self.bb(m, [["set", oid, "last_build", 1700000000]])
        self.assertEqual(self.ok("-d", url, "get", "nightly", "Nightly", "last_build"), "1700000000\n")
        dump = self.ok("-d", url, "dump")
        self.assertIn('"key":"last_build","value":1700000000', dump)
        # the operator's reset, one value: Buildbot reads it back
        self.ok("-d", url, "set", "nightly", "Nightly", "last_build", "1600000000", "-q")
        self.assertEqual(self.bb(m, [["get", oid, "last_build"]]), [1600000000])
        # several rows cannot be all or nothing there: refused unless --non-atomic
        err = self.fails(5, "-d", url, "import", "--on-conflict", "overwrite", input=dump)
        self.assertIn("objects (MyISAM), object_state (MyISAM) cannot roll back", err)
        self.assertEqual(self.bb(m, [["get", oid, "last_build"]]), [1600000000])
        self.ok("-d", url, "import", "--on-conflict", "overwrite", "--non-atomic", "-q", input=dump)
        self.assertEqual(self.bb(m, [["get", oid, "last_build"]]), [1700000000])
        self.assertEqual(len(self.rows(url)[0]), 1)

    def test_names_and_keys_find_what_buildbots_collation_finds(self):
        m = self.master("master")
        oid = self.bb(m, [["object-id", "nightly", "Nightly"]])[0]
        self.bb(m, [["set", oid, "lastRev", "abc"]])
        d = ["-d", m.db_url]
        for name, cls in (("NIGHTLY", "nightly"), ("n\u00efghtly", "Nightly"), ("nightly ", "Nightly")):
            with self.subTest(name=name, cls=cls):
                self.assertEqual(self.bb(m, [["object-id", name, cls]]), [oid])
                self.assertEqual(self.ok(*d, "object-id", "--no-create", name, cls), f"{oid}\n")
        self.assertEqual(self.bb(m, [["get", oid, "LASTREV"]]), ["abc"])
        self.assertEqual(self.ok(*d, "get", "NIGHTLY", "nightly", "LASTREV"), '"abc"\n')
        self.ok(*d, "set", "Nightly", "NIGHTLY", "LastRev", '"def"')  # the same row, as setState
        self.assertEqual(self.bb(m, [["get", oid, "lastRev"]]), ["def"])
        self.assertEqual(self.rows(m.db_url), ([(oid, "nightly", "Nightly")], [(oid, "lastRev", '"def"')]))

    def test_a_name_beyond_the_bmp_is_refused_by_both_and_nothing_is_written(self):
        m = self.master("master")
        name = "nightly \U0001F600"
        result = self.buildbot([["object-id", name, "Nightly"]], m.db_url, m.basedir)
        self.assertEqual(result, [{"error": "OperationalError"}])
        err = self.fails(3, "-d", m.db_url, "set", name, "Nightly", "k", "1")
        self.assertIn("U+FFFF", err)
        self.assertEqual(self.rows(m.db_url), ([], []))

    def test_a_value_over_64_kib_fails_buildbot_half_way_and_statectl_not_at_all(self):
        m = self.master("master")
        big = {"master": "0" * 70000}  # buildbot#6100: a GitPoller's lastRev outgrew TEXT
        oid = self.bb(m, [["object-id", "file:///big.git", "GitPoller"]])[0]
        result = self.buildbot([["set", oid, "lastRev", big]], m.db_url, m.basedir)
        self.assertEqual(result, [{"error": "DataError"}])
        self.assertEqual(self.rows(m.db_url), ([(oid, "file:///big.git", "GitPoller")], []))
        err = self.fails(3, "-d", m.db_url, "set", "file:///other.git", "GitPoller", "lastRev",
                         json.dumps(big), "--create")
        self.assertIn("holds at most 65535 bytes", err)
        self.assertEqual(self.rows(m.db_url), ([(oid, "file:///big.git", "GitPoller")], []))
        at_limit = json.dumps("x" * 65533)  # 65,535 bytes with its quotes
        self.ok("-d", m.db_url, "set", "--id", str(oid), "lastRev", at_limit, "-q")
        self.assertEqual(self.bb(m, [["get", oid, "lastRev"]]), ["x" * 65533])
