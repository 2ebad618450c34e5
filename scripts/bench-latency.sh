#!/usr/bin/env bash
# Median process time of `statectl get`/`set` against the sqlite3 shell doing
# the same single-row query on the same 100k-value database, side by side,
# with Buildbot's own Python API (one getState/setState per process) for
# reference. Usage: scripts/bench-latency.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-200}
"$root/scripts/install-deps.sh" hyperfine
"$root/scripts/build.sh" >/dev/null
statectl=${STATECTL_BUILD_DIR:-$root/build}/cli/statectl

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/state.sqlite
"$statectl" -d "sqlite:///$db" init
# 1000 GitPollers x 100 keys = 100,000 values, in WAL mode as Buildbot's files are.
sqlite3 "$db" <<'SQL'
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 1000)
INSERT INTO objects (id, name, class_name) SELECT n, 'file:///srv/repo-' || n || '.git', 'GitPoller' FROM i;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 100)
INSERT INTO object_state (objectid, name, value_json)
  SELECT o.id, 'lastRev-' || k.n, '{"master": "' || lower(hex(randomblob(20))) || '"}' FROM objects o, k;
SQL
echo "database: $(sqlite3 "$db" 'SELECT count(*) FROM object_state') values, $(du -h "$db" | cut -f1)"

name=file:///srv/repo-500.git
key=lastRev-50
value='{"master": "e2bd8200000000000000000000000000000000aa"}'
select="SELECT s.value_json FROM object_state AS s JOIN objects AS o ON o.id = s.objectid WHERE o.name = '$name' AND o.class_name = 'GitPoller' AND s.name = '$key'"
update="UPDATE object_state SET value_json = '$value' WHERE objectid = (SELECT id FROM objects WHERE name = '$name' AND class_name = 'GitPoller') AND name = '$key'"
oracle=$root/tests/oracle/buildbot_state.py
# hyperfine 1.15 has no --input: a script feeds the oracle its one operation.
printf '%s\n' "[\"get\", 500, \"$key\"]" > "$work/get.op"
printf '%s\n' "[\"set\", 500, \"$key\", {\"master\": \"x\"}]" > "$work/set.op"
for op in get set; do
  echo "exec /usr/bin/python3 $oracle $work sqlite:///state.sqlite < $work/$op.op > /dev/null" > "$work/$op.sh"
done

bench() {  # name runs command...
  local out=$work/$1.json runs=$2
  shift 2
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$out" "$@" >/dev/null 2>&1
  /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["median"]*1000))' "$out"
}

g_statectl=$(bench g1 "$runs" "$statectl -d sqlite:///$db get $name GitPoller $key")
g_sqlite=$(bench g2 "$runs" "sqlite3 $db \"$select\"")
s_statectl=$(bench s1 "$runs" "$statectl -d sqlite:///$db set $name GitPoller $key '$value'")
s_sqlite=$(bench s2 "$runs" "sqlite3 $db \"$update\"")
g_buildbot=$(bench g3 10 "sh $work/get.sh")
s_buildbot=$(bench s3 10 "sh $work/set.sh")

echo
printf '%-6s %14s %14s %10s %22s\n' op "statectl (ms)" "sqlite3 (ms)" ratio "Buildbot API (ms)"
for op in get set; do
  a=g_statectl b=g_sqlite c=g_buildbot
  [ $op = set ] && a=s_statectl b=s_sqlite c=s_buildbot
  ratio=$(awk -v a="${!a}" -v b="${!b}" 'BEGIN { printf "%.2fx", a / b }')
  printf '%-6s %14s %14s %10s %22s\n' $op "${!a}" "${!b}" "$ratio" "${!c}"
done
echo "(median process wall time over $runs runs; Buildbot API over 10 runs, includes Python start-up)"
