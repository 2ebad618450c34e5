"""Cases 1 and 2: values cross between Buildbot and statectl unchanged, on
databases `buildbot create-master` made. The corpus is value_corpus.py."""
import json

import value_corpus
from interop import InteropTestCase, python_json

POLLER = ("file:///srv/git/project.git", "GitPoller")


class BuildbotWritesStatectlReads(InteropTestCase):

    def setUp(self):
        super().setUp()
        self.texts = value_corpus.texts()
        self.m = self.master("master")
        ops = [["object-id", *POLLER], ["object-id", "nightly", "Nightly"]]
        ops += [["set-json", 1, f"k{i}", t] for i, t in enumerate(self.texts)]
        ids = self.bb(self.m, ops)[:2]
        self.assertEqual(ids, [1, 2])  # ops above use objectid 1; checked, not assumed
        self.d = ["-d", self.m.db_url]

    def test_object_id_returns_buildbots_id(self):
        self.assertEqual(self.ok(*self.d, "object-id", *POLLER, "--no-create"), "1\n")
        self.assertEqual(self.ok(*self.d, "object-id", "nightly", "Nightly"), "2\n")
        self.assertEqual(self.ok(*self.d, "object-id", "periodic", "Periodic"), "3\n")
        self.assertEqual(self.bb(self.m, [["object-id", "periodic", "Periodic"]]), [3])

    def test_get_prints_value_json_byte_for_byte(self):
        stored = self.values(self.m.db_url)
        self.assertEqual(len(stored), len(self.texts))
        for i, text in enumerate(self.texts):
            value_json = stored[(*POLLER, f"k{i}")]
            self.assertEqual(value_json, python_json(text))  # Buildbot stored json.dumps
            r = self.statectl_bytes(*self.d, "get", *POLLER, f"k{i}")
            self.assertEqual((r.returncode, r.stdout), (0, value_json.encode() + b"\n"), text[:80])
            r = self.statectl_bytes(*self.d, "get", "--id", "1", f"k{i}")
            self.assertEqual(r.stdout, value_json.encode() + b"\n")

    def test_get_raw_prints_string_values_unescaped(self):
        strings = 0
        for i, text in enumerate(self.texts):
            value = json.loads(text)
            if not isinstance(value, str):
                continue
            strings += 1
            r = self.statectl_bytes(*self.d, "get", "--raw", *POLLER, f"k{i}")
            try:
                expected = value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for it, refused
                self.assertEqual(r.returncode, 3, text)
                self.assertEqual(r.stdout, b"")
                self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
                continue
            self.assertEqual((r.returncode, r.stdout), (0, expected + b"\n"), text[:80])
        self.assertGreater(strings, 20)


class StatectlWritesBuildbotReads(InteropTestCase):

    def setUp(self):
        super().setUp()
        self.texts = value_corpus.texts()
        self.mine, self.theirs = self.master("mine"), self.master("theirs")

    def test_set_stores_what_setstate_stores_and_getstate_reads_it(self):
        d = ["-d", self.mine.db_url]
        for i, text in enumerate(self.texts):
            self.ok(*d, "set", *POLLER, f"k{i}", text)
        self.bb(self.theirs, [["object-id", *POLLER]] +
                [["set-json", 1, f"k{i}", t] for i, t in enumerate(self.texts)])
        self.assertEqual(self.rows(self.mine.db_url), self.rows(self.theirs.db_url))
        got = self.bb(self.mine, [["object-id", *POLLER]] +
                      [["get", 1, f"k{i}"] for i in range(len(self.texts))])
        self.assertEqual(got[0], 1)
        for text, value in zip(self.texts, got[1:]):
            # json.dumps compares types, key order and NaN, which == does not
            self.assertEqual(json.dumps(value), python_json(text), text[:80])

    def test_set_over_a_value_buildbot_wrote(self):
        self.bb(self.mine, [["object-id", *POLLER], ["set", 1, "lastRev", {"main": "aaaa"}]])
        self.ok("-d", self.mine.db_url, "set", *POLLER, "lastRev", '{"main": "bbbb", "dev": "cc"}')
        self.assertEqual(self.bb(self.mine, [["get", 1, "lastRev"]]), [{"main": "bbbb", "dev": "cc"}])
        self.assertEqual(len(self.rows(self.mine.db_url)[1]), 1)

    def test_create_once_stores_what_atomiccreatestate_stores(self):
        d = ["-d", self.mine.db_url]
        sample = self.texts[::3]
        for i, text in enumerate(sample):
            out = self.statectl_bytes(*d, "create-once", *POLLER, f"c{i}", text).stdout
            self.assertEqual(out, python_json(text).encode() + b"\n")
        results = self.bb(self.theirs, [["object-id", *POLLER]] +
                          [["create-once", 1, f"c{i}", json.loads(t)] for i, t in enumerate(sample)])
        self.assertEqual(self.rows(self.mine.db_url), self.rows(self.theirs.db_url))
        for text, value in zip(sample, results[1:]):
            self.assertEqual(json.dumps(value), python_json(text))
        # each keeps the first value when the other calls again
        again = self.bb(self.mine, [["create-once", 1, "c0", "other"]])
        self.assertEqual(json.dumps(again[0]), python_json(sample[0]))
        self.bb(self.theirs, [["create-once", 1, "late", [1, 2]]])
        self.assertEqual(self.ok("-d", self.theirs.db_url, "create-once", *POLLER, "late", "3"),
                         "[1, 2]\n")

    def test_values_python_refuses_are_refused_and_nothing_written(self):
        d = ["-d", self.mine.db_url]
        self.ok(*d, "set", *POLLER, "k", '"kept"')
        before = self.rows(self.mine.db_url)
        for text in value_corpus.rejected():
            for command in ("set", "create-once"):
                r = self.statectl(*d, command, *POLLER, "k", "--", text)
                self.assertEqual(r.rc, 3, f"{command} {text!r:.80}: {r}")
                self.assertEqual(len(r.err.splitlines()), 1, r)
        self.assertEqual(self.rows(self.mine.db_url), before)
