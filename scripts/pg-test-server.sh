#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the store's tests and prints its
# URL on stdout (e.g. postgresql://postgres@127.0.0.1:54329/sitrep_test).
#   scripts/pg-test-server.sh start   -> prints the URL (cluster in $SITREP_PG_DIR
#                                        or a new temp dir; port: first free from 54329)
#   scripts/pg-test-server.sh stop DIR
# Runs initdb/pg_ctl as the `postgres` user when invoked as root. Listens on
# 127.0.0.1 only, trust authentication: for tests, never for data.
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || { echo "pg-test-server: no PostgreSQL server binaries (apt install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-start}
case "$cmd" in
  start)
    dir=${SITREP_PG_DIR:-$(mktemp -d /tmp/sitrep-pg.XXXXXX)}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=54329
    while (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do port=$((port + 1)); done
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_pg "$PGBIN/../bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qAt -c "CREATE DATABASE sitrep_test" \
      >/dev/null 2>&1 || true
    echo "$dir" >"$dir/dir"
    echo "postgresql://postgres@127.0.0.1:$port/sitrep_test"
    ;;
  stop)
    dir=${2:?usage: pg-test-server.sh stop DIR}
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg-test-server.sh start | stop DIR" >&2
    exit 2
    ;;
esac
