"""Case 4: races across tools. Buildbot processes (atomicCreateState,
getObjectId) and statectl processes (create-once, object-id) start on the
same key at the same instant, round after round; all must agree on the one
winner that is stored."""
import json
import subprocess
import sys
import time

from harness import BUILDBOT_PYTHON, ORACLE, STATECTL
from interop import InteropTestCase

BUILDBOT_PROCESSES = 4
STATECTL_PROCESSES = 8
ROUNDS = 8
SPACING = 0.4  # seconds between rounds
# statectl starts this much before Buildbot's wake-up in each round (it needs
# a few ms to start and connect): a sweep, so that either tool can win
LEAD = [-0.004, -0.002, 0.0, 0.002, 0.004, 0.008, 0.012, 0.020]


class RacesAcrossTools(InteropTestCase):

    def setUp(self):
        super().setUp()
        self.m = self.master("master")
        self.oid = self.bb(self.m, [["object-id", "file:///r.git", "GitPoller"]])[0]

    def race(self, buildbot_op, statectl_args):
        """Runs ROUNDS races; buildbot_op(round, process) and
        statectl_args(round, process) give each racer's operation. Returns,
        per round, the Buildbot results and the statectl outputs."""
        start = time.time() + 5  # Buildbot needs a second or two to start
        buildbot = []
        for p in range(BUILDBOT_PROCESSES):
            ops = []
            for r in range(ROUNDS):
                ops += [["wait-until", start + r * SPACING], buildbot_op(r, p)]
            proc = subprocess.Popen([BUILDBOT_PYTHON, ORACLE, self.m.basedir, self.m.db_url],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            proc.stdin.write("".join(json.dumps(op) + "\n" for op in ops))
            proc.stdin.close()
            buildbot.append(proc)
        statectl = []
        for r in range(ROUNDS):
            time.sleep(max(0.0, start + r * SPACING - LEAD[r] - time.time()))
            statectl.append([subprocess.Popen([STATECTL, "-d", self.m.db_url,
                                               *statectl_args(r, p)],
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                              text=True, cwd=self.dir)
                             for p in range(STATECTL_PROCESSES)])
        bb_results = []
        for proc in buildbot:
            out = proc.stdout.read()
            err = proc.stderr.read()
            self.assertEqual(proc.wait(timeout=120), 0, err)
            results = [json.loads(line) for line in out.splitlines()][1::2]
            self.assertEqual(len(results), ROUNDS, out)
            bb_results.append(results)
        rounds = []
        for r in range(ROUNDS):
            outs = []
            for proc in statectl[r]:
                out, err = proc.communicate(timeout=120)
                self.assertEqual((proc.returncode, err), (0, ""))
                outs.append(out)
            rounds.append(([results[r] for results in bb_results], outs))
        return rounds

    def test_create_once_and_atomiccreatestate_agree_on_one_winner(self):
        winners = []
        rounds = self.race(
            lambda r, p: ["create-once", self.oid, f"k{r}", {"buildbot": p}],
            lambda r, p: ["create-once", "--id", str(self.oid), f"k{r}", json.dumps({"statectl": p})])
        for r, (bb_results, outs) in enumerate(rounds):
            stored = self.sql("SELECT value_json FROM object_state WHERE name = ?", params=(f"k{r}",),
                              url=self.m.db_url)
            self.assertEqual(len(stored), 1)
            value_json = stored[0][0]
            for result in bb_results:
                self.assertEqual(result, {"ok": json.loads(value_json)})
            self.assertEqual(set(outs), {value_json + "\n"})
            winners.append(next(iter(json.loads(value_json))))
        print(f"create-once winners by round: {winners}", file=sys.stderr)

    def test_object_id_and_getobjectid_agree_on_one_row(self):
        rounds = self.race(lambda r, p: ["object-id", f"new-{r}", "Nightly"],
                           lambda r, p: ["object-id", f"new-{r}", "Nightly"])
        for r, (bb_results, outs) in enumerate(rounds):
            rows = self.sql("SELECT id FROM objects WHERE name = ?", params=(f"new-{r}",),
                            url=self.m.db_url)
            self.assertEqual(len(rows), 1)
            self.assertEqual(bb_results, [{"ok": rows[0][0]}] * BUILDBOT_PROCESSES)
            self.assertEqual(outs, [f"{rows[0][0]}\n"] * STATECTL_PROCESSES)
