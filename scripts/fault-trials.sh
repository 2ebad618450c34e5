#!/usr/bin/env bash
# The kill -9 trials of tests/e2e/fault_test.py at full count, for the
# figures: TRIALS (default 100) per command and backend, SQLite and a
# throwaway PostgreSQL server, against STATECTL_BIN (default build/cli/statectl).
# Prints, per command and backend, how many trials left which outcome (the
# state before or after an import; the old or the new file after a dump -o)
# and exits 1 if any trial left anything else.
#   scripts/fault-trials.sh [TRIALS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
trials=${1:-100}
case "$trials" in ''|*[!0-9]*) echo "fault-trials.sh: TRIALS must be a whole number" >&2; exit 2 ;; esac
export STATECTL_BIN=${STATECTL_BIN:-$root/build/cli/statectl}
work=$(mktemp -d "${TMPDIR:-/tmp}/statectl-faults.XXXXXX")
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/statectl-pg.XXXXXX")  # the postgres user must reach it
trap '"$root/scripts/pg-sandbox.sh" stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$work" "$pgdir"' EXIT
eval "$("$root/scripts/pg-sandbox.sh" start "$pgdir")"
export STATECTL_FAULT_TRIALS=$trials STATECTL_FAULT_REPORT="$work/report.jsonl"
status=0
for backend in sqlite postgresql; do
  STATECTL_TEST_BACKEND=$backend /usr/bin/python3 "$root/tests/support/run_tests.py" \
    "$root/tests/e2e" KillMinus9Test >"$work/$backend.log" 2>&1 || { status=1; tail -30 "$work/$backend.log" >&2; }
done
/usr/bin/python3 - "$work/report.jsonl" <<'PY'
import collections, json, sys
counts = collections.defaultdict(collections.Counter)
for line in open(sys.argv[1]):
    r = json.loads(line)
    counts[(r["test"], r["backend"])][r["outcome"]] += 1
for (test, backend), c in sorted(counts.items()):
    print(f"{test:7} {backend:10} {sum(c.values()):4} trials: " +
          ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
PY
exit $status
