#!/usr/bin/env bash
# pg-test-cluster.sh: a throw-away PostgreSQL 15 (+ PostGIS when installed) cluster for the team
# project tests, in a temporary folder, listening on a unix socket there and on 127.0.0.1 only.
#   eval "$(scripts/pg-test-cluster.sh start)"   starts it and exports SITEATLAS_TEST_PG and PGTEST_DIR
#   scripts/pg-test-cluster.sh stop DIR          stops it and removes DIR
# As root it runs the server as the postgres user (initdb refuses root).
set -euo pipefail
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
case "${1:-}" in
  start)
    [ -x "$bin/initdb" ] || { echo "echo 'pg-test-cluster: no PostgreSQL 15 in $bin: team project tests will skip' >&2"; exit 0; }
    dir=$(mktemp -d /tmp/siteatlas-pg.XXXXXX)
    runas=()
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; runas=(runuser -u postgres --); fi
    port=$(( 20000 + RANDOM % 20000 ))
    "${runas[@]}" "$bin/initdb" -D "$dir/data" -U siteatlas --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off" start >/dev/null
    echo "export PGTEST_DIR=$dir"
    echo "export SITEATLAS_TEST_PG='postgres://siteatlas@127.0.0.1:$port/postgres?sslmode=disable'"
    ;;
  stop)
    dir=${2:?usage: $0 stop DIR}
    runas=()
    if [ "$(id -u)" -eq 0 ]; then runas=(runuser -u postgres --); fi
    "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
