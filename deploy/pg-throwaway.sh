# shellcheck shell=bash
# A throw-away PostgreSQL for deploy/run-two-nodes.sh and bench/run_backends.sh; source it, don't run it.
#   pg_start [extra postgres -c settings...] -> PG_DIR (cluster + socket), PG_PORT, PG_URL
#                                               (postgres://postgres@127.0.0.1:PORT/sqlacc, database created)
#   pg_stop                                  -> fast shutdown, removes PG_DIR (unless KEEP_PG=1)
# Needs the Debian postgresql package (any version under /usr/lib/postgresql; the newest is taken, or
# PG_BIN=/usr/lib/postgresql/15/bin). As root the cluster runs as the postgres user (initdb refuses
# root); otherwise as the current user. Trust authentication, listening on one address (PG_HOST).
# May be set beforehand: PG_PORT (default: a free port); PG_HOST (the one address it listens on and
# the URL's host, default 127.0.0.1); PG_NETNS (a network namespace to run the server in, made by
# the caller, e.g. bench/run_backends.sh's delayed link; then PG_HOST is an address inside it).

pg_bin_dir() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] || { echo "pg-throwaway: no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)" >&2; return 1; }
  echo "$d"
}

free_port() {  # a TCP port nobody listens on right now (small race until it is bound; fine for tests)
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_as() {  # pg_as CMD... : run as the cluster's owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PG_DIR=""
pg_start() {
  local bin
  bin="$(pg_bin_dir)" || return 1
  PG_PORT="${PG_PORT:-$(free_port)}"
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sqlacc-deploy-pg.XXXXXX")"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  pg_as "$bin/initdb" -D "$PG_DIR/data" --locale=C -E UTF8 --auth=trust -U postgres >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; return 1; }
  PG_HOST="${PG_HOST:-127.0.0.1}"
  # initdb trusts only loopback clients; on another address, trust the clients of its own subnet
  # (the host's end of a namespace's veth pair).
  [ "$PG_HOST" = 127.0.0.1 ] || echo "host all all samenet trust" >>"$PG_DIR/data/pg_hba.conf"
  local opts="-p $PG_PORT -k $PG_DIR -c listen_addresses=$PG_HOST" s
  for s in "$@"; do opts+=" -c $s"; done
  local run=()   # pg_as, inside the namespace if there is one
  [ -n "${PG_NETNS:-}" ] && run=(ip netns exec "$PG_NETNS")
  [ "$(id -u)" = 0 ] && run+=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -o "$opts" -w start >/dev/null ||
    { tail -20 "$PG_DIR/postgres.log" >&2; return 1; }
  pg_as "$bin/createdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres sqlacc || return 1
  # shellcheck disable=SC2034  # for the caller
  PG_URL="postgres://postgres@$PG_HOST:$PG_PORT/sqlacc"
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  local bin
  bin="$(pg_bin_dir)" || return 0
  pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  if [ -n "${KEEP_PG:-}" ]; then echo "kept PostgreSQL cluster: $PG_DIR" >&2; else rm -rf "$PG_DIR"; fi
  PG_DIR=""
}

# wait_http URL PID NAME : until URL answers 2xx (up to 30 s); dies (needs the caller's `die`) when
# process PID exits first.
wait_http() {
  for _ in $(seq 300); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || die "$3 exited (see its log)"
    sleep 0.1
  done
  die "$3 did not answer $1 within 30 s"
}
