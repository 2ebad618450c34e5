#!/usr/bin/env bash
# Configures and builds statectl in build/ (or $STATECTL_BUILD_DIR).
# Warnings are errors when CI is set.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STATECTL_BUILD_DIR:-$root/build}
werror=OFF
[ -n "${CI:-}" ] && werror=ON
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTATECTL_WERROR=$werror >/dev/null
cmake --build "$build" -j "$(nproc)"
