#!/usr/bin/env bash
# Fails if core/ includes a driver's or CLI11's header, or cli/ a driver's.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
if grep -nE '#include [<"](sqlite3\.h|libpq-fe\.h|CLI/|backends/)' core/*; then
  echo "check_layering: core/ must see databases only through core/backend.h" >&2
  bad=1
fi
if grep -nE '#include [<"](sqlite3\.h|libpq-fe\.h|backends/(sqlite|postgres))' cli/*; then
  echo "check_layering: cli/ must reach drivers only through backends/registry.h" >&2
  bad=1
fi
exit $bad
