#!/usr/bin/env bash
# Installs what is missing (apt-get), builds, starts a throwaway PostgreSQL
# server, and runs every test through ctest: unit tests, the backend
# conformance suite on SQLite and PostgreSQL, the end-to-end tests of the
# real binary and the interop suite against real Buildbot, each on both, and
# the bulk benchmark at its smallest size; then unit, conformance, e2e and a
# bounded fuzzing run again under ASan + UBSan. The server is stopped however
# the tests end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STATECTL_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
/usr/bin/python3 "$root/scripts/check-commands.py"  # every command used has an install step
"$root/scripts/check_layering.sh"
"$root/scripts/build.sh"

pgdir=$(mktemp -d "${TMPDIR:-/tmp}/statectl-pg.XXXXXX")
trap '"$root/scripts/pg-sandbox.sh" stop "$pgdir"' EXIT
eval "$("$root/scripts/pg-sandbox.sh" start "$pgdir")"

cd "$build"
ctest --output-on-failure -j 2

# The same suites (unit, conformance, e2e) again on a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer, where the fuzz targets
# also fuzz for a bounded time each: any report, a leak included, fails the
# run (exit 99, which no test expects). STATECTL_NO_SANITIZE=1 skips it.
if [ -z "${STATECTL_NO_SANITIZE:-}" ]; then
  sanitize=${STATECTL_SANITIZE_BUILD_DIR:-$root/build-sanitize}
  cmake -S "$root" -B "$sanitize" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSTATECTL_SANITIZE=ON -DSTATECTL_FUZZ=ON >/dev/null
  cmake --build "$sanitize" -j "$(nproc)"
  cd "$sanitize"
  ASAN_OPTIONS=detect_leaks=1:exitcode=99 UBSAN_OPTIONS=print_stacktrace=1:exitcode=99 \
    ctest --output-on-failure -j 2 -LE 'interop|package|bench'
fi
