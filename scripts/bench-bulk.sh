#!/usr/bin/env bash
# Dump, import and list at scale, side by side with the tools a user would
# otherwise reach for, on the same generated data (scripts/bench/gen_state.py,
# deterministic from the seed), in one run:
#   dump:   statectl | the sqlite3 shell building the same lines in SQL |
#           psql COPY (SELECT ...) TO STDOUT | the floors (a scan of the
#           tables, the unsorted join)
#   list:   statectl list | the same GROUP BY in the sqlite3 shell and psql
#   import: statectl | sqlite3 .import + INSERT ... SELECT |
#           psql \copy + INSERT ... SELECT ... ON CONFLICT
#   verify: statectl verify | sha256sum of the file | sha256sum and jq's scan
#   diff:   statectl diff (dump against database, SQLite against PostgreSQL)
#           | dumping both sides | diff(1) of two dumps through process
#           substitution, what users did before
#   copy:   statectl copy SQLite -> PostgreSQL | dump | import through a pipe
# Times are hyperfine medians; peak memory is /usr/bin/time's maximum RSS.
# It also checks that statectl's dumps of the same state from SQLite and
# PostgreSQL are byte-identical apart from the header line.
#
# Usage: scripts/bench-bulk.sh [--quick] [--ops OP,...] [VALUES...]   (default 10000 100000 1000000)
#   --quick: one run of each at 10,000 values (what the test suite does).
#   --ops: only these (dump,list,import,verify,diff,copy; default all).
# PostgreSQL: the server in $STATECTL_TEST_PG_HOST/_PORT if set, else a
# throwaway one from scripts/pg-sandbox.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/scripts/bench
runs=3
sizes=()
ops=dump,list,import,verify,diff,copy
while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=1; sizes=(10000) ;;
    --ops) ops=$2; shift ;;
    *) sizes+=("$1") ;;
  esac
  shift
done
want() { [[ ",$ops," == *",$1,"* ]]; }
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
"$root/scripts/install-deps.sh"
[ -x "${STATECTL_BIN:-}" ] || "$root/scripts/build.sh" >/dev/null
statectl=${STATECTL_BIN:-${STATECTL_BUILD_DIR:-$root/build}/cli/statectl}
psql=$(ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -1)  # the binary, not Debian's wrapper
python=/usr/bin/python3

work=$(mktemp -d "${TMPDIR:-/tmp}/statectl-bench.XXXXXX")
chmod 755 "$work"  # the postgres user reads the COPY files
cleanup() { rm -rf "$work"; }
if [ -z "${STATECTL_TEST_PG_HOST:-}" ]; then
  pgdir=$(mktemp -d /tmp/statectl-bench-pg.XXXXXX)
  cleanup() { "$root/scripts/pg-sandbox.sh" stop "$pgdir"; rm -rf "$work"; }
  eval "$("$root/scripts/pg-sandbox.sh" start "$pgdir")"
fi
trap cleanup EXIT
pg_host=$STATECTL_TEST_PG_HOST
pg_port=$STATECTL_TEST_PG_PORT
admin() { PGOPTIONS="-c client_min_messages=warning" "$psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U postgres "$@"; }
pg_url() { echo "postgresql://postgres@/$1?host=$pg_host&port=$pg_port"; }
fresh_pg() {  # an empty database with Buildbot's tables
  admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
  "$statectl" -d "$(pg_url "$1")" init
}
peak_kb() { /usr/bin/time -f %M -o "$work/rss" bash -c "$1" >/dev/null; cat "$work/rss"; }

results=$work/results.tsv
: > "$results"
record() {  # SIZE OP BACKEND TOOL HYPERFINE_JSON RSS_KB
  "$python" - "$@" >> "$results" <<'PY'
import json, sys
size, op, backend, tool, path, rss = sys.argv[1:7]
r = json.load(open(path))["results"][0]
print("\t".join([size, op, backend, tool, "%.4f" % r["median"], rss]))
PY
}
measure() {  # SIZE OP BACKEND TOOL PREPARE COMMAND
  local out=$work/hf.json prepare=$5 cmd=$6 warmup=0
  [ "$prepare" = true ] && [ "$runs" -gt 1 ] && warmup=1  # reads: time them with warm caches
  hyperfine --shell bash --style none --runs "$runs" --warmup "$warmup" --prepare "$prepare" \
    --export-json "$out" "$cmd" >/dev/null
  bash -c "$prepare" >/dev/null
  record "$1" "$2" "$3" "$4" "$out" "$(peak_kb "$cmd")"
}

for n in "${sizes[@]}"; do
  objects=$((n / 50))
  echo "== $n values over $objects objects" >&2
  db=$work/state-$n.sqlite
  "$statectl" -d "sqlite:///$db" init
  "$python" "$bench/gen_state.py" "$n" "$objects" 20261123 "$db" "$work/objects.tsv" "$work/state.tsv"
  pgdb=bench_src_$n
  fresh_pg "$pgdb"
  admin -d "$pgdb" -c "\\copy objects FROM '$work/objects.tsv'" \
    -c "\\copy object_state FROM '$work/state.tsv'" \
    -c "SELECT setval('objects_id_seq', max(id)) FROM objects" -c "VACUUM ANALYZE" >/dev/null
  src_pg=$(pg_url "$pgdb")
  dump=$work/dump-$n.jsonl
  "$statectl" -d "sqlite:///$db" dump -o "$dump"
  "$statectl" -d "$src_pg" dump -o "$work/dump-pg.jsonl"
  if ! cmp -s <(tail -n +2 "$dump") <(tail -n +2 "$work/dump-pg.jsonl"); then
    echo "bench-bulk: the SQLite and PostgreSQL dumps of the same state differ" >&2
    exit 1
  fi
  echo "   $(du -h "$db" | cut -f1) SQLite file, $(du -h "$dump" | cut -f1) dump" >&2

  psql_src="'$psql' -X -q -h '$pg_host' -p '$pg_port' -U postgres -d $pgdb"
  if want dump; then
  measure "$n" dump sqlite statectl true "'$statectl' -d 'sqlite:///$db' dump > $work/out"
  measure "$n" dump sqlite "sqlite3 shell" true "sqlite3 '$db' < '$bench/dump_sqlite.sql' > $work/out"
  measure "$n" dump sqlite "floor: scan" true \
    "sqlite3 '$db' 'SELECT count(*), sum(length(value_json)) FROM object_state; SELECT count(*) FROM objects' > $work/out"
  measure "$n" dump sqlite "floor: unsorted join" true \
    "sqlite3 '$db' 'SELECT o.class_name, o.name, s.name, s.value_json FROM objects o JOIN object_state s ON s.objectid = o.id' > $work/out"
  measure "$n" dump postgresql statectl true "'$statectl' -d '$src_pg' dump > $work/out"
  measure "$n" dump postgresql "psql COPY" true "$psql_src -f '$bench/dump_psql.sql' > $work/out"
  measure "$n" dump postgresql "floor: scan" true \
    "$psql_src -Atc 'SELECT count(*), sum(length(value_json)) FROM object_state' > $work/out"
  measure "$n" dump postgresql "floor: unsorted join" true \
    "$psql_src -c \"COPY (SELECT o.class_name, o.name, s.name, s.value_json FROM objects o JOIN object_state s ON s.objectid = o.id) TO STDOUT\" > $work/out"
  fi

  if want list; then  # one aggregate query, beside the same GROUP BY in the shells
  measure "$n" list sqlite statectl true "'$statectl' -d 'sqlite:///$db' list > $work/out"
  measure "$n" list sqlite "sqlite3 GROUP BY" true "sqlite3 '$db' < '$bench/list_sqlite.sql' > $work/out"
  measure "$n" list postgresql statectl true "'$statectl' -d '$src_pg' list > $work/out"
  measure "$n" list postgresql "psql GROUP BY" true "$psql_src -f '$bench/list_psql.sql' > $work/out"
  fi

  if want verify; then  # a dump checked without a database
  measure "$n" verify file statectl true "'$statectl' verify '$dump' > $work/out"
  measure "$n" verify file "sha256sum" true "sha256sum '$dump' > $work/out"
  measure "$n" verify file "sha256sum + jq scan" true \
    "sha256sum '$dump' > $work/out && jq -c . '$dump' > /dev/null"
  fi

  if want diff; then  # the same state on both sides: every record compared
  measure "$n" diff "dump vs sqlite" statectl true "'$statectl' diff '$dump' 'sqlite:///$db' > $work/out"
  measure "$n" diff "sqlite vs postgresql" statectl true \
    "'$statectl' diff 'sqlite:///$db' '$src_pg' > $work/out"
  measure "$n" diff "sqlite vs postgresql" "dump both sides" true \
    "'$statectl' -d 'sqlite:///$db' dump > $work/out && '$statectl' -d '$src_pg' dump > $work/out"
  measure "$n" diff "sqlite vs postgresql" "diff <(dump) <(dump)" true \
    "diff <('$statectl' -d 'sqlite:///$db' dump | sed '1d;\$d') <('$statectl' -d '$src_pg' dump | sed '1d;\$d') > $work/out"
  fi

  if want copy; then  # SQLite into a fresh PostgreSQL database
  copy_pg="$(declare -f admin pg_url fresh_pg); psql='$psql' pg_host='$pg_host' pg_port='$pg_port' statectl='$statectl' fresh_pg bench_dst"
  measure "$n" copy "sqlite to postgresql" statectl "$copy_pg" \
    "'$statectl' copy -q --from 'sqlite:///$db' --to '$(pg_url bench_dst)'"
  measure "$n" copy "sqlite to postgresql" "dump, pipe, import" "$copy_pg" \
    "'$statectl' -d 'sqlite:///$db' dump | '$statectl' -d '$(pg_url bench_dst)' import -q"
  fi

  target=$work/target.sqlite
  if want import; then  # each run into a fresh database with Buildbot's tables
  target=$work/target.sqlite
  sed "s#DUMP_FILE#$dump#" "$bench/import_sqlite.sql" > "$work/import_sqlite.sql"
  sed "s#DUMP_FILE#$dump#" "$bench/import_psql.sql" > "$work/import_psql.sql"
  new_sqlite="rm -f '$target'* && '$statectl' -d 'sqlite:///$target' init"
  measure "$n" import sqlite statectl "$new_sqlite" "'$statectl' -d 'sqlite:///$target' import -q '$dump'"
  measure "$n" import sqlite "sqlite3 shell" "$new_sqlite" "sqlite3 '$target' < '$work/import_sqlite.sql'"
  new_pg="$(declare -f admin pg_url fresh_pg); psql='$psql' pg_host='$pg_host' pg_port='$pg_port' statectl='$statectl' fresh_pg bench_dst"
  measure "$n" import postgresql statectl "$new_pg" "'$statectl' -d '$(pg_url bench_dst)' import -q '$dump'"
  measure "$n" import postgresql "psql COPY + merge" "$new_pg" \
    "'$psql' -X -q -v ON_ERROR_STOP=1 -h '$pg_host' -p '$pg_port' -U postgres -d bench_dst -f '$work/import_psql.sql'"
  fi
  admin -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_dst WITH (FORCE)"
  rm -f "$db"* "$target"* "$dump" "$work/dump-pg.jsonl" "$work/out"
done

"$python" - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print("| values | op | backend | tool | median s | vs statectl | peak RSS MiB |")
print("|---:|---|---|---|---:|---:|---:|")
base = {}
for size, op, backend, tool, t, rss in rows:
    if tool == "statectl":
        base[(size, op, backend)] = float(t)
for size, op, backend, tool, t, rss in rows:
    b = base[(size, op, backend)]
    ratio = "" if tool == "statectl" else "%.2fx" % (b / float(t))
    print(f"| {int(size):,} | {op} | {backend} | {tool} | {float(t):.3f} | {ratio} | {int(rss) / 1024:.1f} |")
print()
print("'vs statectl' is statectl's time over the tool's: below 1.00x, statectl is faster.")
PY
