#!/usr/bin/env bash
# Installs, from Debian's packages, whatever statectl's build and tests need
# and the machine lacks. Safe to run again: installs nothing when all is there.
set -euo pipefail

packages=(
  g++ cmake make pkg-config            # the build
  libcli11-dev libsqlite3-dev libssl-dev
  libpq-dev libpq5                     # libpq-fe.h to build; libpq.so.5 loaded at run time
  postgresql python3-psycopg2          # a real server for the tests; Buildbot's PG driver
  doctest-dev                          # unit and conformance tests
  python3-buildbot buildbot            # the oracle: real Buildbot, for /usr/bin/python3
  python3-croniter git                 # interop: a live master's Nightly and GitPoller
  sqlite3 hyperfine                    # benchmarks: the sqlite3 shell to compare with; timing
  "$@"                                 # extra packages a caller needs
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "statectl: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
