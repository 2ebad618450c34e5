#!/usr/bin/env bash
# Median process time of `statectl get`/`set` against the tool an operator
# would otherwise use, doing the same single-row query on the same
# 100k-value database: the sqlite3 shell on SQLite, `psql -Atc` over the same
# unix socket on PostgreSQL (a throwaway server from pg-sandbox.sh), the
# `mariadb -N -B -e` client over the same unix socket on MariaDB (a throwaway
# server from mariadb-sandbox.sh; Buildbot's default MyISAM tables and
# InnoDB ones), with Buildbot's own Python API (one getState/setState per
# process) for reference. Usage: scripts/bench-latency.sh [RUNS]  ($STATECTL_BIN: a built
# binary to time instead of building one)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-200}
"$root/scripts/install-deps.sh"
[ -x "${STATECTL_BIN:-}" ] || "$root/scripts/build.sh" >/dev/null
statectl=${STATECTL_BIN:-${STATECTL_BUILD_DIR:-$root/build}/cli/statectl}

work=$(mktemp -d)
pgdir=$(mktemp -d /tmp/statectl-bench-pg.XXXXXX)  # postgres must reach it
mydir=$(mktemp -d /tmp/statectl-bench-my.XXXXXX)  # and mysql this one
trap '"$root/scripts/pg-sandbox.sh" stop "$pgdir"; "$root/scripts/mariadb-sandbox.sh" stop "$mydir"; rm -rf "$work"' EXIT
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
oracle=$root/tests/interop/buildbot_state.py
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

# compare BACKEND TOOL-NAME URL TOOL-COMMAND: times get and set through
# statectl at URL, the same statements through TOOL-COMMAND "SQL", and
# Buildbot's API through $work/{get,set}.sh; prints one table.
compare() {
  local backend=$1 tool_name=$2 url=$3 tool=$4
  local -A ms
  ms[get_statectl]=$(bench "$backend-g1" "$runs" "$statectl -d $url get $name GitPoller $key")
  ms[get_tool]=$(bench "$backend-g2" "$runs" "$tool \"$select\"")
  ms[get_buildbot]=$(bench "$backend-g3" 10 "sh $work/get.sh")
  ms[set_statectl]=$(bench "$backend-s1" "$runs" "$statectl -d $url set $name GitPoller $key '$value'")
  ms[set_tool]=$(bench "$backend-s2" "$runs" "$tool \"$update\"")
  ms[set_buildbot]=$(bench "$backend-s3" 10 "sh $work/set.sh")
  printf '\n%-22s %14s %14s %10s %22s\n' "$backend" "statectl (ms)" "$tool_name (ms)" ratio "Buildbot API (ms)"
  for op in get set; do
    local ratio
    ratio=$(awk -v a="${ms[${op}_statectl]}" -v b="${ms[${op}_tool]}" 'BEGIN { printf "%.2fx", a / b }')
    printf '%-22s %14s %14s %10s %22s\n' "$op" "${ms[${op}_statectl]}" "${ms[${op}_tool]}" "$ratio" "${ms[${op}_buildbot]}"
  done
}
compare sqlite sqlite3 "sqlite:///$db" "sqlite3 $db"

# The same data on PostgreSQL, over a unix socket.
eval "$("$root/scripts/pg-sandbox.sh" start "$pgdir")"
# The real psql binary: Debian's /usr/bin/psql is a Perl wrapper (pg_wrapper)
# whose start-up would flatter statectl.
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql
psql_cmd="$psql_bin -X -q -h $STATECTL_TEST_PG_HOST -p $STATECTL_TEST_PG_PORT -U postgres"
$psql_cmd -d postgres -c "CREATE DATABASE bench"
pg="postgresql://postgres@/bench?host=$STATECTL_TEST_PG_HOST&port=$STATECTL_TEST_PG_PORT"
"$statectl" -d "$pg" init
$psql_cmd -d bench -c "INSERT INTO objects (name, class_name) SELECT 'file:///srv/repo-' || n || '.git', 'GitPoller' FROM generate_series(1, 1000) AS n" \
  -c "INSERT INTO object_state SELECT o.id, 'lastRev-' || k, '{\"master\": \"' || md5(random()::text) || '\"}' FROM objects o, generate_series(1, 100) AS k" \
  -c "ANALYZE"
echo "postgresql: $($psql_cmd -d bench -Atc 'SELECT count(*) FROM object_state') values"
for op in get set; do
  echo "exec /usr/bin/python3 $oracle $work '$pg' < $work/$op.op > /dev/null" > "$work/$op.sh"
done
compare postgresql "psql -Atc" "$pg" "$psql_cmd -d bench -Atc"

# The same data on MariaDB, over a unix socket: Buildbot's default tables
# (MyISAM, what `buildbot create-master --db=mysql://...` makes) and InnoDB ones.
eval "$("$root/scripts/mariadb-sandbox.sh" start "$mydir")"
mariadb_cmd="mariadb --no-defaults -S $STATECTL_TEST_MYSQL_SOCKET -u root"
for engine in MyISAM InnoDB; do
  mydb=bench_$engine
  $mariadb_cmd -e "CREATE DATABASE $mydb"
  my="mysql://root@localhost/$mydb?unix_socket=$STATECTL_TEST_MYSQL_SOCKET&storage_engine=$engine"
  "$statectl" -d "$my" init
  $mariadb_cmd "$mydb" -e "
    INSERT INTO objects (name, class_name)
      WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 1000)
      SELECT CONCAT('file:///srv/repo-', n, '.git'), 'GitPoller' FROM i;
    INSERT INTO object_state (objectid, name, value_json)
      WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 100)
      SELECT o.id, CONCAT('lastRev-', k.n), CONCAT('{\"master\": \"', SHA1(RAND()), '\"}') FROM objects o, k;
    ANALYZE TABLE objects, object_state" >/dev/null
  echo "mysql ($engine): $($mariadb_cmd -N -B "$mydb" -e 'SELECT count(*) FROM object_state') values"
  for op in get set; do
    echo "exec /usr/bin/python3 $oracle $work '$my' < $work/$op.op > /dev/null" > "$work/$op.sh"
  done
  compare "mysql ($engine)" "mariadb -e" "$my" "$mariadb_cmd -N -B $mydb -e"
done
echo
echo "(median process wall time over $runs runs; Buildbot API over 10 runs, includes Python start-up)"
