"""Shared helpers for the end-to-end tests: run the real statectl binary and
real Buildbot (tests/oracle/buildbot_state.py) on temporary databases."""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "oracle", "buildbot_state.py")
STATECTL = os.environ.get("STATECTL_BIN") or os.path.join(HERE, "..", "..", "build", "cli", "statectl")
BUILDBOT_PYTHON = "/usr/bin/python3"  # Debian's python3-buildbot lives here


class Run:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return f"rc={self.rc} out={self.out!r} err={self.err!r}"


class StatectlTestCase(unittest.TestCase):
    """Each test gets a fresh directory as cwd, holding state.sqlite after init()."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="statectl-e2e-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.env = {k: v for k, v in os.environ.items() if k != "STATECTL_DB"}

    def path(self, name):
        return os.path.join(self.dir, name)

    def statectl(self, *args, input=None, env=None, cwd=None, timeout=60):
        proc = subprocess.run([STATECTL, *args], input=input, capture_output=True, text=True,
                              env=env or self.env, cwd=cwd or self.dir, timeout=timeout)
        return Run(proc)

    def ok(self, *args, **kw):
        r = self.statectl(*args, **kw)
        self.assertEqual(r.rc, 0, r)
        return r.out

    def fails(self, code, *args, **kw):
        r = self.statectl(*args, **kw)
        self.assertEqual(r.rc, code, r)
        self.assertEqual(r.out, "", r)
        lines = r.err.splitlines()
        self.assertEqual(len(lines), 1, r)  # one line, "statectl: COMMAND: ..."
        self.assertTrue(lines[0].startswith("statectl: "), r)
        return r.err

    def init(self, name="state.sqlite"):
        self.ok("-d", f"sqlite:///{name}", "init")

    def rows(self, name="state.sqlite"):
        con = sqlite3.connect(self.path(name))
        try:
            objects = con.execute("SELECT id, name, class_name FROM objects ORDER BY id").fetchall()
            state = con.execute(
                "SELECT objectid, name, value_json FROM object_state ORDER BY objectid, name").fetchall()
            return objects, state
        finally:
            con.close()

    def buildbot(self, ops, db_url="sqlite:///state.sqlite"):
        """Runs ops through real Buildbot's state API; returns its results."""
        text = "".join(json.dumps(op) + "\n" for op in ops)
        proc = subprocess.run([BUILDBOT_PYTHON, ORACLE, self.dir, db_url], input=text,
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return [json.loads(line) for line in proc.stdout.splitlines()]
