"""The Debian package (issue 12): scripts/package.sh builds
statectl_<version>_amd64.deb; unpacked into a scratch root it holds a
working statectl, its man pages and its completion scripts, and depends
only on what it links dynamically (libc), recommending libpq5 and libmariadb3."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
BUILD = os.environ["STATECTL_BUILD_DIR"]


def run(*args, **kw):
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)
    if proc.returncode != 0:
        raise AssertionError(f"{args} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return proc


class PackageTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="statectl-package-")
        deb = run(os.path.join(ROOT, "scripts", "package.sh"), cls.dir,
                  env=dict(os.environ, STATECTL_BUILD_DIR=BUILD)).stdout.strip()
        cls.deb = deb
        cls.root = os.path.join(cls.dir, "root")
        run("dpkg-deb", "-x", deb, cls.root)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, True)

    def field(self, name):
        return run("dpkg-deb", "-f", self.deb, name).stdout.strip()

    def test_named_as_debian_names_packages(self):
        self.assertRegex(os.path.basename(self.deb), r"^statectl_\d+\.\d+\.\d+_amd64\.deb$")
        # nothing else left behind in the output directory
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(["root", os.path.basename(self.deb)]))

    def test_depends_on_what_it_links_and_recommends_libpq_and_libmariadb(self):
        depends = self.field("Depends")
        # SQLite, libcrypto, libstdc++ are linked into the binary; the
        # simdjson plug-in links Debian's shared libsimdjson and its runtime
        self.assertRegex(depends, r"^libc6 \(>= [\d.]+\), libsimdjson14 \(>= [\d.]+\), "
                                  r"libstdc\+\+6 \(>= [\d.]+\)$")
        self.assertEqual(self.field("Recommends"), "libpq5, libmariadb3")
        needed = run("objdump", "-p", os.path.join(self.root, "usr", "bin", "statectl")).stdout
        self.assertNotIn("libpq", needed)  # loaded on first use of a postgresql URL
        self.assertNotIn("libmariadb", needed)  # and of a mysql URL

    def test_holds_the_binary_man_pages_and_completion(self):
        usr = os.path.join(self.root, "usr")
        for path in ("bin/statectl", "lib/statectl/statectl-simdjson.so",
                     "share/man/man1/statectl.1", "share/man/man5/statectl-dump.5",
                     "share/bash-completion/completions/statectl",
                     "share/zsh/vendor-completions/_statectl"):
            self.assertTrue(os.path.isfile(os.path.join(usr, path)), path)
        with open(os.path.join(usr, "share/man/man1/statectl.1")) as f:
            self.assertTrue(f.read().startswith(".TH STATECTL 1 "))
        run("bash", "-c", "source " + os.path.join(usr, "share/bash-completion/completions/statectl"))

    def test_the_unpacked_binary_works(self):
        statectl = os.path.join(self.root, "usr", "bin", "statectl")
        version = run(statectl, "--version").stdout
        self.assertRegex(version, r"^statectl \d+\.\d+\.\d+ \(SQLite 3\.\d+\.\d+, ")
        self.assertIn(self.field("Version"), version)
        work = os.path.join(self.dir, "work")
        os.mkdir(work)
        env = {"PATH": "/usr/bin:/bin"}
        run(statectl, "init", cwd=work, env=env)
        run(statectl, "set", "nightly", "Nightly", "last_build", "1795460700.0", "-q", cwd=work, env=env)
        self.assertEqual(run(statectl, "get", "nightly", "Nightly", "last_build", cwd=work,
                             env=env).stdout, "1795460700.0\n")
        run(statectl, "dump", "-o", "state.jsonl", cwd=work, env=env)
        self.assertIn(": ok, 1 objects, 1 values", run(statectl, "verify", "state.jsonl", cwd=work,
                                                       env=env).stdout)
        shutil.rmtree(work)

    def test_the_unpacked_binary_loads_simdjson_for_bulk_work_only(self):
        """Issue 14: the plug-in beside the binary (../lib/statectl) is
        loaded once a command checks thousands of values, never by a
        one-row command."""
        import sqlite3
        statectl = os.path.join(self.root, "usr", "bin", "statectl")
        work = os.path.join(self.dir, "bulk")
        os.mkdir(work)
        env = {"PATH": "/usr/bin:/bin", "LD_DEBUG": "files"}
        run(statectl, "init", cwd=work, env=env)
        run(statectl, "set", "p", "GitPoller", "lastRev", '{"main": "e2bd82"}', "-q", cwd=work,
            env=env)
        one = run(statectl, "dump", "-o", "one.jsonl", cwd=work, env=env)
        self.assertNotIn("statectl-simdjson.so", one.stderr)
        con = sqlite3.connect(os.path.join(work, "state.sqlite"))
        con.executemany("INSERT INTO object_state (objectid, name, value_json) VALUES (1, ?, ?)",
                        [(f"k{i}", '{"a": [%d, 2.5, "x"]}' % i) for i in range(5000)])
        con.commit()
        con.close()
        bulk = run(statectl, "dump", "-o", "bulk.jsonl", cwd=work, env=env)
        self.assertRegex(bulk.stderr, r"calling init: \S*/lib/statectl/statectl-simdjson\.so")
        self.assertIn(": ok, 1 objects, 5001 values",
                      run(statectl, "verify", "bulk.jsonl", cwd=work, env={"PATH": "/usr/bin:/bin"}).stdout)
        shutil.rmtree(work)


if __name__ == "__main__":
    unittest.main()
