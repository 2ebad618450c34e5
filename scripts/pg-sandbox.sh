#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#   pg-sandbox.sh start DIR   initdb + pg_ctl start in DIR (created), listening on a
#                             unix socket in DIR and on a free 127.0.0.1 port; prints
#                             shell exports: STATECTL_TEST_PG_URL, _HOST, _PORT
#   pg-sandbox.sh crash DIR   stops it as a crash would (pg_ctl stop -m immediate)
#   pg-sandbox.sh restart DIR starts it again after a crash (recovery runs)
#   pg-sandbox.sh stop DIR    stops the server and removes DIR
# PostgreSQL refuses to run as root: as root it runs as the 'postgres' user the
# postgresql package creates. Local socket connections are trusted; TCP ones
# need a password (scram-sha-256), so wrong-password paths can be tested.
set -euo pipefail
cmd=${1:?usage: pg-sandbox.sh start|crash|restart|stop DIR}
dir=${2:?usage: pg-sandbox.sh start|crash|restart|stop DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
  mkdir -p "$dir"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  echo "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >"$dir/options"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "export STATECTL_TEST_PG_HOST='$dir' STATECTL_TEST_PG_PORT='$port'"
  echo "export STATECTL_TEST_PG_URL='postgresql://postgres@/postgres?host=$dir&port=$port'"
  ;;
crash)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
restart)
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-sandbox.sh start|crash|restart|stop DIR" >&2
  exit 2
  ;;
esac
