"""The base of the interop tests: databases and master directories made by
real Buildbot (`buildbot create-master`), its state API through
buildbot_state.py, and statectl, on the backend under test."""
import json
import subprocess
import unittest

from buildbot_master import BuildbotMaster
from harness import BACKEND, PG_HOST, STATECTL, StatectlTestCase, passwords_in

OTHER_BACKEND = {"sqlite": "postgresql", "postgresql": "sqlite", "mysql": "sqlite"}[BACKEND]
needs_both_backends = unittest.skipUnless(
    PG_HOST, "needs the PostgreSQL server that scripts/test.sh starts")


class InteropTestCase(StatectlTestCase):

    def master(self, name, backend=None):
        """A master directory and a database with the tables that
        `buildbot create-master` made, on backend (default: under test)."""
        master = BuildbotMaster(self.path(name), self.db(name, backend))
        master.create()
        self.addCleanup(master.stop)
        return master

    def bb(self, master, ops):
        """Buildbot's state API on master's database; every op must succeed."""
        results = self.buildbot(ops, master.db_url, master.basedir)
        self.assertEqual(len(results), len(ops))
        for op, result in zip(ops, results):
            self.assertIn("ok", result, f"Buildbot failed on {op!r:.200}: {result}")
        return [result["ok"] for result in results]

    def statectl_bytes(self, *args, cwd=None, timeout=60):
        """statectl with its output as bytes, exactly as written."""
        proc = subprocess.run([STATECTL, *args], capture_output=True, env=self.env,
                              cwd=cwd or self.dir, timeout=timeout)
        for secret in passwords_in([*args, self.env.get("STATECTL_DB", "")]):  # issue 13
            self.assertNotIn(secret.encode(), proc.stdout + proc.stderr, "a password was printed")
        return proc

    def values(self, url):
        """{(object name, class_name, key): value_json} of a database."""
        rows = self.sql("SELECT o.name, o.class_name, s.name, s.value_json FROM object_state s "
                        "JOIN objects o ON o.id = s.objectid", url)
        return {(n, c, k): v for n, c, k, v in rows}


def python_json(text):
    """What Buildbot stores for text: json.dumps(json.loads(text))."""
    return json.dumps(json.loads(text))
