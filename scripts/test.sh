#!/usr/bin/env bash
# Installs what is missing (apt-get), builds, and runs every test through ctest:
# unit tests, the backend conformance suite on real SQLite files, and the
# end-to-end tests of the real binary against real Buildbot.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STATECTL_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
"$root/scripts/check_layering.sh"
"$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j 2
