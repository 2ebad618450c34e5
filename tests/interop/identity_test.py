"""Case 3: names and keys longer than their columns (objects.name and
class_name VARCHAR(128), object_state.name VARCHAR(255)) resolve to the same
rows in Buildbot and statectl: Buildbot's ensureLength() keeps the first
half of the characters and appends SHA-1 hex digits."""
import hashlib

from harness import BACKEND
from interop import InteropTestCase


def around(limit, unit):
    """Names of unit repeated to lengths at and around a column's limit."""
    return [unit * n for n in (1, limit // 2, limit - 1, limit, limit + 1, limit + 2, 2 * limit, 1000)]


# ASCII, 2-byte (é), 3-byte (中) and 4-byte (𝄞, a surrogate pair in UTF-16);
# MySQL's utf8mb3 holds no 4-byte character (mysql_quirks_test.py pins that).
UNITS = ["n", "\u00e9", "\u4e2d"] + ([] if BACKEND == "mysql" else ["\U0001D11E"])
WIDEST = UNITS[-1]
NAMES = [name for unit in UNITS for name in around(128, unit)]
KEYS = [key for unit in UNITS for key in around(255, unit)]


def ensure_length(value, limit):  # Buildbot's, for the test's own expectation
    if len(value) > limit:
        return value[:limit // 2] + hashlib.sha1(value.encode()).hexdigest()[:limit // 2]
    return value


class ObjectIdentity(InteropTestCase):

    def setUp(self):
        super().setUp()
        self.m = self.master("master")
        self.d = ["-d", self.m.db_url]

    def test_long_object_names_resolve_to_buildbots_rows(self):
        half = len(NAMES) // 2
        # Buildbot creates the first half, statectl the second
        ids = self.bb(self.m, [["object-id", n, "GitPoller"] for n in NAMES[:half]])
        ids += [int(self.ok(*self.d, "object-id", n, "GitPoller")) for n in NAMES[half:]]
        self.assertEqual(len(set(ids)), len(NAMES))
        # each tool finds every row, whoever made it, and makes no new one
        mine = [int(self.ok(*self.d, "object-id", "--no-create", n, "GitPoller")) for n in NAMES]
        theirs = self.bb(self.m, [["object-id", n, "GitPoller"] for n in NAMES])
        self.assertEqual(mine, ids)
        self.assertEqual(theirs, ids)
        objects = self.sql("SELECT id, name FROM objects ORDER BY id", self.m.db_url)
        self.assertEqual(objects, sorted(zip(ids, [ensure_length(n, 128) for n in NAMES])))
        # the shortened form is itself a name, of the same row, in both tools
        shortened = ensure_length(NAMES[4], 128)
        self.assertEqual(self.ok(*self.d, "object-id", "--no-create", shortened, "GitPoller"),
                         f"{ids[4]}\n")
        self.assertEqual(self.bb(self.m, [["object-id", shortened, "GitPoller"]]), [ids[4]])

    def test_class_names_at_the_limit(self):
        at_limit = "C" * 127 + WIDEST
        self.assertEqual(self.bb(self.m, [["object-id", "x", at_limit]]), [1])
        self.assertEqual(self.ok(*self.d, "object-id", "--no-create", "x", at_limit), "1\n")
        over = "C" * 129  # Buildbot does not shorten class names
        if BACKEND != "sqlite":  # the column refuses it (Buildbot's checkLength on MySQL), in both tools
            results = self.buildbot([["object-id", "x", over]], self.m.db_url, self.m.basedir)
            self.assertIn("error", results[0])
            self.fails(3, *self.d, "object-id", "x", over)
        else:  # SQLite stores it whole, in both tools
            self.assertEqual(self.bb(self.m, [["object-id", "x", over]]), [2])
            self.assertEqual(self.ok(*self.d, "object-id", "--no-create", "x", over), "2\n")

    def test_long_keys_resolve_to_buildbots_rows(self):
        oid = self.bb(self.m, [["object-id", "file:///r.git", "GitPoller"]])[0]
        half = len(KEYS) // 2
        self.bb(self.m, [["set", oid, k, i] for i, k in enumerate(KEYS[:half])])
        for i, k in enumerate(KEYS[half:], half):
            self.ok(*self.d, "set", "--id", str(oid), k, str(i))
        # statectl reads every key, whoever wrote it
        for i, k in enumerate(KEYS):
            self.assertEqual(self.ok(*self.d, "get", "--id", str(oid), k), f"{i}\n", k[:10])
        # Buildbot's getState does not shorten the key as its setState does:
        # a key over 255 characters is found only by its shortened form.
        # statectl's get shortens, so it reads what setState wrote.
        results = self.buildbot([["get", oid, k] for k in KEYS], self.m.db_url, self.m.basedir)
        for i, (k, result) in enumerate(zip(KEYS, results)):
            self.assertEqual(result, {"ok": i} if len(k) <= 255 else {"error": "KeyError"}, k[:10])
        self.assertEqual(self.bb(self.m, [["get", oid, ensure_length(k, 255)] for k in KEYS]),
                         list(range(len(KEYS))))
        # and overwrites the same rows, never adding one
        self.bb(self.m, [["set", oid, k, "b"] for k in KEYS[half:]])
        for k in KEYS[:half]:
            self.ok(*self.d, "set", "--id", str(oid), k, '"s"')
        keys = self.sql("SELECT name, value_json FROM object_state", self.m.db_url)
        expected = [(ensure_length(k, 255), '"s"' if i < half else '"b"') for i, k in enumerate(KEYS)]
        self.assertEqual(sorted(keys), sorted(expected))
