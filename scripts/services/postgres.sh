#!/usr/bin/env bash
# Throwaway PostgreSQL 15 cluster for tests and the demo. Never touches a system cluster.
# Usage: scripts/services/postgres.sh start|stop
#   state:  ${BERTH_RUN_DIR:-/tmp/berth-run}/postgres   (data/, socket/, log, env)
#   port:   ${BERTH_PG_PORT:-55432} on 127.0.0.1, trust auth (test only)
# `start` writes postgres/env with BERTH_TEST_PG_ADMIN_URL; `stop` removes the whole state dir.
set -euo pipefail

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
run_dir="${BERTH_RUN_DIR:-/tmp/berth-run}"
state="$run_dir/postgres"
data="$state/data"
sock="$state/socket"
log="$state/postgres.log"
port="${BERTH_PG_PORT:-55432}"

die() { echo "postgres.sh: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a command as the cluster owner: the `postgres` system user when we are root (initdb
# refuses root), ourselves otherwise.
as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_binaries() {
  [ -x "$PG_BIN/pg_ctl" ] && return 0
  if is_root; then
    echo "postgres.sh: installing postgresql-$PG_VERSION" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$PG_VERSION" >&2
    # The package creates and starts a system cluster; we leave it alone.
    [ -x "$PG_BIN/pg_ctl" ] || die "postgresql-$PG_VERSION installed but $PG_BIN/pg_ctl is missing"
  else
    die "PostgreSQL $PG_VERSION is not installed ($PG_BIN/pg_ctl missing); install the Debian package postgresql-$PG_VERSION (e.g. sudo apt-get install -y postgresql-$PG_VERSION)"
  fi
}

ensure_user() {
  is_root || return 0
  id -u postgres >/dev/null 2>&1 && return 0
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

is_running() {
  [ -f "$data/postmaster.pid" ] || return 1
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1
}

write_env() {
  printf 'export BERTH_TEST_PG_ADMIN_URL=postgresql://postgres@127.0.0.1:%s/postgres\n' "$port" >"$state/env"
}

start() {
  ensure_binaries
  ensure_user
  if is_running; then
    write_env
    echo "postgres: already running on 127.0.0.1:$port ($state)"
    return 0
  fi
  mkdir -p "$run_dir" "$state" "$sock"
  chmod 700 "$state" "$sock"
  if is_root; then
    chown -R postgres: "$state"
    # The postgres user must be able to reach the state dir; others may read the env file.
    chmod a+x "$run_dir"
    chmod 711 "$state"
    runuser -u postgres -- test -w "$state" \
      || die "the postgres user cannot reach $state (a parent directory is not searchable); choose another BERTH_RUN_DIR"
  fi

  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    as_owner "$PG_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust --no-sync >"$state/initdb.log" 2>&1 \
      || { cat "$state/initdb.log" >&2; die "initdb failed"; }
    cat >"$data/pg_hba.conf" <<HBA
# Throwaway test cluster: trust, and only from this machine.
local   all   all                  trust
host    all   all   127.0.0.1/32   trust
HBA
    cat >>"$data/postgresql.conf" <<CONF

# --- berth throwaway test cluster ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if is_root; then chown postgres: "$data/pg_hba.conf" "$data/postgresql.conf"; fi
  fi

  # A stale pid file (e.g. after a crash) would make pg_ctl refuse to start.
  if [ -f "$data/postmaster.pid" ] && ! as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    rm -f "$data/postmaster.pid"
  fi
  as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null \
    || { tail -n 20 "$log" >&2 || true; die "pg_ctl start failed (log: $log)"; }

  for _ in $(seq 1 120); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" || die "postgres did not become ready on 127.0.0.1:$port (log: $log)"
  write_env
  echo "postgres: running on 127.0.0.1:$port (env: $state/env)"
}

stop() {
  if [ -f "$data/postmaster.pid" ] && [ -x "$PG_BIN/pg_ctl" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$state"
  echo "postgres: stopped ($state removed)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
