#!/usr/bin/env bash
# The arrows between the layers (ARCHITECTURE.md, "Invariants"): fails, naming
# the line, when an #include points the wrong way.
#   core/      sees no driver, no C database library, no CLI11
#   backends/  sees core/ only; one driver never another; no CLI11
#   cli/       reaches drivers only through backends/registry.h
#   tests/     anything (they test every layer)
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
check() {  # WHAT PATTERN FILES...
  local what=$1 pattern=$2
  shift 2
  if grep -nE "$pattern" "$@"; then
    echo "check_layering: $what" >&2
    bad=1
  fi
}
check "core/ must see databases only through core/backend.h, and no CLI11" \
  '#include [<"](sqlite3\.h|libpq-fe\.h|mysql\.h|CLI/|backends/|cli/)' core/*.* core/*/*
check "backends/ must not see cli/ or CLI11" '#include [<"](CLI/|cli/)' backends/*.* backends/*/*
check "the SQLite driver must not see another driver" '#include "backends/(postgres|mysql)/' backends/sqlite/*
check "the PostgreSQL driver must not see another driver" '#include "backends/(sqlite|mysql)/' backends/postgres/*
check "cli/ must reach drivers only through backends/registry.h" \
  '#include [<"](sqlite3\.h|libpq-fe\.h|mysql\.h|backends/(sqlite|postgres|mysql)/)' cli/*
exit $bad
