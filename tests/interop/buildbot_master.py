"""A Buildbot master directory made by Debian's own `buildbot create-master`,
and, when a test needs one, the running master itself (`buildbot start`),
with every wait bounded and the master always stopped."""
import os
import signal
import subprocess
import time

BUILDBOT = "/usr/bin/buildbot"  # Debian's, for /usr/bin/python3


class BuildbotMaster:
    def __init__(self, basedir, db_url):
        """A master in basedir on db_url (as passed to create-master --db and
        written to master.cfg; a relative sqlite:/// URL is relative to
        basedir)."""
        self.basedir = basedir
        self.db_url = db_url

    def create(self):
        """buildbot create-master: the directory and the database's tables,
        made by Buildbot itself."""
        self._buildbot("create-master", "-r", "-q", f"--db={self.db_url}", self.basedir,
                       timeout=120)

    def write_config(self, body):
        """Writes master.cfg: body (Python that fills the dict `c`) plus the
        database URL."""
        with open(os.path.join(self.basedir, "master.cfg"), "w") as f:
            f.write("c = BuildmasterConfig = {}\n" + body +
                    f"\nc['db'] = {{'db_url': {self.db_url!r}}}\n"
                    "c['buildbotNetUsageData'] = None\n")

    def start(self):
        """buildbot start: returns once the master says it started."""
        # buildbot start gives up after 10 s by default, which a loaded 2-core
        # machine can exceed while the master is still starting
        self._buildbot("start", "--start_timeout=90", self.basedir, timeout=120)

    def stop(self):
        """buildbot stop (SIGTERM: the master shuts down cleanly and marks
        itself inactive in the masters table), waiting up to 90 s for it to
        go; only then is it killed. Safe to call when it is not running."""
        if self.pid() is None:
            return
        # `buildbot stop` itself gives up after 10 s, which a master's clean
        # shutdown can exceed on a loaded 2-core machine; a master killed
        # then stays "active" in the masters table and the guard refuses
        # the edits the test makes next. So: signal without waiting, and wait here.
        try:
            self._buildbot("stop", "--no-wait", self.basedir, timeout=60)
            wait_for(lambda: self.pid() is None, 90, "the master to stop")
        except (subprocess.TimeoutExpired, AssertionError):
            pid = self.pid()
            if pid is not None:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def pid(self):
        try:
            with open(os.path.join(self.basedir, "twistd.pid")) as f:
                pid = int(f.read().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid

    def log(self):
        try:
            with open(os.path.join(self.basedir, "twistd.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def _buildbot(self, *args, timeout):
        proc = subprocess.run([BUILDBOT, *args], capture_output=True, text=True,
                              timeout=timeout, cwd=os.path.dirname(self.basedir) or ".")
        if proc.returncode != 0:
            # unittest prints an AssertionError's message, not a CalledProcessError's output
            raise AssertionError(f"{proc.args} exited {proc.returncode}:\n{proc.stdout[-1500:]}"
                                 f"{proc.stderr[-1500:]}\n--- twistd.log:\n{self.log()[-3000:]}")


def wait_for(predicate, timeout, what):
    """Polls predicate() until it returns something true; AssertionError
    naming what after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)
