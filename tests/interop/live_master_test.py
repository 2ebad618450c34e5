"""Case 6: a live master. A GitPoller watches a local repository (file://),
a Periodic and a Nightly scheduler run; statectl reads their state while the
master writes it, and then the operator's story: stop the master, reset the
poller's lastRev to an older commit, start it, and the commits after it come
in again as new changes."""
import os
import subprocess
import time

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
    schedulers.Nightly(name='nightly', builderNames=['b'], hour=3, minute=0),
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
            self.m = BuildbotMaster(basedir, self.db("master"))
        self.m.create()
        self.addCleanup(self.m.stop)
        self.m.write_config(CONFIG.format(repourl="file://" + self.repo))
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

        # the operator's story: stop, reset lastRev to c2, start
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
