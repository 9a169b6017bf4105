#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on a local socket, runs the given command with
# CSINSPECT_TEST_PG_URL pointing at it, then stops the server and removes its files.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL is not installed; run 'make system-deps' (tests marked postgres will fail under CI)" >&2
  exec "$@"
fi
DIR=$(mktemp -d /tmp/csinspect-pg.XXXXXX)
PORT=${CSINSPECT_TEST_PG_PORT:-54329}
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$DIR"; RUN_AS=(runuser -u postgres --); fi
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR/data" -A trust -U csinspect >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-k $DIR -p $PORT -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
cleanup() { "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT
"${RUN_AS[@]}" "$PGBIN/createdb" -h "$DIR" -p "$PORT" -U csinspect csinspect_test
export CSINSPECT_TEST_PG_URL="postgresql+psycopg://csinspect@/csinspect_test?host=$DIR&port=$PORT"
export CSINSPECT_REQUIRE_PG=1
"$@"
