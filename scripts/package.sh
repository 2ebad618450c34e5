#!/usr/bin/env bash
# Builds the Debian package: statectl_<version>_amd64.deb with the binary,
# the man pages and the bash and zsh completion, in OUTDIR (default: the
# build directory). Builds first, in build-package/ (Release), or in
# $STATECTL_BUILD_DIR as it is configured there.
#   scripts/package.sh [OUTDIR]        prints the .deb's path
#   sudo apt install ./statectl_*.deb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${STATECTL_BUILD_DIR:-$root/build-package}
"$root/scripts/install-deps.sh" >&2
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc)" >&2
mkdir -p "${1:-$build}"
out=$(cd "${1:-$build}" && pwd)
(cd "$build" && cpack -G DEB -B "$out/_cpack" >/dev/null)
deb=$(ls "$out"/_cpack/statectl_*.deb)
mv "$deb" "$out/"
rm -rf "$out/_cpack"
echo "$out/$(basename "$deb")"
