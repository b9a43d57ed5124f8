#!/usr/bin/env bash
# Backends and nodes: signed `GET /agent` and `POST /salesinvoice` (5 lines) throughput with wrk for
#   sqlite1  one node on SQLite (the default store)
#   pg1      one node on PostgreSQL (a throw-away cluster this script starts)
#   pg2      two nodes on that PostgreSQL behind haproxy (deploy/haproxy.cfg, round robin)
#   sqlite2  two nodes on one SQLite data dir (WAL, shared file) behind the same haproxy
# all in one run, each on a fresh company, then the ratios PG/SQLite and two nodes/one node.
# Nothing is pinned: wrk, haproxy, the nodes and postgres share all the machine's cores (on 2 cores
# a second node adds no CPU; see bench/README.md). During every measurement the CPU time of each
# part (sqlacc nodes, postgres and its backends, haproxy, wrk) is read from /proc, as % of one core.
#
# Usage: bench/run_backends.sh [build/sqlacc]
#   env: DURATION=8s WARMUP=2s CONNECTIONS=32 CONFIGS="sqlite1 pg1 pg2 sqlite2"
#        REQUESTS="get get_nocache post" (get_nocache: GET /agent with serve --no-read-cache)
#        SERVE_ARGS="..." (every node)  PG_SERVE_ARGS="..." (PostgreSQL nodes, e.g. "--db-pool 8")
#        PG_SETTINGS="synchronous_commit=off ..." (postgres -c settings of the throw-away cluster)
#        KEEP_DATA=1 (keep the temp dir), KEEP_PG=1 (keep the cluster's dir)
# Needs: wrk, curl, haproxy, /usr/bin/python3 with python3-botocore, PostgreSQL (Debian package
# postgresql; the script runs initdb/pg_ctl itself, as the postgres user when run as root), and an
# sqlacc that knows `--db` for the pg configs.
# Each GET replays one botocore-signed request (bench/wrk/signed_request.lua; full SigV4 check per
# request), each POST one signed invoice without docno (a new invoice per request; the script checks
# the number created against wrk's count, and runs `sqlacc verify` after each config).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"                        # SQLACC (from $1), die, require_*, make_tmp, sign, sig, replay_once, to_ms, ratio
# shellcheck source=deploy/pg-throwaway.sh
. "$HERE/../deploy/pg-throwaway.sh"     # pg_start, pg_stop, free_port, wait_http
DURATION="${DURATION:-8s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-32}"
CONFIGS="${CONFIGS:-sqlite1 pg1 pg2 sqlite2}"
REQUESTS="${REQUESTS:-get get_nocache post}"
read -r -a PG_SETTINGS_ARR <<<"${PG_SETTINGS:-}"

require_sqlacc
require_wrk
require_curl
require_botocore
command -v haproxy >/dev/null || die "haproxy is not installed (apt-get install haproxy)"
[[ " $CONFIGS " == *" pg"* ]] && { pg_bin_dir >/dev/null || die "PostgreSQL is not installed"; }

make_tmp sqlacc-backends
NODE_PIDS=() HAPROXY_PID=""
stop_nodes() {
  local p
  [ -n "$HAPROXY_PID" ] && { kill -TERM "$HAPROXY_PID" 2>/dev/null; wait "$HAPROXY_PID" 2>/dev/null || true; }
  HAPROXY_PID=""
  for p in "${NODE_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${NODE_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  NODE_PIDS=()
}
bench_cleanup_hook() { stop_nodes; pg_stop; }
FAILURE_LOGS=("node 1|$TMP/node1.log" "node 2|$TMP/node2.log" "haproxy|$TMP/haproxy.log")

unset SQLACC_DB   # the sqlite configs must not pick a database up from the environment
# One master key for every node and CLI call (the API secrets in a shared database are encrypted
# with it).
SQLACC_MASTER_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
export SQLACC_MASTER_KEY

# --- companies, nodes, haproxy -------------------------------------------------------------------
# setup_company CONFIG -> DBARGS (--db URL or nothing), DATA, AK, SK: a fresh sample company with
# user BENCH and its key (a new database per PostgreSQL config, a new data dir per SQLite config).
setup_company() {
  DATA="$TMP/$1"
  mkdir -p "$DATA"
  DBARGS=()
  if [[ "$1" == pg* ]]; then
    if [ -z "$PG_DIR" ]; then
      pg_start "${PG_SETTINGS_ARR[@]}" || die "could not start PostgreSQL"
      echo "PostgreSQL: $("$(pg_bin_dir)/postgres" --version), $PG_DIR, port $PG_PORT${PG_SETTINGS:+, $PG_SETTINGS}"
    fi
    psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sqlacc -c "CREATE DATABASE bench_$1" >/dev/null
    DBARGS=(--db "postgres://postgres@127.0.0.1:$PG_PORT/bench_$1")
  fi
  "$SQLACC" "${DBARGS[@]}" --data "$DATA" init --sample >/dev/null
  "$SQLACC" "${DBARGS[@]}" --data "$DATA" user add BENCH --name "Benchmark API user" >/dev/null
  local key
  key="$("$SQLACC" "${DBARGS[@]}" --data "$DATA" apikey generate BENCH --json)"
  AK="$(printf '%s' "$key" | $PY -c 'import json,sys; print(json.load(sys.stdin)["access_key"])')"
  SK="$(printf '%s' "$key" | $PY -c 'import json,sys; print(json.load(sys.stdin)["secret_key"])')"
}

# start_node N [serve args...] -> NODE_PORT[N]; serves DATA (and DBARGS) on a free port.
declare -A NODE_PORT
start_node() {
  local n="$1"; shift
  local extra=()
  [ ${#DBARGS[@]} -gt 0 ] && read -r -a extra <<<"${PG_SERVE_ARGS:-}"
  : >"$TMP/node$n.log"
  # shellcheck disable=SC2086  # SERVE_ARGS: extra serve options, split on purpose
  "$SQLACC" "${DBARGS[@]}" --data "$DATA" serve --quiet --listen 127.0.0.1:0 "$@" "${extra[@]}" ${SERVE_ARGS:-} \
    >"$TMP/node$n.log" 2>&1 &
  local pid=$! port=""
  NODE_PIDS+=("$pid")
  for _ in $(seq 300); do
    port="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$TMP/node$n.log" | sed 's/.*://' || true)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || die "node $n exited before listening"
    sleep 0.1
  done
  [ -n "$port" ] || die "node $n did not start within 30 s"
  NODE_PORT[$n]="$port"
}

# start_haproxy -> BASE: deploy/haproxy.cfg on a free port in front of nodes 1 and 2, its per-request
# log turned off (a log line per request to stderr would be measured too).
start_haproxy() {
  local fport
  fport="$(free_port)"
  sed '/^[[:space:]]*log[[:space:]]/d; /option httplog/d' "$HERE/../deploy/haproxy.cfg" >"$TMP/haproxy.cfg"
  SQLACC_FRONT="127.0.0.1:$fport" SQLACC_NODE1="127.0.0.1:${NODE_PORT[1]}" SQLACC_NODE2="127.0.0.1:${NODE_PORT[2]}" \
    haproxy -db -f "$TMP/haproxy.cfg" >"$TMP/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  BASE="http://127.0.0.1:$fport"
  wait_http "$BASE/healthcheck" "$HAPROXY_PID" haproxy
}

# start_config CONFIG [serve args...] -> nodes (and haproxy for two), BASE
start_config() {
  local cfg="$1"; shift
  start_node 1 "$@"
  if [[ "$cfg" == *2 ]]; then
    start_node 2 "$@"
    start_haproxy
  else
    BASE="http://127.0.0.1:${NODE_PORT[1]}"
  fi
}

# --- CPU accounting ----------------------------------------------------------------------------------
# cpu_snap FILE: CPU ticks (utime+stime) of the nodes, of postgres (postmaster and all its
# descendants), of haproxy, of this script's reaped children (wrk: cutime+cstime of $$), and the
# machine's busy and total ticks from /proc/stat.
cpu_snap() {
  local pm=""
  [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ] && pm="$(head -1 "$PG_DIR/data/postmaster.pid")"
  $PY - "$1" "${NODE_PIDS[*]}" "$pm" "$HAPROXY_PID" "$$" <<'PYEOF'
import os, sys, json
out, nodes, pm, hap, me = sys.argv[1], sys.argv[2].split(), sys.argv[3], sys.argv[4], sys.argv[5]
stat = {}
for p in os.listdir('/proc'):
    if not p.isdigit(): continue
    try: s = open(f'/proc/{p}/stat').read()
    except OSError: continue
    f = s[s.rindex(')') + 2:].split()   # fields from 3 (state) on
    stat[p] = (f[1], int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))   # ppid, utime+stime, cutime+cstime
def tree(root):
    if not root or root not in stat: return 0
    kids = {}
    for p, (pp, _, _) in stat.items(): kids.setdefault(pp, []).append(p)
    total, todo = 0, [root]
    while todo:
        p = todo.pop(); total += stat[p][1]; todo += kids.get(p, [])
    return total
cpu = [int(x) for x in open('/proc/stat').readline().split()[1:]]
r = {'sqlacc': sum(stat[p][1] for p in nodes if p in stat), 'postgres': tree(pm),
     'haproxy': stat[hap][1] if hap in stat else 0, 'wrk': stat[me][2] if me in stat else 0,
     'busy': sum(cpu) - cpu[3] - cpu[4], 'all': sum(cpu)}
json.dump(r, open(out, 'w'))
PYEOF
}
# cpu_diff BEFORE AFTER SECONDS -> CPU="sqlacc X% · postgres Y% · haproxy Z% · wrk W% · other O% ·
# machine B% of N×100%": "other" is the busy time of everything else (other users' processes,
# interrupts, the bench script's own helpers): when it is large the figures are not clean.
cpu_diff() {
  CPU="$($PY - "$1" "$2" "$3" "$(getconf CLK_TCK)" "$(nproc)" <<'PYEOF'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
secs, hz, n = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
pc = lambda k: (b[k] - a[k]) / hz / secs * 100
ours = ('sqlacc', 'postgres', 'haproxy', 'wrk')
parts = [f"{k} {pc(k):.0f}%" for k in ours if b[k] - a[k] > 0]
busy = (b['busy'] - a['busy']) / max(1, b['all'] - a['all']) * 100 * n
others = max(0.0, busy - sum(pc(k) for k in ours))   # other processes and the kernel's own work
print(' · '.join(parts) + f" · other {others:.0f}% · machine {busy:.0f}% of {n * 100}%")
PYEOF
)"
}

# --- wrk ---------------------------------------------------------------------------------------------
# measure NAME HEADING: warm-up, then the measured run of the signed request (sign) at BASE with CPU
# accounting. Unlike lib.sh's wrk_measure a non-2xx answer is recorded (NON2XX), not fatal: two
# SQLite nodes writing one file may answer errors, and that is a result.
secs() { awk -v d="$1" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print n }'; }
measure() {
  local name="$1" heading="$2" out="$TMP/wrk_$1.txt"
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/wrk/signed_request.lua" "$BASE$SQLACC_PATH" >"$TMP/wrk_warm.txt"
  [ -n "${BEFORE_RUN:-}" ] && "$BEFORE_RUN"
  cpu_snap "$TMP/cpu_a.json"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/wrk/signed_request.lua" "$BASE$SQLACC_PATH" >"$out"
  cpu_snap "$TMP/cpu_b.json"
  cpu_diff "$TMP/cpu_a.json" "$TMP/cpu_b.json" "$(secs "$DURATION")"
  echo "=== $heading"
  cat "$out"
  echo "CPU (% of one core): $CPU"
  RPS="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  REQS="$(awk '/requests in/ {print $1}' "$out")"
  P50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  P99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  NON2XX="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
  ERRS="$(sed -n 's/^ *Socket errors: //p' "$out")"
  [ -n "$RPS" ] && [ -n "$REQS" ] || die "cannot read wrk's report for $name"
  NOTE=""
  [ -n "$NON2XX" ] && NOTE="**$NON2XX non-2xx**"
  [ -n "$ERRS" ] && NOTE="${NOTE:+$NOTE; }socket errors: $ERRS"
  if [ ${#DBARGS[@]} -gt 0 ]; then  # the nodes' pooled connections stay open: this is what they opened
    local conns
    conns="$(psql -Atq -h 127.0.0.1 -p "$PG_PORT" -U postgres -d sqlacc -c \
      "SELECT count(*) FROM pg_stat_activity WHERE datname = '${DBARGS[1]##*/}'")"
    NOTE="${NOTE:+$NOTE; }$conns PostgreSQL connections"
  fi
  return 0
}

invoice_total() { sig "$BASE/salesinvoice?limit=1" | $PY -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])'; }
settled_total() {
  local a b
  b="$(invoice_total)"
  while sleep 0.3; a="$b"; b="$(invoice_total)"; [ "$a" != "$b" ]; do :; done
  echo "$b"
}
record_before() { BEFORE_TOTAL="$(settled_total)"; }

cat >"$TMP/invoice.json" <<'EOF'
{"code":"300-A0001","docdate":"2026-03-01","description":"wrk invoice","sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35.00","tax":"ST-10"},{"itemcode":"CABLE","qty":"30","unitprice":"1.50","tax":"ST-10"},{"itemcode":"BOX","qty":"12","unitprice":"2.40","tax":"ST-5"},{"itemcode":"INSTALL","qty":"1","unitprice":"150.00","tax":"SV-8"},{"itemcode":"ANT","qty":"1","unitprice":"35.00","tax":"ST-E"}]}
EOF

declare -A R   # R[config.request] = "rps p50 p99"
ROWS=()
label() {
  case "$1" in
    sqlite1) echo "SQLite, one node" ;;
    pg1) echo "PostgreSQL, one node" ;;
    pg2) echo "PostgreSQL, two nodes + haproxy" ;;
    sqlite2) echo "SQLite (one file), two nodes + haproxy" ;;
  esac
}

run_get() {  # run_get CONFIG REQUEST
  SIGN_BODY_HASH=no sign GET /agent
  local code
  code="$(replay_once "$TMP/agent.json")"
  [ "$code" = 200 ] || die "$1: signed GET /agent got HTTP $code: $(head -c 300 "$TMP/agent.json")"
  BEFORE_RUN="" measure "$1_$2" "$(label "$1"): $2 GET /agent ($(stat -c %s "$TMP/agent.json") bytes), wrk -t1 -c$CONNECTIONS -d$DURATION, $BASE"
}
run_post() {  # run_post CONFIG
  sign POST /salesinvoice "$TMP/invoice.json"
  local code
  code="$(replay_once "$TMP/post.json")"
  [ "$code" = 200 ] || die "$1: signed POST /salesinvoice got HTTP $code: $(head -c 300 "$TMP/post.json")"
  BEFORE_RUN=record_before measure "$1_post" "$(label "$1"): POST /salesinvoice (5 lines), wrk -t1 -c$CONNECTIONS -d$DURATION, $BASE"
  local after created
  after="$(settled_total)"
  created=$((after - BEFORE_TOTAL))
  local ok=$((REQS - ${NON2XX:-0}))
  # wrk counts completed responses; requests in flight when it stops are created but uncounted.
  [ "$created" -ge "$ok" ] && [ "$created" -le $((REQS + CONNECTIONS)) ] ||
    die "$1: wrk counted $ok 2xx responses but the server created $created invoices"
  echo "invoices created: $created (wrk: $ok 2xx)"
}

echo "machine: $(nproc) cores, $(cpu_model); nothing pinned (wrk, haproxy, nodes and postgres share the cores); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sqlacc: $SQLACC"
START_S=$SECONDS
for cfg in $CONFIGS; do
  case "$cfg" in sqlite1|sqlite2|pg1|pg2) ;; *) die "unknown config $cfg (sqlite1 pg1 pg2 sqlite2)" ;; esac
  setup_company "$cfg"
  for req in $REQUESTS; do
    case "$req" in
      get) start_config "$cfg"; run_get "$cfg" get ;;
      get_nocache) start_config "$cfg" --no-read-cache; run_get "$cfg" get_nocache ;;
      post) start_config "$cfg"; run_post "$cfg" ;;
      *) die "unknown request $req (get get_nocache post)" ;;
    esac
    R[$cfg.$req]="$RPS $P50 $P99"
    ROWS+=("| $(label "$cfg") | $req | $RPS | $P50 | $P99 | $CPU | ${NOTE:-} |")
    stop_nodes
  done
  if "$SQLACC" "${DBARGS[@]}" --data "$DATA" verify >"$TMP/verify.txt" 2>&1; then echo "$cfg: sqlacc verify: ledger OK"
  else cat "$TMP/verify.txt"; die "$cfg: sqlacc verify failed"; fi
done

ratio_row() {  # ratio_row LABEL A B: A/B of req/s, p50 and p99 for every request both have
  local req a b
  for req in $REQUESTS; do
    [ -n "${R[$2.$req]:-}" ] && [ -n "${R[$3.$req]:-}" ] || continue
    read -r r1 p1 q1 <<<"${R[$2.$req]}"
    read -r r2 p2 q2 <<<"${R[$3.$req]}"
    echo "| $1 | $req | ×$(ratio "$r1" "$r2") | ×$(ratio "$p1" "$p2") | ×$(ratio "$q1" "$q2") |"
  done
}

echo
echo "Results ($(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(cpu_model); wrk -t1 -c$CONNECTIONS -d$DURATION after $WARMUP warm-up; latency in ms; CPU in % of one core, summed over the processes of each part; whole run $((SECONDS - START_S)) s):"
echo
echo "| setup | request | req/s | p50 ms | p99 ms | CPU during the run | notes |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
echo
echo "| ratio | request | req/s | p50 | p99 |"
echo "| --- | --- | --- | --- | --- |"
ratio_row "PostgreSQL / SQLite, one node" pg1 sqlite1
ratio_row "two nodes / one node, PostgreSQL" pg2 pg1
ratio_row "two nodes / one node, SQLite" sqlite2 sqlite1
ratio_row "PostgreSQL two nodes / SQLite one node" pg2 sqlite1
