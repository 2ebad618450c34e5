"""Case 5: migration. A database Buildbot created and wrote is dumped, the
dump imported into a fresh `buildbot create-master` database on the other
backend, and Buildbot reads every value back equal there."""
import json

import value_corpus
from harness import BACKEND
from interop import OTHER_BACKEND, InteropTestCase, needs_both_backends

# MySQL's utf8mb3 holds no character beyond U+FFFF in a name.
WIDE = "\u4e2d" if "mysql" in (BACKEND, OTHER_BACKEND) else "\U0001F600"
OBJECTS = [("file:///srv/git/project.git", "GitPoller"), ("nightly", "Nightly"),
           ("p" * 300, "Periodic"), ("\u00e9t\u00e9 " + WIDE, "GitPoller")]


def without_header(dump):
    return dump.split("\n", 1)[1]


@needs_both_backends
class MigrationToTheOtherBackend(InteropTestCase):

    def test_buildbot_reads_every_value_back_after_migration(self):
        texts = value_corpus.texts()
        source = self.master("source")
        ops = [["object-id", n, c] for n, c in OBJECTS] + [["object-id", "empty", "Nightly"]]
        ops += [["set-json", 1 + i % len(OBJECTS), f"k{i}", t] for i, t in enumerate(texts)]
        self.bb(source, ops)
        dump = self.ok("-d", source.db_url, "dump")

        target = self.master("target", OTHER_BACKEND)
        self.ok("-d", target.db_url, "import", input=dump)
        self.assertEqual(without_header(self.ok("-d", target.db_url, "dump")), without_header(dump))

        # Buildbot, asking by name and key as a master would, reads each value
        ids = self.bb(target, [["object-id", n, c] for n, c in OBJECTS + [("empty", "Nightly")]])
        got = self.bb(target, [["get", ids[i % len(OBJECTS)], f"k{i}"] for i in range(len(texts))])
        for text, value in zip(texts, got):
            self.assertEqual(json.dumps(value), json.dumps(json.loads(text)), text[:80])
        self.assertEqual(self.values(target.db_url), self.values(source.db_url))
        self.assertEqual(len(self.rows(target.db_url)[0]), len(OBJECTS) + 1)  # none made anew

        # and back again, into a third master on the first backend
        back = self.master("back")
        self.ok("-d", back.db_url, "import", input=self.ok("-d", target.db_url, "dump"))
        self.assertEqual(without_header(self.ok("-d", back.db_url, "dump")), without_header(dump))
