#!/usr/bin/env bash
# Installs what is missing (apt-get), builds, starts throwaway PostgreSQL and
# MariaDB servers, and runs every test through ctest: unit tests, the backend
# conformance suite on SQLite, PostgreSQL and MariaDB, the end-to-end tests of
# the real binary and the interop suite against real Buildbot, each on all
# three, and the bulk benchmark at its smallest size; then unit, conformance,
# e2e and a bounded fuzzing run again under ASan + UBSan. The servers are
# stopped however the tests end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STATECTL_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
/usr/bin/python3 "$root/scripts/check-commands.py"  # every command used has an install step
"$root/scripts/check_layering.sh"
"$root/scripts/build.sh"

# The sanitizer tree (clang, ASan + UBSan, libFuzzer's coverage) builds at
# low priority while the normal tree's tests run: much of their time is spent
# waiting on servers and masters. STATECTL_NO_SANITIZE=1 skips it.
sanitize=${STATECTL_SANITIZE_BUILD_DIR:-$root/build-sanitize}
sanitize_build=""
if [ -z "${STATECTL_NO_SANITIZE:-}" ]; then
  cmake -S "$root" -B "$sanitize" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DSTATECTL_SANITIZE=ON -DSTATECTL_FUZZ=ON >/dev/null
  # setsid gives the build its own process group (killed as one on exit) but
  # also its own scheduler autogroup, where nice alone counts for nothing
  # against the tests' group: the group itself is niced through /proc.
  nice -n 19 setsid sh -c 'echo 19 2>/dev/null >/proc/self/autogroup; exec "$@"' sh \
    cmake --build "$sanitize" -j "$(nproc)" >"$sanitize/build.log" 2>&1 &
  sanitize_build=$!
fi

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/statectl-pg.XXXXXX")
mydir=$(mktemp -d "${TMPDIR:-/tmp}/statectl-mysql.XXXXXX")
# Every step runs whatever the one before did: under set -e, a failing
# `kill` of a sanitizer build that had already finished used to end the
# trap before the servers were stopped (after a failed ctest, they stayed).
stop_all() {
  if [ -n "$sanitize_build" ]; then kill -- "-$sanitize_build" 2>/dev/null || true; fi
  "$root/scripts/pg-sandbox.sh" stop "$pgdir" || true
  "$root/scripts/mariadb-sandbox.sh" stop "$mydir" || true
}
trap stop_all EXIT
eval "$("$root/scripts/pg-sandbox.sh" start "$pgdir")"
eval "$("$root/scripts/mariadb-sandbox.sh" start "$mydir")"

cd "$build"
ctest --output-on-failure -j 2

# The same suites (unit, conformance, e2e) again on the sanitizer build,
# where the fuzz targets also fuzz for a bounded time each: any report, a
# leak included, fails the run (exit 99, which no test expects).
if [ -n "$sanitize_build" ]; then
  wait "$sanitize_build" || { tail -40 "$sanitize/build.log" >&2; exit 1; }
  sanitize_build=""
  cd "$sanitize"
  ASAN_OPTIONS=detect_leaks=1:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:exitcode=99 \
    ctest --output-on-failure -j 2 -LE 'interop|package|bench'
fi
