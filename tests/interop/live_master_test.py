"""Case 6: a live master. A GitPoller watches a local repository (file://),
a Periodic and a Nightly scheduler run; statectl reads their state while the
master writes it, and then the operator's story: stop the master, reset the
poller's lastRev to an older commit, start it, and the commits after it come
in again as new changes. Case 7: the guard against the running master (an
edit it would undo is refused; forced, it is undone within one poll), list's
owner column, and a Nightly renamed in master.cfg resuming from its old
last_build after `statectl rename`. Case 8 (issue 12): a value a foreign
tool wrote that Buildbot rejects stops the poller; `statectl check` names it
and its fix, which revives the poller."""
import json
import os
import shlex
import subprocess
import time
import unittest

from buildbot_master import BuildbotMaster, wait_for
from harness import BACKEND
from interop import InteropTestCase

CONFIG = """
from buildbot.plugins import changes, schedulers, util, worker
c['workers'] = [worker.Worker('w', 'pw')]  # never connects: builds just queue
c['protocols'] = {{'pb': {{'port': 'tcp:0:interface=127.0.0.1'}}}}
c['change_source'] = [changes.GitPoller({repourl!r}, branches=['main'], pollInterval=1,
                                        pollAtLaunch=True, workdir='gitpoller-work')]
c['schedulers'] = [
    schedulers.Periodic(name='periodic', builderNames=['b'], periodicBuildTimer=1),
    schedulers.Nightly(name={nightly!r}, builderNames=['b'], hour=3, minute=0),
]
c['builders'] = [util.BuilderConfig(name='b', workernames=['w'], factory=util.BuildFactory())]
"""
WAIT = 60  # seconds: the bound on every wait for the master


class LiveMaster(InteropTestCase):

    def setUp(self):
        super().setUp()
        self.repo = self.path("repo")
        self.git("init", "-q", "-b", "main", self.repo, cwd=self.dir)
        self.commits = [self.commit(f"c{i}") for i in range(1, 5)]
        basedir = self.path("master")
        if BACKEND == "sqlite":  # create-master's default URL, relative to the basedir
            self.m = BuildbotMaster(basedir, "sqlite:///state.sqlite")
        else:
            url = self.db("master")
            if self._testMethodName.endswith("_on_myisam"):  # Buildbot's own default engine
                url = url.replace("&storage_engine=InnoDB", "")
            self.m = BuildbotMaster(basedir, url)
        self.m.create()
        self.addCleanup(self.m.stop)
        self.m.write_config(CONFIG.format(repourl="file://" + self.repo, nightly="nightly"))
        self.poller = ["file://" + self.repo, "GitPoller"]

    def git(self, *args, cwd=None):
        env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
        return subprocess.run(["git", *args], cwd=cwd or self.repo, env=env, check=True,
                              capture_output=True, text=True, timeout=30).stdout.strip()

    def commit(self, message):
        with open(os.path.join(self.repo, "f"), "a") as f:
            f.write(message + "\n")
        self.git("add", "f")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def sc(self, *args):
        """statectl as the operator runs it: in the master's basedir, on the
        URL of its master.cfg."""
        r = self.statectl("-d", self.m.db_url, *args, cwd=self.m.basedir)
        self.assertEqual((r.rc, r.err), (0, ""), f"{args}: {r}\n{self.m.log()[-2000:]}")
        return r.out

    def operator(self, *args):
        """statectl as an operator types it in the master's directory: no
        --db, no $STATECTL_DB; the URL comes from master.cfg."""
        env = {k: v for k, v in self.env.items() if k != "STATECTL_DB"}
        return self.statectl(*args, cwd=self.m.basedir, env=env)

    def last_rev(self):
        r = self.statectl("-d", self.m.db_url, "get", *self.poller, "lastRev", "--default", "{}",
                          cwd=self.m.basedir)
        return r.out.strip() if r.rc == 0 else None

    def changes(self, after=0):
        return [rev for (rev,) in self.sql("SELECT revision FROM changes WHERE changeid > ? "
                                           "ORDER BY changeid", self.sql_url(), (after,))]

    def max_change(self):
        return self.sql("SELECT COALESCE(MAX(changeid), 0) FROM changes", self.sql_url())[0][0]

    def sql_url(self):
        if self.m.db_url == "sqlite:///state.sqlite":
            return "sqlite:///" + os.path.join(self.m.basedir, "state.sqlite")
        return self.m.db_url

    def test_statectl_reads_a_running_master_and_resets_its_poller(self):
        head = '{"main": "%s"}'
        self.m.start()
        wait_for(lambda: self.last_rev() == head % self.commits[-1], WAIT, "the first poll")
        self.assertEqual(self.changes(), [])  # the first poll only records where it starts
        first_build = float(wait_for(lambda: self.statectl(
            "-d", self.m.db_url, "get", "periodic", "Periodic", "last_build",
            cwd=self.m.basedir).out, WAIT, "the Periodic scheduler"))

        # while the master polls and schedules, statectl reads, never locked out
        self.commits.append(self.commit("c5"))
        deadline = time.monotonic() + 5
        reads = 0
        while time.monotonic() < deadline:
            self.sc("get", *self.poller, "lastRev")
            self.sc("get", "periodic", "Periodic", "last_build")
            self.sc("object-id", "--no-create", "nightly", "Nightly")
            self.sc("get", "nightly", "Nightly", "last_build", "--default", "null")
            self.assertIn('"key":"lastRev"', self.sc("dump", "--class", "GitPoller"))
            reads += 5
        self.assertGreater(reads, 20)
        # and the master kept working: the new commit is a change, the timer moved
        wait_for(lambda: self.changes() == [self.commits[-1]], WAIT, "the change of c5")
        wait_for(lambda: self.last_rev() == head % self.commits[-1], WAIT, "lastRev at c5")
        self.assertGreater(float(self.sc("get", "periodic", "Periodic", "last_build")), first_build)
        self.reset_poller_to_c2()

    @unittest.skipUnless(BACKEND == "mysql", "MySQL only")
    def test_the_poller_reset_on_myisam(self):
        """The same story on the tables `buildbot create-master` makes by
        default on MySQL: MyISAM, which cannot roll back (set writes one
        value, as Buildbot's setState does, so it needs no --non-atomic)."""
        engines = self.sql("SELECT ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                           "DATABASE() AND TABLE_NAME IN ('objects', 'object_state')", self.sql_url())
        self.assertEqual(sorted(e for (e,) in engines), ["MyISAM", "MyISAM"])
        self.m.start()
        wait_for(lambda: self.last_rev() == '{"main": "%s"}' % self.commits[-1], WAIT, "the first poll")
        self.commits.append(self.commit("c5"))
        wait_for(lambda: self.changes() == [self.commits[-1]], WAIT, "the change of c5")
        self.reset_poller_to_c2()

    def reset_poller_to_c2(self):
        """The operator's story: stop the master, reset lastRev to c2, start
        it; the commits after c2 come in again as changes."""
        head = '{"main": "%s"}'
        self.m.stop()
        self.assertIsNone(self.m.pid())
        before = self.max_change()
        self.sc("set", *self.poller, "lastRev", head % self.commits[1])
        self.m.start()
        wait_for(lambda: self.changes(before) == self.commits[2:], WAIT,
                 "the changes after c2 to come in again")
        wait_for(lambda: self.last_rev() == head % self.commits[-1], WAIT, "lastRev back at c5")
        self.m.stop()
        self.assertNotIn("Traceback", self.m.log())

    def test_the_guard_refuses_an_edit_the_running_master_would_undo(self):
        head = '{"main": "%s"}'
        self.m.start()
        wait_for(lambda: self.last_rev() == head % self.commits[-1], WAIT, "the first poll")
        listing = self.operator("list", "--class", "GitPoller")
        self.assertEqual(listing.rc, 0, listing)
        row = listing.out.splitlines()[1]
        self.assertIn("file://" + self.repo, row)
        self.assertIn(self.m.basedir + " (running)", row)
        owners = [json.loads(l)["owner"] for l in self.operator("list", "--json").out.splitlines()
                  if json.loads(l)["name"] == "file://" + self.repo]
        self.assertTrue(owners and all(o and o["running"] for o in owners), owners)

        r = self.operator("set", *self.poller, "lastRev", head % self.commits[1])
        self.assertEqual(r.rc, 6, r)
        self.assertRegex(r.err, r"master '[^']*:%s' \(active, seen \d+ s ago\) owns GitPoller "
                                r"'file://%s' and will overwrite this edit; stop it first, or use "
                                r"--force" % (self.m.basedir, self.repo))
        self.assertEqual(self.last_rev(), head % self.commits[-1])
        # forced, the edit lands, and the running poller undoes it at its next poll
        # (pollInterval=1: on a loaded machine a poll can fall between the
        # write and the read-back, so the edit is seen in one of a few tries)
        seen = []
        for _ in range(5):
            r = self.operator("set", *self.poller, "lastRev", head % self.commits[1], "--force")
            self.assertEqual(r.rc, 0, r)
            self.assertIn("warning: writing anyway (--force)", r.err)
            seen.append(self.last_rev())
            if seen[-1] == head % self.commits[1]:
                break
        self.assertEqual(seen[-1], head % self.commits[1], seen)
        wait_for(lambda: self.last_rev() == head % self.commits[-1], 10,
                 "the master to overwrite the forced edit")
        # stopped, the master claims nothing: the edit works, without a warning
        self.m.stop()
        r = self.operator("set", *self.poller, "lastRev", head % self.commits[1])
        self.assertEqual((r.rc, r.err), (0, ""), r)
        self.assertNotIn("Traceback", self.m.log())

    def test_a_renamed_nightly_resumes_from_its_old_last_build(self):
        """Nightly reads last_build when it starts: a value two days old means
        a build it missed, which it makes at once. Under a new name its state
        is gone, unless `statectl rename` carries it over."""
        self.m.start()
        wait_for(lambda: self.operator("object-id", "--no-create", "nightly", "Nightly").rc == 0,
                 WAIT, "the Nightly scheduler to start")
        self.m.stop()
        old = float(int(time.time()) - 2 * 86400)
        r = self.operator("set", "nightly", "Nightly", "last_build", repr(old))
        self.assertEqual(r.rc, 0, r)
        self.m.write_config(CONFIG.format(repourl="file://" + self.repo, nightly="nightly-main"))
        r = self.operator("rename", "nightly", "--to", "nightly-main")
        self.assertEqual(r.rc, 0, r)
        self.assertIn("is now ('nightly-main', 'Nightly')", r.err)
        self.m.start()
        resumed = wait_for(lambda: float(self.operator(
            "get", "nightly-main", "Nightly", "last_build", "--default", "0").out or 0) > old,
            WAIT, "the renamed Nightly to make the build it missed")
        self.assertTrue(resumed)
        # it built at once (the build it missed), so last_build is now; a Nightly
        # that found no state would wait for 03:00 and keep none until then
        last = float(self.operator("get", "nightly-main", "Nightly", "last_build").out)
        self.assertGreater(last, time.time() - 2 * WAIT)
        self.assertIn("missed scheduled build time - building immediately", self.m.log())
        # the running master owns the new name now
        self.assertEqual(self.operator("rename", "nightly-main", "--to", "x").rc, 6)
        self.m.stop()
        self.assertNotIn("Traceback", self.m.log())

    def test_check_finds_a_value_buildbot_rejects_and_its_fix_revives_the_poller(self):
        """Issue 12: a foreign tool writes lastRev as Python's repr, not JSON.
        getState raises in the GitPoller's activate, and the poller never polls:
        silently, but for a traceback in twistd.log. statectl check names the
        value and the command that fixes it; after that the poller runs again."""
        head = '{"main": "%s"}'
        self.m.start()
        wait_for(lambda: self.last_rev() == head % self.commits[-1], WAIT, "the first poll")
        self.m.stop()
        self.sql("UPDATE object_state SET value_json = ? WHERE name = 'lastRev'", self.sql_url(),
                 ("{'main': '%s'}" % self.commits[-1],))
        self.commits.append(self.commit("c5"))
        self.m.start()
        wait_for(lambda: "JSON error loading state value 'lastRev'" in self.m.log(), WAIT,
                 "the poller to fail activating")
        time.sleep(3)  # pollInterval=1: a working poller would have seen c5 by now
        self.assertEqual(self.changes(), [])
        r = self.operator("check")
        self.assertEqual(r.rc, 1, r)
        problem, fix = r.out.splitlines()[:2]
        self.assertTrue(problem.startswith("problem: bad_json: ('file://%s', 'GitPoller')" % self.repo),
                        problem)
        self.assertIn("getState raises", problem)
        self.assertTrue(fix.startswith("  fix: statectl delete --id "), fix)
        # the fix is a write: the guard holds it off while the master runs
        self.assertEqual(self.operator(*shlex.split(fix)[2:]).rc, 6)
        self.m.stop()
        r = self.operator(*shlex.split(fix)[2:])
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(self.operator("check").rc, 0)
        self.m.start()
        # activated again: it polls, records where the branch is, and goes on
        wait_for(lambda: self.last_rev() == head % self.commits[-1], WAIT, "the revived poller")
        self.commits.append(self.commit("c6"))
        wait_for(lambda: self.changes() == [self.commits[-1]], WAIT, "the change of c6")
        self.m.stop()
