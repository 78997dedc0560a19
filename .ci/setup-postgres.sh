#!/usr/bin/env bash
# PostgreSQL for the registry tests (crates/store, crates/server): installs
# Debian's postgresql when absent, runs a private cluster on a loopback port
# as the postgres user, creates a test role and database, and tells the tests
# where it is through .ci/env. Idempotent: a running cluster is reused.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${CASECOURSE_PG_PORT:-55432}"
DATA="${CASECOURSE_PG_DATA:-/var/tmp/casecourse-pg}"
ROLE=casecourse
PASSWORD=casecourse-test
DB=casecourse_test

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing postgresql"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
as_pg() { runuser -u postgres -- "$@"; }

if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  chown postgres: "$DATA"
  chmod 700 "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" --auth-local=peer --auth-host=scram-sha-256 -U postgres >/dev/null
fi
if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1" start >/dev/null
fi

psql_pg() { as_pg "$BIN/psql" -h "$DATA" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]; then
  psql_pg -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  psql_pg -c "CREATE DATABASE $DB OWNER $ROLE"
fi

URL="postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
echo "CASECOURSE_TEST_POSTGRES_URL=$URL" >> .ci/env
echo "CASECOURSE_REQUIRE_POSTGRES=1" >> .ci/env
echo "postgres ready at 127.0.0.1:$PORT ($DB)"
