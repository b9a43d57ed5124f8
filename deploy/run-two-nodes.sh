#!/usr/bin/env bash
# Two `sqlacc serve` nodes behind haproxy (deploy/haproxy.cfg, round robin) on one PostgreSQL
# database: a working example of the layout in deploy/README.md, on one machine.
#
#   1. PostgreSQL: $SQLACC_DB if given, else a throw-away cluster (deploy/pg-throwaway.sh) with a
#      database `sqlacc`;
#   2. one master key for both nodes (SQLACC_MASTER_KEY, 64 hex chars, made here unless given):
#      it encrypts the API secrets stored in the database, so every node must hold the same one;
#   3. `sqlacc --db URL init --sample` (company `main`, schema sqlacc_main), a user APIUSER and
#      its key pair;
#   4. node 1 and node 2 (`sqlacc --db URL --data nodeN serve --listen 127.0.0.1:PORT`, each with
#      its own data dir: with PostgreSQL the data dir holds nothing the nodes must share but the
#      master key, which comes from the environment here); they start together, migrations at
#      start are serialised by an advisory lock;
#   5. haproxy in front (deploy/haproxy.cfg with the ports below), then it prints the curl command
#      and waits. Ctrl-C (or any exit) stops haproxy, the nodes and the throw-away PostgreSQL and
#      removes the run directory.
#
# Usage: deploy/run-two-nodes.sh [path/to/sqlacc]        (default: build/sqlacc)
#   --check     instead of waiting: send signed requests through haproxy, check that they alternate
#               between the nodes (X-Sqlacc-Node and the nodes' access logs), that docnos are unique
#               across nodes and that a key revoked with the CLI is refused by both; then stop.
# Environment:
#   SQLACC_DB         postgres://user@host:port/db to use instead of a throw-away cluster (its
#                     schema sqlacc_main must not hold a company yet, or set SKIP_INIT=1)
#   BACKEND=sqlite    no PostgreSQL: both nodes serve one shared SQLite data dir (WAL) instead
#   FRONT_PORT        haproxy's port (default 8080, or a free port if 8080 is taken)
#   NODE1_PORT NODE2_PORT PG_PORT   (default: free ports)
#   NODE_ARGS         extra `serve` options for both nodes (e.g. "--db-pool 4 --threads 8")
#   RUN_DIR           where the data dirs and logs go (default: a new temp dir, removed at exit)
#   KEEP=1            keep the run dir (and the throw-away cluster) at exit
# Needs: haproxy (2.6), curl (7.75+ for --aws-sigv4), /usr/bin/python3, PostgreSQL (Debian
# postgresql package) unless SQLACC_DB or BACKEND=sqlite.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/pg-throwaway.sh
. "$HERE/pg-throwaway.sh"   # pg_start, pg_stop, free_port, wait_http

CHECK=""
ARGS=()
for a in "$@"; do
  case "$a" in
    --check) CHECK=1 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//; /^set -e/d'; exit 0 ;;
    *) ARGS+=("$a") ;;
  esac
done
SQLACC="${ARGS[0]:-build/sqlacc}"
case "$SQLACC" in /*) ;; *) SQLACC="$(pwd)/$SQLACC" ;; esac
BACKEND="${BACKEND:-postgres}"

die() { echo "run-two-nodes: $*" >&2; exit 1; }
log() { echo "run-two-nodes: $*" >&2; }
[ -x "$SQLACC" ] || die "sqlacc binary not found: $SQLACC"
command -v haproxy >/dev/null || die "haproxy is not installed (apt-get install haproxy)"
command -v curl >/dev/null || die "curl is not installed"

# --- run dir and cleanup ---------------------------------------------------------------------------
if [ -n "${RUN_DIR:-}" ]; then mkdir -p "$RUN_DIR"; OWN_RUN_DIR=""; else RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sqlacc-2nodes.XXXXXX")"; OWN_RUN_DIR=1; fi
PIDS=()      # haproxy and the nodes, stopped in reverse order
STARTED_PG=""
cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do wait "${PIDS[i]}" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; then
    for f in node1.log node2.log haproxy.log; do
      [ -f "$RUN_DIR/$f" ] && { echo "--- $f (tail) ---" >&2; tail -n 15 "$RUN_DIR/$f" >&2; }
    done
  fi
  if [ -n "$STARTED_PG" ]; then KEEP_PG="${KEEP:-}" pg_stop; fi
  if [ -n "${KEEP:-}" ]; then echo "kept: $RUN_DIR" >&2
  elif [ -n "$OWN_RUN_DIR" ]; then rm -rf "$RUN_DIR"; fi
  echo "run-two-nodes: stopped" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the database ----------------------------------------------------------------------------------
DBARGS=()
if [ "$BACKEND" = sqlite ]; then
  unset SQLACC_DB   # sqlacc reads it from the environment too
  DATA1="$RUN_DIR/data" DATA2="$RUN_DIR/data"   # one SQLite data dir, shared by both nodes
  log "backend: SQLite, both nodes on $DATA1 (WAL)"
else
  if [ -z "${SQLACC_DB:-}" ]; then
    pg_start || die "could not start a throw-away PostgreSQL"
    STARTED_PG=1
    SQLACC_DB="$PG_URL"
    log "backend: throw-away PostgreSQL in $PG_DIR, $SQLACC_DB"
  else
    log "backend: PostgreSQL $SQLACC_DB"
  fi
  export SQLACC_DB
  DBARGS=(--db "$SQLACC_DB")
  DATA1="$RUN_DIR/node1" DATA2="$RUN_DIR/node2"  # per node: with PostgreSQL nothing in it is shared
fi
mkdir -p "$DATA1" "$DATA2"

# One master key for every node and every CLI call (a node with another key cannot decrypt the
# API secrets the others stored: all signatures would fail with 401).
if [ -z "${SQLACC_MASTER_KEY:-}" ]; then
  SQLACC_MASTER_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
fi
export SQLACC_MASTER_KEY

sq() { "$SQLACC" "${DBARGS[@]}" --data "$DATA1" "$@"; }
if [ -z "${SKIP_INIT:-}" ]; then
  sq init --sample >/dev/null || die "sqlacc init --sample failed"
fi
sq user add APIUSER --name "API user" >/dev/null 2>&1 || true   # exists already with SKIP_INIT
KEY_JSON="$(sq apikey generate APIUSER --json)"
AK="$(printf '%s' "$KEY_JSON" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_key"])')"
SK="$(printf '%s' "$KEY_JSON" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["secret_key"])')"

# --- two nodes -------------------------------------------------------------------------------------
NODE1_PORT="${NODE1_PORT:-$(free_port)}"
NODE2_PORT="${NODE2_PORT:-$(free_port)}"
while [ "$NODE2_PORT" = "$NODE1_PORT" ]; do NODE2_PORT="$(free_port)"; done
start_node() {  # start_node N DATA PORT -> both start at once, without waiting for each other
  # shellcheck disable=SC2086  # NODE_ARGS is split on purpose
  "$SQLACC" "${DBARGS[@]}" --data "$2" serve --listen "127.0.0.1:$3" ${NODE_ARGS:-} >"$RUN_DIR/node$1.log" 2>&1 &
  PIDS+=($!)
}
start_node 1 "$DATA1" "$NODE1_PORT"
start_node 2 "$DATA2" "$NODE2_PORT"
wait_http "http://127.0.0.1:$NODE1_PORT/healthcheck" "${PIDS[0]}" "node 1"
wait_http "http://127.0.0.1:$NODE2_PORT/healthcheck" "${PIDS[1]}" "node 2"
log "node 1 on 127.0.0.1:$NODE1_PORT (log $RUN_DIR/node1.log), node 2 on 127.0.0.1:$NODE2_PORT (log $RUN_DIR/node2.log)"

# --- haproxy -----------------------------------------------------------------------------------------
if [ -z "${FRONT_PORT:-}" ]; then
  FRONT_PORT=8080
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:8080/" || ss -ltn 2>/dev/null | grep -q '127.0.0.1:8080 \|\*:8080 \|0.0.0.0:8080 '; then
    FRONT_PORT="$(free_port)"
  fi
fi
export SQLACC_FRONT="127.0.0.1:$FRONT_PORT" SQLACC_NODE1="127.0.0.1:$NODE1_PORT" SQLACC_NODE2="127.0.0.1:$NODE2_PORT"
haproxy -c -q -f "$HERE/haproxy.cfg" || die "deploy/haproxy.cfg is not valid"
haproxy -db -f "$HERE/haproxy.cfg" >"$RUN_DIR/haproxy.log" 2>&1 &
PIDS+=($!)
wait_http "http://$SQLACC_FRONT/healthcheck" "${PIDS[2]}" "haproxy"
FRONT="http://$SQLACC_FRONT"
log "haproxy on $FRONT (log $RUN_DIR/haproxy.log)"

sig() { curl -sS --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "$AK:$SK" "$@"; }

if [ -n "$CHECK" ]; then
  # --- end-to-end check through haproxy ------------------------------------------------------------
  fail=0
  agent_before_1="$(grep -c '"GET /agent"' "$RUN_DIR/node1.log" || true)"
  agent_before_2="$(grep -c '"GET /agent"' "$RUN_DIR/node2.log" || true)"
  nodes=()
  for i in 1 2 3 4 5 6; do
    out="$(sig -D "$RUN_DIR/h$i" -o "$RUN_DIR/b$i" -w '%{http_code}' "$FRONT/agent")"
    node="$(sed -n 's/^[Xx]-[Ss]qlacc-[Nn]ode: *\([^[:space:]]*\).*/\1/p' "$RUN_DIR/h$i")"
    nodes+=("$node")
    echo "GET /agent #$i via haproxy: HTTP $out from $node ($(wc -c <"$RUN_DIR/b$i") bytes)"
    [ "$out" = 200 ] || fail=1
  done
  for i in 1 2 3 4 5; do [ "${nodes[i-1]}" != "${nodes[i]}" ] || { echo "FAIL: requests $i and $((i + 1)) both went to ${nodes[i]}"; fail=1; }; done
  sleep 0.5   # access logs are buffered per I/O thread (flushed every ~200 ms)
  a1=$(($(grep -c '"GET /agent"' "$RUN_DIR/node1.log" || true) - agent_before_1))
  a2=$(($(grep -c '"GET /agent"' "$RUN_DIR/node2.log" || true) - agent_before_2))
  echo "access logs: node 1 served $a1 GET /agent, node 2 served $a2"
  grep '"GET /agent"' "$RUN_DIR/node1.log" | tail -1 | sed 's/^/  node1.log: /'
  grep '"GET /agent"' "$RUN_DIR/node2.log" | tail -1 | sed 's/^/  node2.log: /'
  [ "$a1" -ge 1 ] && [ "$a2" -ge 1 ] || { echo "FAIL: both nodes should have logged requests"; fail=1; }

  # Document numbers come from the database: two invoices, one per node, get consecutive numbers.
  docnos=()
  for i in 1 2 3 4; do
    r="$(sig -D "$RUN_DIR/ph$i" -H 'Content-Type: application/json' "$FRONT/salesinvoice" \
      -d '{"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35"}]}')"
    d="$(printf '%s' "$r" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["docno"])' 2>/dev/null || echo "ERROR: $r")"
    node="$(sed -n 's/^[Xx]-[Ss]qlacc-[Nn]ode: *\([^[:space:]]*\).*/\1/p' "$RUN_DIR/ph$i")"
    echo "POST /salesinvoice #$i via haproxy: $d from $node"
    docnos+=("$d")
  done
  [ "$(printf '%s\n' "${docnos[@]}" | sort -u | grep -c '^IV-')" = 4 ] || { echo "FAIL: docnos not 4 distinct IV- numbers"; fail=1; }

  # A key revoked with the CLI (a write to the database) is refused by both nodes at once.
  sq apikey revoke APIUSER >/dev/null
  c1="$(sig -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NODE1_PORT/agent")"
  c2="$(sig -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NODE2_PORT/agent")"
  echo "after sqlacc apikey revoke: node 1 answers $c1, node 2 answers $c2"
  [ "$c1" = 401 ] && [ "$c2" = 401 ] || { echo "FAIL: a revoked key must be refused by both nodes"; fail=1; }
  if [ "$fail" = 0 ]; then echo "CHECK OK ($BACKEND)"; exit 0; else echo "CHECK FAILED ($BACKEND)"; exit 1; fi
fi

cat <<EOF

Two sqlacc nodes behind haproxy on $FRONT ($BACKEND). Try (each request goes to the other node; the
response header X-Sqlacc-Node names it, and each node's access log is in $RUN_DIR):

  curl -i --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "$AK:$SK" $FRONT/agent

  SQLACC_MASTER_KEY=$SQLACC_MASTER_KEY \\
    $SQLACC ${DBARGS[*]:+${DBARGS[*]} }--data $DATA1 apikey revoke APIUSER     # both nodes refuse the key at once

Ctrl-C stops haproxy, both nodes$([ -n "$STARTED_PG" ] && echo " and PostgreSQL").
EOF
wait "${PIDS[@]}"
