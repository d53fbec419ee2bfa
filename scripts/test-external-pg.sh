#!/usr/bin/env bash
# Runs the test suite against Debian's PostgreSQL 15, started here on loopback by this script, instead of
# the embedded server: proves the app works on any PostgreSQL 15+ server (ARCHITECTURE rule 3).
# PostgreSQL refuses to run as root, so as root the server runs as the unprivileged user `postgres`.
set -euo pipefail
cd "$(dirname "$0")/.."

PGBIN=""
for d in /usr/lib/postgresql/15/bin "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")"; do
  if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then PGBIN="$d"; break; fi
done
if [ -z "$PGBIN" ]; then
  echo "PostgreSQL 15 not found; installing Debian's postgresql-15"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
  else
    echo "run as root or install postgresql-15" >&2; exit 1
  fi
  PGBIN=/usr/lib/postgresql/15/bin
fi

PORT="${TEST_PG_PORT:-55432}"
DIR="$(mktemp -d /tmp/fours-pg15-XXXXXX)"
RUN=()
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
  chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  RUN=(runuser -u postgres --)
fi
cleanup() {
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$DIR' -c fsync=off -c max_connections=200" start >/dev/null
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"

TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres" npx vitest run "$@"
