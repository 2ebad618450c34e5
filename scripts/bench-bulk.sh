#!/usr/bin/env bash
# The bulk commands at scale, side by side with the tools a user would
# otherwise reach for and with the floors, on the same generated data
# (scripts/bench/gen_state.py, deterministic from the seed), in one run:
#   dump:   statectl | the sqlite3 shell building the same lines in SQL |
#           psql COPY (SELECT ...) TO STDOUT | the mariadb client's SELECT of
#           the same lines, and mariadb-dump of the two tables | the floors
#           (a scan of the tables, the unsorted join in storage order)
#   list:   statectl list | the same GROUP BY in the sqlite3 shell, psql and
#           the mariadb client
#   check:  statectl check | Python's json.loads of every value and (SQLite)
#           PRAGMA integrity_check or CHECK TABLE (scripts/bench/check_python.py)
#           | the floor: a scan of the values
#   import: into an empty database (made by `statectl init`: Buildbot's
#           tables, indexes and foreign key), statectl | sqlite3 .import +
#           INSERT ... SELECT | psql \copy + INSERT ... SELECT ... ON
#           CONFLICT | the mariadb client's LOAD DATA + INSERT IGNORE ...
#           SELECT, and its restore of a mariadb-dump backup | the floors:
#           exactly the dump's rows, in dump order, ids included, in one
#           transaction (SQLite: the sqlite3 shell's .import, prepared
#           INSERTs; PostgreSQL: psql \copy of objects and object_state;
#           MySQL: LOAD DATA of both)
#   import-half: the same into a database already holding half the state
#           (every second object, with all its values)
#   verify: statectl verify | sha256sum of the file | sha256sum and jq's scan
#   diff:   statectl diff (dump against database; SQLite against PostgreSQL,
#           the same state and then with 1% of values changed) | dumping
#           both sides | diff(1) of two dumps through process substitution
#   copy:   statectl copy SQLite -> PostgreSQL and SQLite -> MySQL | dump |
#           import through a pipe
#   json:   the JSON check of every stored value, in one process with the
#           values in memory (scripts/bench/json_check.cc): core's strict
#           scanner | simdjson's DOM parser, as the plug-in runs it |
#           simdjson On-Demand walking every value | sha256sum of the values
# Times are medians of --runs runs (hyperfine); with one run, that run's
# time. Peak memory is /usr/bin/time's maximum RSS. Outputs go to
# /dev/null: at 10M values, writing 3 GB files measured the page cache's
# writeback more than the commands. It also checks that
# statectl's dumps of the same state from SQLite, PostgreSQL and MySQL are
# byte-identical apart from the header line.
#
# MySQL/MariaDB runs on its own data set of each size, the same generator's
# utf8mb3 variant (names and keys within the BMP, values within Buildbot's
# 64 KiB TEXT: what such an installation can hold), in InnoDB tables
# (statectl refuses a several-row write into MyISAM ones without
# --non-atomic). Its server's buffer pool is MariaDB's default 128 MiB.
#
# Usage: scripts/bench-bulk.sh [--quick] [--ops OP,...] [VALUES...]
#   VALUES: sizes, default 10000 100000 1000000; 10000000 is the big one
#     (about 3 GB of dump, 200k objects; runs once, see --runs).
#   --quick: one run of each at 10,000 values (what the test suite does).
#   --ops: only these (dump,list,check,import,import-half,verify,diff,copy,json).
#   --runs N: runs per measurement (default 3) below --once-from values.
#   --once-from N: sizes of N values and more run each measurement once
#     (default 10000000).
#   --mysql-only: only the MySQL measurements (SQLite and PostgreSQL share
#     their data set and checks, and run together otherwise).
# Generated data sets are kept in $STATECTL_BENCH_DATA (default
# /var/tmp/statectl-bench), one folder per size, seed and generator, and
# reused; free disk is checked before a size is begun.
# PostgreSQL: the server in $STATECTL_TEST_PG_HOST/_PORT if set, else a
# throwaway one from scripts/pg-sandbox.sh. MySQL: the server on the socket
# $STATECTL_TEST_MYSQL_SOCKET (root by unix_socket authentication) if set,
# else a throwaway one from scripts/mariadb-sandbox.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/scripts/bench
runs=3
sizes=()
ops=dump,list,check,import,import-half,verify,diff,copy,json
quick=
once_from=10000000
mysql_only=
while [ $# -gt 0 ]; do
  case $1 in
    --quick) runs=1; sizes=(10000); quick=1 ;;
    --ops) ops=$2; shift ;;
    --runs) runs=$2; shift ;;
    --once-from) once_from=$2; shift ;;
    --mysql-only) mysql_only=1 ;;
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
seed=20261123

work=$(mktemp -d "${TMPDIR:-/tmp}/statectl-bench.XXXXXX")
chmod 755 "$work"  # the postgres user reads the COPY files
data_root=${STATECTL_BENCH_DATA:-/var/tmp/statectl-bench}
[ -n "$quick" ] && data_root=$work/data  # the test suite leaves nothing behind
mkdir -p "$data_root"
chmod 755 "$data_root"
pgdir= mydir=
cleanup() {
  [ -z "$pgdir" ] || "$root/scripts/pg-sandbox.sh" stop "$pgdir" || true
  [ -z "$mydir" ] || "$root/scripts/mariadb-sandbox.sh" stop "$mydir" || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "${STATECTL_TEST_PG_HOST:-}" ]; then
  pgdir=$(mktemp -d /tmp/statectl-bench-pg.XXXXXX)
  eval "$("$root/scripts/pg-sandbox.sh" start "$pgdir")"
fi
if [ -z "${STATECTL_TEST_MYSQL_SOCKET:-}" ]; then
  mydir=$(mktemp -d /tmp/statectl-bench-my.XXXXXX)
  eval "$("$root/scripts/mariadb-sandbox.sh" start "$mydir")"
fi
pg_host=$STATECTL_TEST_PG_HOST
pg_port=$STATECTL_TEST_PG_PORT
admin() { PGOPTIONS="-c client_min_messages=warning" "$psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_host" -p "$pg_port" -U postgres "$@"; }
pg_url() { echo "postgresql://postgres@/$1?host=$pg_host&port=$pg_port"; }
fresh_pg() {  # an empty database with Buildbot's tables, or (TEMPLATE) a copy of one
  admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1${2:+ TEMPLATE $2}"
  [ -n "${2:-}" ] || "$statectl" -d "$(pg_url "$1")" init
}
my_sock=$STATECTL_TEST_MYSQL_SOCKET
my_cli="mariadb --no-defaults -S '$my_sock' -u root"  # for measured commands
my_admin() { mariadb --no-defaults -S "$my_sock" -u root --local-infile=1 "$@"; }
my_url() { echo "mysql://root@localhost/$1?unix_socket=$my_sock&storage_engine=InnoDB"; }
fresh_my() {  # an empty database with Buildbot's tables (InnoDB), or (SOURCE) a copy of one
  my_admin -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"
  "$statectl" -d "$(my_url "$1")" init
  [ -z "${2:-}" ] || my_admin "$1" -e "INSERT INTO objects SELECT * FROM $2.objects;
    INSERT INTO object_state SELECT * FROM $2.object_state"
}
# Waits (at most a minute) until InnoDB has written back the pages a load
# dirtied: the measurement after it would pay for them otherwise (the
# PostgreSQL side's VACUUM ANALYZE likewise settles its load).
my_settle() {
  my_admin -e "SET GLOBAL innodb_max_dirty_pages_pct = 0"
  for _ in $(seq 1 600); do
    [ "$(my_admin -N -B -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | cut -f2)" -lt 100 ] && break
    sleep 0.1
  done
  my_admin -e "SET GLOBAL innodb_max_dirty_pages_pct = DEFAULT"
}
# Free space of the file system holding $1, in MB.
free_mb() { df -Pm "$1" | awk 'NR == 2 { print $4 }'; }
# Stops the run unless $1 has $2 MB free.
need_mb() {
  local have
  have=$(free_mb "$1")
  if [ "$have" -lt "$2" ]; then
    echo "bench-bulk: needs about $2 MB free under $1 for this size, has $have MB" >&2
    exit 1
  fi
}

results=$work/results.tsv
: > "$results"
record() {  # SIZE OP BACKEND TOOL SECONDS RSS_KB REL_STDDEV
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$results"
}
measure() {  # SIZE OP BACKEND TOOL PREPARE COMMAND
  local prepare=$5 cmd=$6 n_runs=$runs warmup=0
  [ "$1" -ge "$once_from" ] && n_runs=1
  if [ "$n_runs" -eq 1 ]; then  # one run gives both time and memory
    bash -c "$prepare" >/dev/null
    [ "$prepare" = true ] && [ -z "$quick" ] && bash -c "$cmd" >/dev/null  # reads: warm caches
    /usr/bin/time -f '%e %M' -o "$work/time" bash -c "$cmd" >/dev/null
    read -r secs rss < "$work/time"
    record "$1" "$2" "$3" "$4" "$secs" "$rss" ""
    return
  fi
  [ "$prepare" = true ] && warmup=1  # reads: time them with warm caches
  hyperfine --shell bash --style none --runs "$n_runs" --warmup "$warmup" --prepare "$prepare" \
    --export-json "$work/hf.json" "$cmd" >/dev/null
  bash -c "$prepare" >/dev/null
  /usr/bin/time -f '%e %M' -o "$work/time" bash -c "$cmd" >/dev/null
  read -r _ rss < "$work/time"
  local stats
  stats=$("$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.4f %.3f" % (r["median"], (r["stddev"] or 0) / r["mean"]))' "$work/hf.json")
  record "$1" "$2" "$3" "$4" "${stats% *}" "$rss" "${stats#* }"
}

# The data set of size $1 in $data_root, made once: the SQLite source, its
# rows as COPY text for PostgreSQL (and LOAD DATA), the dump, and the
# floors' inputs (exactly the dump's rows, in dump order, with ids 1.. in
# that order). $2: the generator's variant (utf8mb3 for MySQL), if any.
dataset() {
  local n=$1 objects=$(($1 / 50)) variant=${2:-} gen_id dir tmp
  gen_id=$(sha256sum "$bench/gen_state.py" | cut -c1-12)
  dir=$data_root/$n-$seed-$gen_id${variant:+-$variant}
  if [ ! -d "$dir" ]; then
    need_mb "$data_root" $((n * 1600 / 1000000 + 100))
    echo "   generating $n values into $dir" >&2
    tmp=$(mktemp -d "$data_root/.new.XXXXXX")
    "$statectl" -d "sqlite:///$tmp/state.sqlite" init
    "$python" "$bench/gen_state.py" "$n" "$objects" "$seed" "$tmp/state.sqlite" \
      "$tmp/objects.tsv" "$tmp/state.tsv" $variant
    "$statectl" -d "sqlite:///$tmp/state.sqlite" dump -o "$tmp/dump.jsonl"
    # SQLite's floor input: .import's ASCII mode (unit and record separators).
    sqlite3 "$tmp/state.sqlite" > /dev/null <<SQL
.mode ascii
CREATE TEMP TABLE dump_order AS SELECT id, row_number() OVER (ORDER BY class_name, name) AS nid FROM objects;
.output $tmp/floor-objects.asc
SELECT d.nid, o.name, o.class_name FROM objects AS o JOIN dump_order AS d USING (id) ORDER BY d.nid;
.output $tmp/floor-state.asc
SELECT d.nid, s.name, s.value_json FROM object_state AS s JOIN dump_order AS d ON d.id = s.objectid ORDER BY d.nid, s.name;
SQL
    chmod -R a+rX "$tmp"
    mv "$tmp" "$dir"  # whole or not at all: a killed run is made again
  fi
  echo "$dir"
}

for n in "${sizes[@]}"; do
  objects=$((n / 50))
  echo "== $n values over $objects objects" >&2
  # The run's copies: targets, outputs, sort temp files, PostgreSQL's tables.
  need_mb "$work" $((n * 2200 / 1000000 + 100))
  if [ -z "$mysql_only" ]; then
  data=$(dataset "$n")
  db=$data/state.sqlite
  dump=$data/dump.jsonl
  pgdb=bench_src
  fresh_pg "$pgdb"
  admin -d "$pgdb" -c "\\copy objects FROM '$data/objects.tsv'" \
    -c "\\copy object_state FROM '$data/state.tsv'" \
    -c "SELECT setval('objects_id_seq', max(id)) FROM objects" -c "VACUUM ANALYZE" >/dev/null
  src_pg=$(pg_url "$pgdb")
  "$statectl" -d "$src_pg" dump -o "$work/dump-pg.jsonl"
  if ! cmp -s <(tail -n +2 "$dump") <(tail -n +2 "$work/dump-pg.jsonl"); then
    echo "bench-bulk: the SQLite and PostgreSQL dumps of the same state differ" >&2
    exit 1
  fi
  rm -f "$work/dump-pg.jsonl"
  echo "   $(du -h "$db" | cut -f1) SQLite file, $(du -h "$dump" | cut -f1) dump" >&2

  psql_src="'$psql' -X -q -h '$pg_host' -p '$pg_port' -U postgres -d $pgdb"
  if want dump; then
  measure "$n" dump sqlite statectl true "'$statectl' -d 'sqlite:///$db' dump > /dev/null"
  measure "$n" dump sqlite "sqlite3 shell" true "sqlite3 '$db' < '$bench/dump_sqlite.sql' > /dev/null"
  measure "$n" dump sqlite "floor: scan" true \
    "sqlite3 '$db' 'SELECT count(*), sum(length(value_json)) FROM object_state; SELECT count(*) FROM objects' > /dev/null"
  measure "$n" dump sqlite "floor: unsorted join" true \
    "sqlite3 '$db' 'SELECT o.class_name, o.name, s.name, s.value_json FROM objects o JOIN object_state s ON s.objectid = o.id' > /dev/null"
  measure "$n" dump postgresql statectl true "'$statectl' -d '$src_pg' dump > /dev/null"
  measure "$n" dump postgresql "psql COPY" true "$psql_src -f '$bench/dump_psql.sql' > /dev/null"
  measure "$n" dump postgresql "floor: scan" true \
    "$psql_src -Atc 'SELECT count(*), sum(length(value_json)) FROM object_state' > /dev/null"
  measure "$n" dump postgresql "floor: unsorted join" true \
    "$psql_src -c \"COPY (SELECT o.class_name, o.name, s.name, s.value_json FROM objects o JOIN object_state s ON s.objectid = o.id) TO STDOUT\" > /dev/null"
  fi

  if want list; then  # one aggregate query, beside the same GROUP BY in the shells
  measure "$n" list sqlite statectl true "'$statectl' -d 'sqlite:///$db' list > /dev/null"
  measure "$n" list sqlite "sqlite3 GROUP BY" true "sqlite3 '$db' < '$bench/list_sqlite.sql' > /dev/null"
  measure "$n" list postgresql statectl true "'$statectl' -d '$src_pg' list > /dev/null"
  measure "$n" list postgresql "psql GROUP BY" true "$psql_src -f '$bench/list_psql.sql' > /dev/null"
  fi

  if want check; then  # every value read and checked; exit 1 would mean damage found
  pg_dsn="host=$pg_host port=$pg_port user=postgres dbname=$pgdb"
  measure "$n" check sqlite statectl true "'$statectl' -d 'sqlite:///$db' check > /dev/null"
  measure "$n" check sqlite "python3 json.loads + integrity_check" true \
    "'$python' '$bench/check_python.py' sqlite '$db' > /dev/null"
  measure "$n" check sqlite "floor: scan" true \
    "sqlite3 '$db' 'SELECT count(*), sum(length(value_json)) FROM object_state' > /dev/null"
  measure "$n" check postgresql statectl true "'$statectl' -d '$src_pg' check > /dev/null"
  measure "$n" check postgresql "python3 json.loads" true \
    "'$python' '$bench/check_python.py' postgresql '$pg_dsn' > /dev/null"
  measure "$n" check postgresql "floor: scan" true \
    "$psql_src -Atc 'SELECT count(*), sum(length(value_json)) FROM object_state' > /dev/null"
  fi

  if want verify; then  # a dump checked without a database
  measure "$n" verify file statectl true "'$statectl' verify '$dump' > /dev/null"
  measure "$n" verify file "floor: sha256sum" true "sha256sum '$dump' > /dev/null"
  measure "$n" verify file "sha256sum + jq scan" true \
    "sha256sum '$dump' > /dev/null && jq -c . '$dump' > /dev/null"
  fi

  core_lib=$(dirname "$statectl")/../core/libstatectl_core.a  # of the build statectl comes from
  if want json && [ -f /usr/include/simdjson.h ] && [ -f "$core_lib" ]; then  # the check each value gets
  if [ ! -x "$work/json_check" ]; then
    g++ -O2 -std=c++20 -I"$root" "$bench/json_check.cc" "$core_lib" -lsimdjson -lcrypto \
      -o "$work/json_check"
  fi
  "$work/json_check" "$data/floor-state.asc" > "$work/json.tsv"
  while IFS=$'\t' read -r what secs _ _; do
    [[ $what == \#* ]] && continue
    [ "$what" = "statectl strict scanner" ] && what=statectl
    record "$n" json values "$what" "$secs" 0 ""
  done < "$work/json.tsv"
  measure "$n" json values "floor: sha256sum" true "sha256sum '$data/floor-state.asc' > /dev/null"
  fi

  if want diff; then  # every record compared
  measure "$n" diff "dump vs sqlite" statectl true "'$statectl' diff '$dump' 'sqlite:///$db' > /dev/null"
  measure "$n" diff "sqlite vs postgresql" statectl true \
    "'$statectl' diff 'sqlite:///$db' '$src_pg' > /dev/null"
  measure "$n" diff "sqlite vs postgresql" "dump both sides" true \
    "'$statectl' -d 'sqlite:///$db' dump > /dev/null && '$statectl' -d '$src_pg' dump > /dev/null"
  measure "$n" diff "sqlite vs postgresql" "diff <(dump) <(dump)" true \
    "diff <('$statectl' -d 'sqlite:///$db' dump | sed '1d;\$d') <('$statectl' -d '$src_pg' dump | sed '1d;\$d') > /dev/null"
  # 1% of the values changed on the PostgreSQL side (every value whose
  # object id and key hash to 0 mod 100).
  fresh_pg bench_diff "$pgdb"
  admin -d bench_diff -c "UPDATE object_state SET value_json = '\"changed\"' WHERE ('x' || substr(md5(objectid || '/' || name), 1, 8))::bit(32)::int % 100 = 0" >/dev/null
  measure "$n" diff "1% differ" statectl true \
    "'$statectl' diff 'sqlite:///$db' '$(pg_url bench_diff)' > /dev/null || [ \$? = 1 ]"
  measure "$n" diff "1% differ" "diff <(dump) <(dump)" true \
    "diff <('$statectl' -d 'sqlite:///$db' dump | sed '1d;\$d') <('$statectl' -d '$(pg_url bench_diff)' dump | sed '1d;\$d') > /dev/null || [ \$? = 1 ]"
  admin -c "DROP DATABASE bench_diff WITH (FORCE)"
  fi

  pg_env="$(declare -f admin pg_url fresh_pg); psql='$psql' pg_host='$pg_host' pg_port='$pg_port' statectl='$statectl'"
  if want copy; then  # SQLite into a fresh PostgreSQL database
  measure "$n" copy "sqlite to postgresql" statectl "$pg_env; fresh_pg bench_dst" \
    "'$statectl' copy -q --from 'sqlite:///$db' --to '$(pg_url bench_dst)'"
  measure "$n" copy "sqlite to postgresql" "dump, pipe, import" "$pg_env; fresh_pg bench_dst" \
    "'$statectl' -d 'sqlite:///$db' dump | '$statectl' -d '$(pg_url bench_dst)' import -q"
  fi

  target=$work/target.sqlite
  psql_dst="'$psql' -X -q -v ON_ERROR_STOP=1 -h '$pg_host' -p '$pg_port' -U postgres -d bench_dst"
  sed "s#DUMP_FILE#$dump#" "$bench/import_sqlite.sql" > "$work/import_sqlite.sql"
  sed "s#DUMP_FILE#$dump#" "$bench/import_psql.sql" > "$work/import_psql.sql"
  if want import; then  # each run into a fresh database with Buildbot's tables
  new_sqlite="rm -f '$target'* && '$statectl' -d 'sqlite:///$target' init"
  measure "$n" import sqlite statectl "$new_sqlite" "'$statectl' -d 'sqlite:///$target' import -q '$dump'"
  measure "$n" import sqlite "sqlite3 shell" "$new_sqlite" "sqlite3 '$target' < '$work/import_sqlite.sql'"
  printf '.mode ascii\n.import %s objects\n.import %s object_state\n' \
    "$data/floor-objects.asc" "$data/floor-state.asc" > "$work/floor_sqlite.sql"
  measure "$n" import sqlite "floor: prepared INSERTs" "$new_sqlite" "sqlite3 '$target' < '$work/floor_sqlite.sql'"
  measure "$n" import postgresql statectl "$pg_env; fresh_pg bench_dst" \
    "'$statectl' -d '$(pg_url bench_dst)' import -q '$dump'"
  measure "$n" import postgresql "psql COPY + merge" "$pg_env; fresh_pg bench_dst" \
    "$psql_dst -f '$work/import_psql.sql'"
  if [ ! -f "$data/floor-state.tsv" ]; then  # PostgreSQL's floor input, made once
    fresh_pg bench_dst
    "$statectl" -d "$(pg_url bench_dst)" import -q "$dump"  # ids in dump order
    admin -d bench_dst -c "\\copy (SELECT id, name, class_name FROM objects ORDER BY id) TO '$data/floor-objects.tsv'" \
      -c "\\copy (SELECT objectid, name, value_json FROM object_state ORDER BY objectid, name COLLATE \"C\") TO '$work/floor-state.tsv'"
    mv "$work/floor-state.tsv" "$data/floor-state.tsv"  # the last one made: its presence says both are whole
    chmod a+r "$data"/floor-*.tsv
  fi
  measure "$n" import postgresql "floor: COPY" "$pg_env; fresh_pg bench_dst" \
    "$psql_dst -c BEGIN -c \"\\\\copy objects FROM '$data/floor-objects.tsv'\" -c \"\\\\copy object_state FROM '$data/floor-state.tsv'\" -c COMMIT"
  fi

  if want import-half; then  # into a database holding every second object with all its values
  half=$work/half.sqlite
  cp "$db" "$half"
  sqlite3 "$half" "DELETE FROM object_state WHERE objectid IN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY class_name, name) AS nid FROM objects) WHERE nid % 2 = 0); DELETE FROM objects WHERE id NOT IN (SELECT DISTINCT objectid FROM object_state); VACUUM"
  fresh_pg bench_half "$pgdb"
  admin -d bench_half -c "DELETE FROM objects WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (ORDER BY class_name COLLATE \"C\", name COLLATE \"C\") AS nid FROM objects) AS r WHERE nid % 2 = 0)" -c "VACUUM ANALYZE" >/dev/null
  half_sqlite="rm -f '$target'* && cp '$half' '$target'"
  measure "$n" import-half sqlite statectl "$half_sqlite" "'$statectl' -d 'sqlite:///$target' import -q '$dump'"
  measure "$n" import-half sqlite "sqlite3 shell" "$half_sqlite" "sqlite3 '$target' < '$work/import_sqlite.sql'"
  measure "$n" import-half postgresql statectl "$pg_env; fresh_pg bench_dst bench_half" \
    "'$statectl' -d '$(pg_url bench_dst)' import -q '$dump'"
  measure "$n" import-half postgresql "psql COPY + merge" "$pg_env; fresh_pg bench_dst bench_half" \
    "$psql_dst -f '$work/import_psql.sql'"
  admin -c "DROP DATABASE bench_half WITH (FORCE)"
  rm -f "$half"
  fi
  admin -c "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_dst WITH (FORCE)"
  rm -f "$target"* "$work/out"
  fi

  # MySQL/MariaDB, on the utf8mb3 variant of this size's data.
  mydata=$(dataset "$n" utf8mb3)
  mydump=$mydata/dump.jsonl
  mydb=bench_src
  fresh_my "$mydb"
  my_admin "$mydb" -e "LOAD DATA LOCAL INFILE '$mydata/objects.tsv' INTO TABLE objects CHARACTER SET utf8mb3;
    LOAD DATA LOCAL INFILE '$mydata/state.tsv' INTO TABLE object_state CHARACTER SET utf8mb3;
    ANALYZE TABLE objects, object_state" >/dev/null
  my_settle
  src_my=$(my_url "$mydb")
  "$statectl" -d "$src_my" dump -o "$work/dump-my.jsonl"
  if ! cmp -s <(tail -n +2 "$mydump") <(tail -n +2 "$work/dump-my.jsonl"); then
    echo "bench-bulk: the SQLite and MySQL dumps of the same state differ" >&2
    exit 1
  fi
  rm -f "$work/dump-my.jsonl"
  my_src="$my_cli $mydb"
  my_scan="$my_src -N -B -e 'SELECT count(*), sum(length(value_json)) FROM object_state' > /dev/null"
  if want dump; then
  measure "$n" dump mysql statectl true "'$statectl' -d '$src_my' dump > /dev/null"
  measure "$n" dump mysql "mariadb client" true "$my_src -N -B -r --quick < '$bench/dump_mysql.sql' > /dev/null"
  measure "$n" dump mysql "mariadb-dump" true \
    "mariadb-dump --no-defaults -S '$my_sock' -u root --single-transaction $mydb objects object_state > /dev/null"
  measure "$n" dump mysql "floor: scan" true "$my_scan"
  measure "$n" dump mysql "floor: unsorted join" true \
    "$my_src -N -B -r --quick -e 'SELECT o.class_name, o.name, s.name, s.value_json FROM objects o JOIN object_state s ON s.objectid = o.id' > /dev/null"
  fi
  if want list; then
  measure "$n" list mysql statectl true "'$statectl' -d '$src_my' list > /dev/null"
  measure "$n" list mysql "mariadb GROUP BY" true "$my_src -N -B < '$bench/list_mysql.sql' > /dev/null"
  fi
  if want check; then
  measure "$n" check mysql statectl true "'$statectl' -d '$src_my' check > /dev/null"
  measure "$n" check mysql "python3 json.loads + CHECK TABLE" true \
    "'$python' '$bench/check_python.py' mysql '$my_sock' $mydb > /dev/null"
  measure "$n" check mysql "floor: scan" true "$my_scan"
  fi
  my_env="$(declare -f my_admin my_url fresh_my); my_sock='$my_sock' statectl='$statectl'"
  my_dst="$my_cli --local-infile=1 bench_dst"
  sed "s#DUMP_FILE#$mydump#" "$bench/import_mysql.sql" > "$work/import_mysql.sql"
  if want import; then
  measure "$n" import mysql statectl "$my_env; fresh_my bench_dst" \
    "'$statectl' -d '$(my_url bench_dst)' import -q '$mydump'"
  measure "$n" import mysql "mariadb LOAD DATA + INSERT" "$my_env; fresh_my bench_dst" \
    "$my_dst < '$work/import_mysql.sql'"
  mariadb-dump --no-defaults -S "$my_sock" -u root --single-transaction "$mydb" objects object_state \
    > "$work/mariadb-dump.sql"
  measure "$n" import mysql "restore of mariadb-dump" "$my_env; fresh_my bench_dst" \
    "$my_dst < '$work/mariadb-dump.sql'"
  rm -f "$work/mariadb-dump.sql"
  floor_load="LOAD DATA LOCAL INFILE '%s' INTO TABLE %s CHARACTER SET utf8mb3 FIELDS TERMINATED BY X'1F' ESCAPED BY '' LINES TERMINATED BY X'1E';\n"
  { echo "BEGIN;"
    printf "$floor_load" "$mydata/floor-objects.asc" objects "$mydata/floor-state.asc" object_state
    echo "COMMIT;"; } > "$work/floor_mysql.sql"
  measure "$n" import mysql "floor: LOAD DATA" "$my_env; fresh_my bench_dst" \
    "$my_dst < '$work/floor_mysql.sql'"
  fi
  if want import-half; then  # into a database holding every second object with all its values
  fresh_my bench_half "$mydb"
  my_admin bench_half -e "DELETE FROM objects WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER
    (ORDER BY CAST(class_name AS BINARY), CAST(name AS BINARY)) AS nid FROM objects) AS r WHERE nid % 2 = 0);
    ANALYZE TABLE objects, object_state" >/dev/null
  measure "$n" import-half mysql statectl "$my_env; fresh_my bench_dst bench_half" \
    "'$statectl' -d '$(my_url bench_dst)' import -q '$mydump'"
  measure "$n" import-half mysql "mariadb LOAD DATA + INSERT" "$my_env; fresh_my bench_dst bench_half" \
    "$my_dst < '$work/import_mysql.sql'"
  my_admin -e "DROP DATABASE bench_half"
  fi
  if want copy; then  # SQLite into a fresh MySQL database
  measure "$n" copy "sqlite to mysql" statectl "$my_env; fresh_my bench_dst" \
    "'$statectl' copy -q --from 'sqlite:///$mydata/state.sqlite' --to '$(my_url bench_dst)'"
  measure "$n" copy "sqlite to mysql" "dump, pipe, import" "$my_env; fresh_my bench_dst" \
    "'$statectl' -d 'sqlite:///$mydata/state.sqlite' dump | '$statectl' -d '$(my_url bench_dst)' import -q"
  fi
  my_admin -e "DROP DATABASE IF EXISTS $mydb; DROP DATABASE IF EXISTS bench_dst"
done

"$python" - "$results" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
print("| values | op | backend | tool | s | vs statectl | peak RSS MiB |")
print("|---:|---|---|---|---:|---:|---:|")
base = {}
for size, op, backend, tool, t, rss, sd in rows:
    if tool == "statectl":
        base[(size, op, backend)] = float(t)
noise = []
for size, op, backend, tool, t, rss, sd in rows:
    b = base[(size, op, backend)]
    ratio = "" if tool == "statectl" or float(t) == 0 else "%.2fx" % (b / float(t))
    if sd:
        noise.append(float(sd))
    mem = "%.1f" % (int(rss) / 1024) if int(rss) else ""  # (json: measured in one process)
    print(f"| {int(size):,} | {op} | {backend} | {tool} | {float(t):.3f} | {ratio} | {mem} |")
print()
print("'vs statectl' is statectl's time over the tool's: below 1.00x, statectl is faster.")
if noise:
    noise.sort()
    print("Noise: relative standard deviation of the repeated measurements, median %.1f%%, "
          "worst %.1f%%." % (100 * noise[len(noise) // 2], 100 * noise[-1]))
sizes = sorted({int(r[0]) for r in rows})
if len(sizes) > 1:
    print()
    print("statectl's growth: time per value at each size over that at the size before; "
          "peak RSS at each size.")
    print()
    print("| op | backend | " + " | ".join(f"{s:,}" for s in sizes[1:]) + " | RSS MiB " +
          " / ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|---|" + "---:|" * len(sizes))
    keys = []
    for size, op, backend, tool, t, rss, sd in rows:
        if tool == "statectl" and (op, backend) not in keys:
            keys.append((op, backend))
    got = {(int(r[0]), r[1], r[2]): (float(r[4]), int(r[5])) for r in rows if r[3] == "statectl"}
    for op, backend in keys:
        cells, mem = [], []
        for i, s in enumerate(sizes):
            if (s, op, backend) in got and got[(s, op, backend)][1]:
                mem.append("%.1f" % (got[(s, op, backend)][1] / 1024))
            if i == 0:
                continue
            a, b = got.get((sizes[i - 1], op, backend)), got.get((s, op, backend))
            cells.append("%.2fx" % ((b[0] / s) / (a[0] / sizes[i - 1])) if a and b and a[0] else "")
        print(f"| {op} | {backend} | " + " | ".join(cells) + " | " + " / ".join(mem) + " |")
PY
