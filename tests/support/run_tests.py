"""ctest's entry to a Python test directory (tests/e2e, tests/interop) for
one backend: run_tests.py DIR [PATTERN...] runs every DIR/*_test.py with
unittest (or the tests whose names contain a PATTERN).

Without a PostgreSQL server, the postgresql run exits 77 (ctest: skipped),
except in CI, where a missing server is a failure, never a silent skip."""
import os
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


durations = []  # (seconds, test id) of every test run, in order


class TimedResult(unittest.TextTestResult):
    """Records each test's wall time, so a slow suite says which tests it
    spends its minutes on (the CI's 25-minute budget is spent here)."""

    def startTest(self, test):
        self._started = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        durations.append((time.monotonic() - self._started, test.id()))


def print_slowest(count=8):
    """Prints the COUNT slowest tests of the run, slowest first."""
    total = sum(seconds for seconds, _ in durations)
    print(f"\nslowest of {len(durations)} tests ({total:.1f} s in all):", file=sys.stderr)
    for seconds, name in sorted(durations, reverse=True)[:count]:
        print(f"  {seconds:7.1f} s  {name}", file=sys.stderr)


if __name__ == "__main__":
    tests = os.path.abspath(sys.argv[1])
    name = os.path.basename(tests)
    backend = os.environ.get("STATECTL_TEST_BACKEND", "sqlite")
    if backend == "postgresql" and not os.environ.get("STATECTL_TEST_PG_HOST"):
        print(f"{name}_postgresql: STATECTL_TEST_PG_HOST/_PORT are not set "
              "(scripts/test.sh starts a server with scripts/pg-sandbox.sh)", file=sys.stderr)
        sys.exit(1 if os.environ.get("CI") else 77)
    sys.path[:0] = [HERE, tests]
    if len(sys.argv) > 2:  # run_tests.py DIR PATTERN...: only the tests matching, as unittest -k
        unittest.defaultTestLoader.testNamePatterns = [f"*{p}*" for p in sys.argv[2:]]
    suite = unittest.defaultTestLoader.discover(tests, pattern="*_test.py", top_level_dir=tests)
    result = unittest.TextTestRunner(verbosity=2, resultclass=TimedResult).run(suite)
    print_slowest()
    sys.exit(0 if result.wasSuccessful() else 1)
