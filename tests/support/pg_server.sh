#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (Debian's `postgresql` package, /usr/lib/postgresql/N/bin).
#
#   pg_server.sh start DIR          initdb into DIR/pgdata (C locale, UTF8, trust auth, superuser
#                                   `postgres`), listen on a free port of 127.0.0.1 (unix socket inside
#                                   DIR), wait until it answers; writes DIR/url
#                                   (postgres://postgres@127.0.0.1:PORT/postgres) and DIR/port. A server
#                                   an earlier run left in DIR is stopped and thrown away first.
#   pg_server.sh stop DIR           stop (fast, then immediate) and remove DIR; idempotent
#   pg_server.sh restart DIR        pg_ctl restart -m fast, same port and data
#   pg_server.sh down DIR           stop (fast, then immediate) but keep DIR: an outage that `up` ends
#   pg_server.sh up DIR             start the server of DIR again after `down` (same port and data)
#   pg_server.sh createdb DIR NAME  create database NAME; prints its URL
#   pg_server.sh dropdb DIR NAME    drop database NAME (WITH (FORCE): clients still connected are cut
#                                   off), no error when it does not exist
#   pg_server.sh url DIR [NAME]     prints the URL of database NAME (default postgres)
#
# Exit 77 (the tests' "skipped") when no /usr/lib/postgresql/*/bin/initdb is installed.
#
# initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` OS user and DIR is
# handed to that user; not as root they run directly as the caller. The SQL superuser is `postgres`
# either way (initdb -U postgres), so the URL is the same. If the postgres user cannot reach DIR
# (a parent directory without o+x, e.g. a build tree under /root), the cluster lives in a directory
# under /tmp that DIR/pgdata links to, removed by `stop` with DIR.
set -uo pipefail

# Finish the job even when whoever reads our output has gone (e.g. `... | head` around a test whose
# EXIT trap stops its server): a write to a closed pipe then fails instead of killing us half-way.
trap '' PIPE

die() { echo "pg_server.sh: $*" >&2; exit 1; }

usage() {
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
CMD="$1"
DIR="$2"
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
DIR="${DIR%/}"
# The postgres user may not be allowed into the caller's working directory (initdb and pg_ctl then warn
# or fail); nothing below uses relative paths.
cd / || exit 1

# The newest installed major version (the Debian 12 package is 15).
PGBIN=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && PGBIN="$d"
done
if [ -z "$PGBIN" ]; then
  echo "SKIP: PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb); apt-get install postgresql" >&2
  exit 77
fi

# The libpq variables of the caller's environment must not redirect our clients somewhere else.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGSERVICEFILE PGPASSWORD PGPASSFILE PGOPTIONS \
      PGSSLMODE PGDATA PGTZ 2>/dev/null

AS_PG=()                     # prefix for initdb / pg_ctl / postgres
if [ "$(id -u)" = 0 ]; then
  getent passwd postgres >/dev/null || die "running as root, but there is no 'postgres' OS user to run the server as"
  AS_PG=(runuser -u postgres --)
fi
as_pg() { "${AS_PG[@]}" "$@"; }

PGDATA_DIR="$DIR/pgdata"
PGHOME="$DIR"                # where pgdata, the socket dir and postgres.log are
# A cluster kept under /tmp (see above): the postgres user must be given the real path, since it
# cannot pass through DIR.
if [ -s "$DIR/real" ]; then PGHOME="$(cat "$DIR/real")"; PGDATA_DIR="$PGHOME/pgdata"; fi

# pg_ctl wrapper: -D always, output to the caller's stderr (stdout carries only URLs).
pgctl() { as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" "$@" 1>&2; }

running() {  # is a postmaster of DIR alive?
  [ -e "$PGDATA_DIR/postmaster.pid" ] || return 1
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

port_of() {
  [ -s "$DIR/port" ] || die "no server in $DIR (no $DIR/port; run: pg_server.sh start $DIR)"
  cat "$DIR/port"
}

# stop_cluster : fast shutdown (disconnects clients, checkpoints); immediate if that does not finish.
stop_cluster() {
  [ -d "$PGDATA_DIR" ] || return 0
  running || return 0
  if ! pgctl stop -m fast -w -t 30; then
    echo "pg_server.sh: fast shutdown did not finish; immediate shutdown" >&2
    pgctl stop -m immediate -w -t 30 || return 1
  fi
}

# wait_ready PORT : pg_ctl -w already waited for "accepting connections"; one real query proves that a
# TCP client of 127.0.0.1 gets in (what the tests and sqlacc use).
wait_ready() {
  local i
  for ((i = 0; i < 100; i++)); do
    "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$1" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

free_port() {  # a port the kernel just handed out (the bind race with other processes is retried below)
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

remove_dir() {  # DIR and, when it was used, the /tmp home of the cluster
  local real=""
  [ -s "$DIR/real" ] && real="$(cat "$DIR/real")"
  rm -rf "$DIR"
  case "$real" in /tmp/sqlacc-pg.*) rm -rf "$real" ;; esac
}

cmd_start() {
  # A server from an earlier (interrupted) run: stop it, then start from nothing.
  if [ -d "$DIR" ]; then
    stop_cluster || die "cannot stop the earlier server in $DIR"
    remove_dir
  fi
  mkdir -p "$DIR" || die "cannot create $DIR"
  local home="$DIR"
  PGHOME="$DIR"; PGDATA_DIR="$DIR/pgdata"
  if [ ${#AS_PG[@]} -gt 0 ]; then
    chown postgres: "$DIR" || die "cannot chown $DIR to postgres"
    if ! as_pg test -w "$DIR" -a -x "$DIR"; then
      # A parent is closed to the postgres user: keep the cluster under /tmp, reachable through a link.
      home="$(mktemp -d /tmp/sqlacc-pg.XXXXXX)" || die "mktemp failed"
      chown postgres: "$home" || die "cannot chown $home"
      chmod 700 "$home"
      printf '%s\n' "$home" >"$DIR/real"
      ln -s "$home/pgdata" "$DIR/pgdata"        # for people looking into DIR
      PGHOME="$home"; PGDATA_DIR="$home/pgdata"
      echo "pg_server.sh: $DIR is not reachable by the postgres user; cluster in $home" >&2
    fi
  fi
  local sockdir="$home/sock"
  mkdir -p "$sockdir"
  [ ${#AS_PG[@]} -gt 0 ] && chown postgres: "$sockdir"

  # initdb -N: no fsync of the new files (throw-away); --auth=trust: no passwords on loopback.
  if ! as_pg "$PGBIN/initdb" -D "$home/pgdata" -U postgres --locale=C -E UTF8 --auth=trust -N \
       >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    die "initdb failed"
  fi
  [ -e "$PGDATA_DIR" ] || die "$PGDATA_DIR missing after initdb"

  # A unix socket path is limited to 107 bytes; past that, TCP only (the tests only use TCP).
  local sockets="$sockdir"
  if [ $((${#sockdir} + 20)) -gt 100 ]; then sockets=""; fi

  local attempt port
  for ((attempt = 1; attempt <= 5; attempt++)); do
    port="$(free_port)" || die "cannot find a free port (python3 missing?)"
    # The settings go into postgresql.conf (not pg_ctl -o) so that `up` and `restart` keep them.
    # fsync=off: a throw-away cluster need not survive an OS crash; it still survives its own crash
    # and restart (synchronous_commit stays on, so an acknowledged commit is in the WAL the OS has).
    # max_connections: parallel tests, each with up to two sqlacc nodes and their connection pools.
    cat >"$DIR/settings.conf" <<EOF
# written by pg_server.sh
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockets'
max_connections = 400
fsync = off
full_page_writes = off
logging_collector = off
log_min_messages = warning
log_connections = off
EOF
    # (postgresql.auto.conf holds nothing else in a new cluster: each attempt rewrites it whole.)
    # shellcheck disable=SC2016  # $1 is for the inner sh
    as_pg sh -c 'cat > "$1"' sh "$PGDATA_DIR/postgresql.auto.conf" <"$DIR/settings.conf" \
      || die "cannot write the settings"
    if pgctl start -w -t 60 -l "$home/postgres.log"; then
      break
    fi
    # Another process took the port between free_port and the bind: drop our lines and try another.
    if grep -q 'could not bind\|Address already in use' "$home/postgres.log" 2>/dev/null && [ "$attempt" -lt 5 ]; then
      echo "pg_server.sh: port $port taken, retrying" >&2
      continue
    fi
    tail -n 30 "$home/postgres.log" >&2 2>/dev/null
    die "pg_ctl start failed"
  done
  [ "$home" = "$DIR" ] || ln -sf "$home/postgres.log" "$DIR/postgres.log"
  wait_ready "$port" || { tail -n 30 "$home/postgres.log" >&2; die "server started but does not answer on 127.0.0.1:$port"; }
  printf '%s\n' "$port" >"$DIR/port"
  printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$port" >"$DIR/url"
  echo "pg_server.sh: PostgreSQL $("$PGBIN/postgres" -V | awk '{print $3}') on 127.0.0.1:$port, data in $PGDATA_DIR" >&2
  cat "$DIR/url"
}

cmd_stop() {
  [ -e "$DIR" ] || return 0
  stop_cluster || echo "pg_server.sh: could not stop the server in $DIR" >&2
  remove_dir
}

cmd_restart() {
  [ -d "$PGDATA_DIR" ] || die "no server in $DIR"
  local port; port="$(port_of)" || exit 1
  # The log goes on in the same file (pg_ctl restart would otherwise log to the terminal).
  pgctl restart -m fast -w -t 60 -l "$PGHOME/postgres.log" || die "pg_ctl restart failed"
  wait_ready "$port" || die "server restarted but does not answer on 127.0.0.1:$port"
}

cmd_down() {
  [ -d "$PGDATA_DIR" ] || die "no server in $DIR"
  stop_cluster || die "cannot stop the server in $DIR"
}

cmd_up() {
  [ -d "$PGDATA_DIR" ] || die "no server in $DIR"
  local port; port="$(port_of)" || exit 1
  if ! running; then
    pgctl start -w -t 60 -l "$PGHOME/postgres.log" || die "pg_ctl start failed"
  fi
  wait_ready "$port" || die "server started but does not answer on 127.0.0.1:$port"
}

valid_name() {
  case "$1" in
    ''|*[!a-z0-9_]*) die "database name must be [a-z0-9_]+: '$1'" ;;
  esac
  [ ${#1} -le 63 ] || die "database name longer than 63 bytes: '$1'"
}

cmd_createdb() {
  local name="$1" port try out
  valid_name "$name"
  port="$(port_of)" || exit 1
  # Retried: CREATE DATABASE copies template1 and fails if another session happens to be in it.
  for ((try = 1; try <= 5; try++)); do
    if out="$("$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name" 2>&1)"; then
      printf 'postgres://postgres@127.0.0.1:%s/%s\n' "$port" "$name"
      return 0
    fi
    case "$out" in *"already exists"*) die "createdb $name: $out" ;; esac
    sleep 0.5
  done
  die "createdb $name failed: $out"
}

cmd_dropdb() {
  local name="$1" port
  valid_name "$name"
  port="$(port_of)" || exit 1
  local out
  # (--if-exists prints a NOTICE for a database that is not there: shown only on failure.)
  out="$("$PGBIN/dropdb" -h 127.0.0.1 -p "$port" -U postgres --if-exists --force "$name" 2>&1)" \
    || die "dropdb $name failed: $out"
}

case "$CMD" in
  start) [ $# -eq 2 ] || usage; cmd_start ;;
  stop) [ $# -eq 2 ] || usage; cmd_stop ;;
  restart) [ $# -eq 2 ] || usage; cmd_restart ;;
  down) [ $# -eq 2 ] || usage; cmd_down ;;
  up) [ $# -eq 2 ] || usage; cmd_up ;;
  createdb) [ $# -eq 3 ] || usage; cmd_createdb "$3" ;;
  dropdb) [ $# -eq 3 ] || usage; cmd_dropdb "$3" ;;
  url) [ $# -le 3 ] || usage; port="$(port_of)" || exit 1; printf 'postgres://postgres@127.0.0.1:%s/%s\n' "$port" "${3:-postgres}" ;;
  *) usage ;;
esac
