#!/usr/bin/env bash
# Installs what is missing (apt-get), builds, starts a throwaway PostgreSQL
# server, and runs every test through ctest: unit tests, the backend
# conformance suite on SQLite and PostgreSQL, the end-to-end tests of the
# real binary and the interop suite against real Buildbot, each on both, and
# the bulk benchmark at its smallest size. The server is stopped however the
# tests end.
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
