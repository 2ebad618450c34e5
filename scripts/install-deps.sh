#!/usr/bin/env bash
# Installs, from Debian's packages, whatever statectl's build and tests need
# and the machine lacks. Safe to run again: installs nothing when all is there.
# Every command a script or test runs comes from one of these packages (or
# their dependencies, or a fresh machine's required ones): scripts/test.sh
# checks that with scripts/check-commands.py.
#   install-deps.sh [PACKAGE...]   also install these
#   install-deps.sh --list         print the packages, one a line; install nothing
set -euo pipefail

packages=(
  time                                 # /usr/bin/time: peak memory in the benchmarks
  g++ cmake make pkg-config            # the build
  python3                              # /usr/bin/python3: the test runners, the checks
  libcli11-dev libsqlite3-dev libssl-dev
  libsimdjson-dev                      # the JSON check's plug-in for bulk commands (core/fast_json_check.h)
  libpq-dev libpq5                     # libpq-fe.h to build; libpq.so.5 loaded at run time
  postgresql python3-psycopg2          # a real server for the tests; Buildbot's PG driver
  libmariadb-dev libmariadb3           # mysql.h to build; libmariadb.so.3 loaded at run time
  mariadb-server mariadb-client        # a real server for the tests (scripts/mariadb-sandbox.sh)
  python3-mysqldb                      # Buildbot's MySQL driver (interop)
  doctest-dev                          # unit and conformance tests
  python3-buildbot buildbot            # the oracle: real Buildbot, for /usr/bin/python3
  python3-croniter git                 # interop: a live master's Nightly and GitPoller
  sqlite3 hyperfine jq                 # benchmarks: the sqlite3 shell and jq to compare with; timing
  zsh                                  # e2e: the zsh completion script must parse
  dpkg-dev file                        # scripts/package.sh: cpack finds the Depends (dpkg-shlibdeps, file)
  clang libclang-rt-14-dev             # the sanitizer build and libFuzzer (scripts/fuzz.sh)
)
if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi
packages+=("$@")                       # extra packages a caller needs

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
