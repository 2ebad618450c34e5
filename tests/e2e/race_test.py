"""Races between real statectl processes, as between masters and operators:
one create-once winner that every caller prints, no lost set, one object row."""
import json
import subprocess

from harness import STATECTL, StatectlTestCase

PROCESSES = 40
INCREMENTS = 2  # by each process, in the compare-and-swap race


class RaceTest(StatectlTestCase):

    def setUp(self):
        super().setUp()
        self.init()

    def race(self, argv_for):
        procs = [subprocess.Popen([STATECTL, *argv_for(i)], cwd=self.dir, env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(PROCESSES)]
        results = []
        for p in procs:
            out, err = p.communicate(timeout=120)
            results.append((p.returncode, out, err))
        created = 0
        for rc, out, err in results:
            self.assertEqual(rc, 0, err)
            if err:  # the one process that created the object says so, no other
                self.assertRegex(err, r"^statectl: [a-z-]+: created object \d+ \('[a-z-]+', 'C'\)\n$")
                created += 1
        self.assertLessEqual(created, 1)
        return [out for _, out, _ in results]

    def test_create_once_has_one_winner_that_everyone_prints(self):
        outs = self.race(lambda i: ["create-once", "n", "C", "k", json.dumps({"writer": i})])
        self.assertEqual(len(set(outs)), 1, outs)
        self.assertEqual(self.ok("get", "n", "C", "k"), outs[0])
        objects, state = self.rows()
        self.assertEqual(len(objects), 1)
        self.assertEqual(len(state), 1)

    def test_create_once_run_runs_the_command_at_most_once(self):
        log = self.path("runs.log")
        outs = self.race(lambda i: ["create-once", "n", "C", "k", "--run",
                                    f"echo {i} >> {log}; sleep 0.05; echo {i}"])
        self.assertEqual(len(set(outs)), 1, outs)
        with open(log) as f:
            self.assertEqual(len(f.read().split()), 1)

    def test_compare_and_swap_increments_lose_no_update(self):
        """40 processes each add 1 twice by get, then set --expect, retrying
        on exit 4: every increment lands, none is undone by another. (Twice,
        not more: the retries grow with the square of the processes, and at
        five increments each this one test took 150 s under ASan; the first
        round alone, 40 processes reading the same value, loses updates
        unless --expect is atomic.)"""
        self.ok("set", "counter", "C", "n", "0")
        loop = (f"for i in $(seq {INCREMENTS}); do while :; do v=$('{STATECTL}' get counter C n); "
                f"'{STATECTL}' --timeout 30 set counter C n $((v + 1)) --expect \"$v\"; rc=$?; "
                f"[ $rc -eq 0 ] && break; [ $rc -eq 4 ] || exit $rc; done; done")
        procs = [subprocess.Popen(["bash", "-c", loop], cwd=self.dir, env=self.env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(PROCESSES)]
        for p in procs:
            out, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, err[-2000:])
        self.assertEqual(self.ok("get", "counter", "C", "n"), f"{PROCESSES * INCREMENTS}\n")

    def test_concurrent_sets_of_distinct_keys_all_land_on_one_object(self):
        self.race(lambda i: ["set", "new-object", "C", f"k{i}", str(i)])
        objects, state = self.rows()
        self.assertEqual(len(objects), 1)
        self.assertEqual(sorted(v for _, _, v in state), sorted(str(i) for i in range(PROCESSES)))

    def test_concurrent_object_ids_agree(self):
        outs = self.race(lambda i: ["object-id", "new-object", "C"])
        self.assertEqual(set(outs), {"1\n"})
        self.assertEqual(len(self.rows()[0]), 1)
