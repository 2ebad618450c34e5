#!/usr/bin/env bash
# A throwaway MariaDB server for the tests.
#   mariadb-sandbox.sh start DIR  mariadb-install-db + mariadbd in DIR (created),
#                                 listening on DIR/mysqld.sock and a free 127.0.0.1
#                                 port; prints shell exports: STATECTL_TEST_MYSQL_URL,
#                                 _SOCKET, _PORT
#   mariadb-sandbox.sh crash DIR  kills the server (SIGKILL), as a crash would
#   mariadb-sandbox.sh restart DIR starts it again after a crash (InnoDB's
#                                 recovery runs)
#   mariadb-sandbox.sh stop DIR   stops the server and removes DIR
# As root the server runs as the 'mysql' user the mariadb-server package
# creates (mariadbd refuses root without --user). The socket lets root in
# without a password (unix_socket authentication, as Debian sets it up); a
# user 'statectl' with password 'secret' connects over TCP, so
# wrong-password paths can be tested. Buildbot's default engine is MyISAM;
# the server's default stays InnoDB, as Debian's is.
set -euo pipefail
cmd=${1:?usage: mariadb-sandbox.sh start|crash|restart|stop DIR}
dir=${2:?usage: mariadb-sandbox.sh start|crash|restart|stop DIR}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u mysql -- "$@"; else "$@"; fi
}

# Starts mariadbd on $dir/data and the port in $dir/port; returns once it answers.
run_server() {
  # --no-defaults: nothing of /etc/mysql (Debian's server config) applies.
  # The server holds none of this script's descriptors: a caller reading
  # the exports through $(...) would otherwise wait for it to exit.
  as_owner mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" \
    --pid-file="$dir/mysqld.pid" --bind-address=127.0.0.1 --port="$(cat "$dir/port")" \
    --skip-name-resolve --max-connections=200 --innodb-flush-log-at-trx-commit=0 \
    --innodb-buffer-pool-size=128M --skip-log-bin >>"$dir/server.log" 2>&1 </dev/null &
  local server=$!
  for _ in $(seq 1 600); do
    if mariadb-admin --no-defaults --socket="$dir/mysqld.sock" -u root ping >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 $server 2>/dev/null; then cat "$dir/server.log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "mariadb-sandbox: the server did not answer within 60 s" >&2
  exit 1
}

# Kills the server and waits until it is gone.
kill_server() {
  if [ -f "$dir/mysqld.pid" ]; then
    local pid
    pid=$(cat "$dir/mysqld.pid")
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$dir/mysqld.pid"
  fi
}

case $cmd in
start)
  mkdir -p "$dir"
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown mysql: "$dir"
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "$port" > "$dir/port"
  as_owner mariadb-install-db --no-defaults --datadir="$dir/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
  run_server
  mariadb --no-defaults --socket="$dir/mysqld.sock" -u root -e \
    "CREATE USER 'statectl'@'127.0.0.1' IDENTIFIED BY 'secret'; GRANT ALL ON *.* TO 'statectl'@'127.0.0.1';
     CREATE USER 'statectl'@'localhost' IDENTIFIED BY 'secret'; GRANT ALL ON *.* TO 'statectl'@'localhost'" \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export STATECTL_TEST_MYSQL_SOCKET='$dir/mysqld.sock' STATECTL_TEST_MYSQL_PORT='$port'"
  echo "export STATECTL_TEST_MYSQL_URL='mysql://root@localhost/mysql?unix_socket=$dir/mysqld.sock'"
  ;;
crash)
  kill_server
  ;;
restart)
  run_server
  ;;
stop)
  kill_server
  rm -rf "$dir"
  ;;
*)
  echo "usage: mariadb-sandbox.sh start|crash|restart|stop DIR" >&2
  exit 2
  ;;
esac
