#!/usr/bin/env bash
# Backends, nodes and companies: signed `GET /agent` and `POST /salesinvoice` (5 lines) throughput
# with wrk, all in one run, each config on fresh companies, then the ratios. A config is named
# BACKEND NODES [xCOMPANIES] [net]:
#   sqlite1   one node on SQLite (the default store)
#   pg1       one node on PostgreSQL (a throw-away cluster this script starts)
#   pg2       two nodes on that PostgreSQL behind haproxy (deploy/haproxy.cfg, round robin)
#   sqlite2   two nodes on one SQLite data dir (WAL, shared file) behind the same haproxy
#   pg1x4     one node, four companies c1..c4 (schemas of one database, each with its own key): one
#             wrk per company at once, CONNECTIONS split between them (32 -> 8 each); the rate is
#             the sum
#   pg2x4     two nodes, four companies, no haproxy: each node gets one wrk per company, so every
#             company is posted to through both nodes (32 connections -> 4 per node and company);
#             SPREAD=split instead posts company k through node 1 + k mod 2 only (8 connections each)
#   ...net    PostgreSQL configs only (pg1net, pg1x4net, pg2x4net, ...): the nodes reach
#             PostgreSQL over a round trip of NET_RTT_US (default 1000 µs): netem on a veth into a
#             network namespace when the kernel has netem, else bench/delay_proxy (see
#             bench/net_delay.sh; the output says which, and the round trip of `SELECT 1` measured)
# After the table it prints issue 14's goals G1-G4 (POST rates) for the configs it measured.
# Nothing is pinned: wrk, haproxy, the nodes, the delay proxy and postgres share all the machine's
# cores (on 2 cores a second node adds no CPU; see bench/README.md). During every measurement the
# CPU time of each part is read from /proc, as % of one core.
#
# Usage: bench/run_backends.sh [build/sqlacc]
#   env: DURATION=8s WARMUP=2s CONNECTIONS=32 CONFIGS="sqlite1 pg1 pg2 sqlite2"
#        REQUESTS="get get_nocache post" (get_nocache: GET /agent with serve --no-read-cache)
#        SERVE_ARGS="..." (every node)  PG_SERVE_ARGS="..." (PostgreSQL nodes, e.g. "--db-pool 8")
#        PG_SETTINGS="synchronous_commit=off ..." (postgres -c settings of the throw-away cluster;
#        max_connections is PG_MAX_CONNECTIONS, default 300, for two nodes × four companies)
#        NET_RTT_US=1000 NET_DELAY=auto|netem|proxy DELAY_PROXY=build/bench/delay_proxy
#        SPREAD=all|split (two nodes and several companies: every node posts to every company, or
#        each company through one node)
#        KEEP_DATA=1 (keep the temp dir), KEEP_PG=1 (keep the cluster's dir)
# Needs: wrk, curl, haproxy, /usr/bin/python3 with python3-botocore, PostgreSQL (Debian package
# postgresql; the script runs initdb/pg_ctl itself, as the postgres user when run as root), and an
# sqlacc that knows `--db` for the pg configs; for *net iproute2 (netem) or bench/delay_proxy.
# Each GET replays one botocore-signed request (bench/wrk/signed_request.lua; full SigV4 check per
# request), each POST one signed invoice without docno (a new invoice per request). After the POSTs
# the script checks for each company that the number created matches wrk's count (on PostgreSQL it
# also prints the commits and the invoices per commit: the group commit's batches) and that the
# invoice numbers are IV-00001..IV-n without a gap, and runs `sqlacc verify` on each company.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"                        # SQLACC (from $1), die, require_*, make_tmp, sign, sig, replay_once, to_ms, ratio
# shellcheck source=deploy/pg-throwaway.sh
. "$HERE/../deploy/pg-throwaway.sh"     # pg_start, pg_stop, free_port, wait_http
# shellcheck source=bench/net_delay.sh
. "$HERE/net_delay.sh"                  # choose_net_method, netns_up/down, proxy_up/down, pg_rtt_ms
DURATION="${DURATION:-8s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-32}"
CONFIGS="${CONFIGS:-sqlite1 pg1 pg2 sqlite2}"
REQUESTS="${REQUESTS:-get get_nocache post}"
SPREAD="${SPREAD:-all}"
case "$SPREAD" in all|split) ;; *) die "SPREAD=$SPREAD: expected all or split" ;; esac
read -r -a PG_SETTINGS_ARR <<<"${PG_SETTINGS:-}"
RTT_MS="$(awk -v u="$NET_RTT_US" 'BEGIN { printf "%g", u / 1000 }')"   # for the labels

# parse_config CONFIG -> BACKEND (sqlite|pg), NODES, COMPANIES, NET (yes or empty), HAPROXY (yes
# for two nodes on one company: the old pg2/sqlite2), COMPANY_IDS (main, or c1..cN)
parse_config() {
  [[ "$1" =~ ^(sqlite|pg)([12])(x([1-9][0-9]*))?(net)?$ ]] ||
    die "unknown config $1 (BACKEND NODES [xCOMPANIES] [net], e.g. sqlite1 pg1 pg2 sqlite2 pg1x4 pg1net pg1x4net pg2x4net)"
  BACKEND="${BASH_REMATCH[1]}" NODES="${BASH_REMATCH[2]}" COMPANIES="${BASH_REMATCH[4]:-1}"
  NET="${BASH_REMATCH[5]:+yes}" HAPROXY=""
  [ "$BACKEND" = sqlite ] && [ -n "$NET" ] && die "$1: the network delay is between nodes and PostgreSQL"
  COMPANY_IDS=(main)
  if [ -n "${BASH_REMATCH[3]}" ]; then
    COMPANY_IDS=()
    for k in $(seq "$COMPANIES"); do COMPANY_IDS+=("c$k"); done
  elif [ "$NODES" = 2 ]; then
    HAPROXY=yes
  fi
}

label() {  # label: the setup's name in the tables, from parse_config
  local s=SQLite
  [ "$BACKEND" = pg ] && s=PostgreSQL
  [ "$BACKEND" = sqlite ] && [ "$NODES" = 2 ] && s+=" (one file)"
  if [ "$NODES" = 1 ]; then s+=", one node"; elif [ -n "$HAPROXY" ]; then s+=", two nodes + haproxy"; else s+=", two nodes"; fi
  [ "$COMPANIES" -gt 1 ] && s+=", $COMPANIES companies"
  [ "$COMPANIES" -gt 1 ] && [ "$NODES" -gt 1 ] && [ "$SPREAD" = split ] && s+=" split between the nodes"
  [ -n "$NET" ] && s+=", $RTT_MS ms round trip to PostgreSQL ($NET_METHOD)"
  echo "$s"
}

require_sqlacc
require_wrk
require_curl
require_botocore
command -v haproxy >/dev/null || die "haproxy is not installed (apt-get install haproxy)"
[[ " $CONFIGS " == *" pg"* ]] && { pg_bin_dir >/dev/null || die "PostgreSQL is not installed"; }
for cfg in $CONFIGS; do parse_config "$cfg"; done   # fail on a typo before anything starts

make_tmp sqlacc-backends
NODE_PIDS=() HAPROXY_PID="" WRK_PIDS=()   # WRK_PIDS: wrk running, ended if the script stops early
stop_nodes() {
  local p
  [ -n "$HAPROXY_PID" ] && { kill -TERM "$HAPROXY_PID" 2>/dev/null; wait "$HAPROXY_PID" 2>/dev/null || true; }
  HAPROXY_PID=""
  for p in "${NODE_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${NODE_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  NODE_PIDS=()
}
stop_wrks() {
  local p
  for p in "${WRK_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  WRK_PIDS=()
}
bench_cleanup_hook() { stop_wrks; stop_nodes; pg_stop; proxy_down; netns_down; }
FAILURE_LOGS=("node 1|$TMP/node1.log" "node 2|$TMP/node2.log" "haproxy|$TMP/haproxy.log"
  "delay proxy|$TMP/delay_proxy.log")

unset SQLACC_DB   # the sqlite configs must not pick a database up from the environment
# One master key for every node and CLI call (the API secrets in a shared database are encrypted
# with it).
SQLACC_MASTER_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
export SQLACC_MASTER_KEY

# --- PostgreSQL and the network delay ----------------------------------------------------------------
# pg_ensure: the cluster this config needs, started (or moved) once: on the host, or for a *net
# config with netem inside the delayed namespace (the other configs need it on loopback, so it
# moves back and forth when both kinds alternate in CONFIGS). With the proxy method
# the cluster stays on the host and the proxy is started in front of it.
PG_WHERE="" NET_DESC=""
pg_ensure() {
  local want=host
  if [ -n "$NET" ]; then
    [ -n "$NET_METHOD" ] || choose_net_method
    [ "$NET_METHOD" = netem ] && want=netns
  fi
  if [ -z "$PG_DIR" ] || [ "$PG_WHERE" != "$want" ]; then
    pg_stop
    if [ "$want" = netns ]; then
      netns_up
      PG_NETNS="$NET_NS" PG_HOST="$NET_NS_IP"
    else
      PG_NETNS="" PG_HOST=127.0.0.1
    fi
    pg_start "max_connections=${PG_MAX_CONNECTIONS:-300}" "${PG_SETTINGS_ARR[@]}" || die "could not start PostgreSQL"
    PG_WHERE="$want"
    echo "PostgreSQL: $("$(pg_bin_dir)/postgres" --version), $PG_DIR, $PG_HOST:$PG_PORT${PG_NETNS:+ in namespace $PG_NETNS}${PG_SETTINGS:+, $PG_SETTINGS}"
    [ "$want" = netns ] && report_delay ip netns exec "$NET_NS" "$PG_HOST" "$PG_PORT"
  fi
  if [ -n "$NET" ] && [ "$NET_METHOD" = proxy ] && [ -z "$PROXY_PID" ]; then
    proxy_up "$PG_HOST" "$PG_PORT"
    report_delay "$PG_HOST" "$PG_PORT"
  fi
  return 0
}
# report_delay [PREFIX...] HOST PORT: the round trip of `SELECT 1` without the delay (from inside
# the namespace, or straight to the server) and with it (from the host, or through the proxy).
report_delay() {
  local direct delayed
  direct="$(pg_rtt_ms "$@")"
  if [ "$NET_METHOD" = proxy ]; then delayed="$(pg_rtt_ms 127.0.0.1 "$PROXY_PORT")"
  else delayed="$(pg_rtt_ms "${@: -2:1}" "${@: -1}")"; fi
  local how="tc netem, $((NET_RTT_US / 2)) µs on each end of a veth into namespace $NET_NS"
  [ "$NET_METHOD" = proxy ] && how="bench/delay_proxy, $((NET_RTT_US / 2)) µs each way ($NET_WHY)"
  NET_DESC="$how; psql \\timing of \`SELECT 1\` (median of 50): ${direct} ms without, ${delayed} ms with the delay ($(awk -v a="$delayed" -v b="$direct" 'BEGIN { printf "%+.2f", a - b }') ms)"
  echo "network delay: $NET_DESC"
}

# --- companies, nodes, haproxy -------------------------------------------------------------------
# setup_config CONFIG -> DATA, DBARGS (the nodes' --db URL, through the delay for *net), CLI_DBARGS
# (the same database without the proxy, for the CLI and checks), DBNAME, AKS[k], SKS[k]: fresh
# sample companies COMPANY_IDS, each with user BENCH and its key (a new database per PostgreSQL
# config, a new data dir per SQLite config).
setup_config() {
  DATA="$TMP/$1"
  mkdir -p "$DATA"
  DBARGS=() CLI_DBARGS=() AKS=() SKS=() DBNAME=""
  if [ "$BACKEND" = pg ]; then
    pg_ensure
    DBNAME="bench_$1"
    psql -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d sqlacc -c "CREATE DATABASE $DBNAME" >/dev/null
    CLI_DBARGS=(--db "postgres://postgres@$PG_HOST:$PG_PORT/$DBNAME")
    DBARGS=("${CLI_DBARGS[@]}")
    [ -n "$NET" ] && [ "$NET_METHOD" = proxy ] && DBARGS=(--db "postgres://postgres@127.0.0.1:$PROXY_PORT/$DBNAME")
  fi
  local id key
  for id in "${COMPANY_IDS[@]}"; do
    "$SQLACC" "${CLI_DBARGS[@]}" --data "$DATA" --company "$id" init --sample >/dev/null
    "$SQLACC" "${CLI_DBARGS[@]}" --data "$DATA" --company "$id" user add BENCH --name "Benchmark API user" >/dev/null
    key="$("$SQLACC" "${CLI_DBARGS[@]}" --data "$DATA" --company "$id" apikey generate BENCH --json)"
    AKS+=("$(printf '%s' "$key" | $PY -c 'import json,sys; print(json.load(sys.stdin)["access_key"])')")
    SKS+=("$(printf '%s' "$key" | $PY -c 'import json,sys; print(json.load(sys.stdin)["secret_key"])')")
  done
}

# start_node N [serve args...] -> NODE_PORT[N]; serves DATA (and DBARGS) on a free port. A node
# serves every company of its database (the access key names the company); --company only picks
# the one whose master-key check and admin console it starts with, needed when there are several.
declare -A NODE_PORT
start_node() {
  local n="$1"; shift
  local extra=()
  [ ${#DBARGS[@]} -gt 0 ] && read -r -a extra <<<"${PG_SERVE_ARGS:-}"
  : >"$TMP/node$n.log"
  # shellcheck disable=SC2086  # SERVE_ARGS: extra serve options, split on purpose
  "$SQLACC" "${DBARGS[@]}" --data "$DATA" --company "${COMPANY_IDS[0]}" serve --quiet --listen 127.0.0.1:0 \
    "$@" "${extra[@]}" ${SERVE_ARGS:-} \
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

# start_config [serve args...] -> the nodes (and haproxy), BASE (haproxy or node 1: where the
# checks ask), and the wrk targets T_BASE[i], T_COMPANY[i] (index into COMPANY_IDS), T_CONN[i]:
# one target through haproxy, else one per node and company (SPREAD=split: company k only through
# node 1 + k mod NODES), CONNECTIONS split evenly.
start_config() {
  local n k i
  for n in $(seq "$NODES"); do start_node "$n" "$@"; done
  T_BASE=() T_COMPANY=() T_CONN=()
  if [ -n "$HAPROXY" ]; then
    start_haproxy
    T_BASE=("$BASE") T_COMPANY=(0) T_CONN=("$CONNECTIONS")
    return 0
  fi
  BASE="http://127.0.0.1:${NODE_PORT[1]}"
  for n in $(seq "$NODES"); do
    for k in "${!COMPANY_IDS[@]}"; do
      [ "$SPREAD" = split ] && [ $((k % NODES + 1)) != "$n" ] && continue
      T_BASE+=("http://127.0.0.1:${NODE_PORT[$n]}") T_COMPANY+=("$k")
    done
  done
  local count=${#T_BASE[@]}
  [ "$CONNECTIONS" -ge "$count" ] || die "CONNECTIONS=$CONNECTIONS is fewer than the $count wrk processes"
  for i in "${!T_BASE[@]}"; do T_CONN+=($((CONNECTIONS / count + (i < CONNECTIONS % count ? 1 : 0)))); done
}

# sign_targets METHOD PATH [BODYFILE]: one signed request per target ($TMP/headers_I.txt: the Host
# is signed, so each node needs its own), each replayed once to check it is answered 200.
sign_targets() {
  local i code
  for i in "${!T_BASE[@]}"; do
    BASE="${T_BASE[i]}" AK="${AKS[T_COMPANY[i]]}" SK="${SKS[T_COMPANY[i]]}" sign "$@"
    mv "$TMP/headers.txt" "$TMP/headers_$i.txt"
    code="$(SQLACC_HEADERS_FILE="$TMP/headers_$i.txt" BASE="${T_BASE[i]}" replay_once "$TMP/reply.json")"
    [ "$code" = 200 ] || die "$cfg: signed $1 $2 to ${T_BASE[i]} (company ${COMPANY_IDS[T_COMPANY[i]]}) got HTTP $code: $(head -c 300 "$TMP/reply.json")"
  done
}

# --- CPU accounting ----------------------------------------------------------------------------------
# cpu_snap FILE: CPU ticks (utime+stime) of the nodes, of postgres (postmaster and all its
# descendants), of haproxy, of the delay proxy, of this script's reaped children (wrk:
# cutime+cstime of $$), and the machine's busy and total ticks from /proc/stat.
cpu_snap() {
  local pm=""
  [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ] && pm="$(head -1 "$PG_DIR/data/postmaster.pid")"
  $PY - "$1" "${NODE_PIDS[*]}" "$pm" "$HAPROXY_PID" "$PROXY_PID" "$$" <<'PYEOF'
import os, sys, json
out, nodes, pm, hap, proxy, me = sys.argv[1], sys.argv[2].split(), *sys.argv[3:7]
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
own = lambda p: stat[p][1] if p in stat else 0
cpu = [int(x) for x in open('/proc/stat').readline().split()[1:]]
r = {'sqlacc': sum(own(p) for p in nodes), 'postgres': tree(pm), 'haproxy': own(hap),
     'proxy': own(proxy), 'wrk': stat[me][2] if me in stat else 0,
     'busy': sum(cpu) - cpu[3] - cpu[4], 'all': sum(cpu)}
json.dump(r, open(out, 'w'))
PYEOF
}
# cpu_diff BEFORE AFTER SECONDS -> CPU="sqlacc X% · postgres Y% · haproxy Z% · proxy P% · wrk W% ·
# other O% · machine B% of N×100%": "other" is the busy time of everything else (other users'
# processes, interrupts, the bench script's own helpers): when it is large the figures are not clean.
cpu_diff() {
  CPU="$($PY - "$1" "$2" "$3" "$(getconf CLK_TCK)" "$(nproc)" <<'PYEOF'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
secs, hz, n = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
pc = lambda k: (b[k] - a[k]) / hz / secs * 100
ours = ('sqlacc', 'postgres', 'haproxy', 'proxy', 'wrk')
parts = [f"{k} {pc(k):.0f}%" for k in ours if b[k] - a[k] > 0]
busy = (b['busy'] - a['busy']) / max(1, b['all'] - a['all']) * 100 * n
others = max(0.0, busy - sum(pc(k) for k in ours))   # other processes and the kernel's own work
print(' · '.join(parts) + f" · other {others:.0f}% · machine {busy:.0f}% of {n * 100}%")
PYEOF
)"
}

# --- wrk ---------------------------------------------------------------------------------------------
# run_wrks DURATION PREFIX [wrk args...]: one wrk per target at once (T_CONN[i] connections each,
# its own signed request), reports in PREFIX.I.txt.
run_wrks() {
  local d="$1" out="$2" i
  shift 2
  for i in "${!T_BASE[@]}"; do
    SQLACC_HEADERS_FILE="$TMP/headers_$i.txt" wrk -t1 -c"${T_CONN[i]}" -d"$d" "$@" \
      -s "$HERE/wrk/signed_request.lua" "${T_BASE[i]}$SQLACC_PATH" >"$out.$i.txt" &
    WRK_PIDS+=($!)
  done
  for i in "${!WRK_PIDS[@]}"; do wait "${WRK_PIDS[i]}" || die "wrk $i failed: $(cat "$out.$i.txt")"; done
  WRK_PIDS=()
}
# measure NAME HEADING: warm-up, then the measured run of every target with CPU accounting. Sets
# RPS and REQS (sums), T_REQS[i] and T_OK[i] (2xx) per target, P50 and P99 (ms; with several wrk
# processes the highest of theirs), NON2XX, NOTE. Unlike lib.sh's wrk_measure a non-2xx answer is
# recorded, not fatal: two SQLite nodes writing one file may answer errors, and that is a result.
secs() { awk -v d="$1" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print n }'; }
measure() {
  local name="$1" heading="$2" i out n=${#T_BASE[@]}
  run_wrks "$WARMUP" "$TMP/wrk_warm"
  [ -n "${BEFORE_RUN:-}" ] && "$BEFORE_RUN"
  cpu_snap "$TMP/cpu_a.json"
  run_wrks "$DURATION" "$TMP/wrk_$name" --latency
  cpu_snap "$TMP/cpu_b.json"
  cpu_diff "$TMP/cpu_a.json" "$TMP/cpu_b.json" "$(secs "$DURATION")"
  echo "=== $heading"
  RPS=0 REQS=0 P50=0 P99=0 NON2XX=0 NOTE="" T_REQS=() T_OK=()
  local errs="" rps reqs non2xx e
  for i in "${!T_BASE[@]}"; do
    out="$TMP/wrk_$name.$i.txt"
    [ "$n" -gt 1 ] && echo "--- wrk $((i + 1)) of $n: ${T_BASE[i]}, company ${COMPANY_IDS[T_COMPANY[i]]}, -c${T_CONN[i]}"
    cat "$out"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
    reqs="$(awk '/requests in/ {print $1}' "$out")"
    [ -n "$rps" ] && [ -n "$reqs" ] || die "cannot read wrk's report $out"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")"
    e="$(sed -n 's/^ *Socket errors: //p' "$out")"
    [ -n "$e" ] && errs="${errs:+$errs; }$e"
    T_REQS+=("$reqs") T_OK+=($((reqs - ${non2xx:-0})))
    RPS="$(awk -v a="$RPS" -v b="$rps" 'BEGIN { printf "%.2f", a + b }')"
    REQS=$((REQS + reqs)) NON2XX=$((NON2XX + ${non2xx:-0}))
    P50="$(awk -v a="$P50" -v b="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")" 'BEGIN { print (b > a ? b : a) }')"
    P99="$(awk -v a="$P99" -v b="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")" 'BEGIN { print (b > a ? b : a) }')"
  done
  echo "CPU (% of one core): $CPU"
  [ "$n" -gt 1 ] && NOTE="$n wrk processes at once (req/s summed, p50/p99 the highest of them)"
  [ "$NON2XX" -gt 0 ] && NOTE="${NOTE:+$NOTE; }**$NON2XX non-2xx**"
  [ -n "$errs" ] && NOTE="${NOTE:+$NOTE; }socket errors: $errs"
  if [ -n "$DBNAME" ]; then  # the nodes' pooled connections stay open: this is what they opened
    local conns
    conns="$(psql -Atq -h "$PG_HOST" -p "$PG_PORT" -U postgres -d sqlacc -c \
      "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DBNAME'")"
    NOTE="${NOTE:+$NOTE; }$conns PostgreSQL connections"
  fi
  return 0
}

invoice_total() {  # invoice_total K: company K's invoices, as the API counts them
  AK="${AKS[$1]}" SK="${SKS[$1]}" sig "$BASE/salesinvoice?limit=1" |
    $PY -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])'
}
settled_total() {  # settled_total K: once requests in flight have finished
  local a b
  b="$(invoice_total "$1")"
  while sleep 0.3; a="$b"; b="$(invoice_total "$1")"; [ "$a" != "$b" ]; do :; done
  echo "$b"
}
# commit_count K: company K's change counter (PostgreSQL: one per committed write transaction,
# so a group commit's batches); empty on SQLite.
commit_count() {
  [ "$BACKEND" = pg ] || return 0
  psql -Atq -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$DBNAME" -c \
    "SELECT n FROM sqlacc_${COMPANY_IDS[$1]}.sqlacc_change"
}
record_before() {
  local k
  BEFORE_TOTAL=() BEFORE_COMMITS=()
  for k in "${!COMPANY_IDS[@]}"; do
    BEFORE_TOTAL+=("$(settled_total "$k")")
    BEFORE_COMMITS+=("$(commit_count "$k")")
  done
}

# check_numbering K: company K's invoices are numbered IV-00001..IV-n without a gap or a duplicate
# (read from its database, not through the API).
check_numbering() {
  local id="${COMPANY_IDS[$1]}" counts
  if [ "$BACKEND" = pg ]; then
    counts="$(psql -Atq -F' ' -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$DBNAME" -c \
      "SELECT count(*), count(*) FILTER (WHERE docno <> 'IV-' || lpad(n::text, 5, '0'))
         FROM (SELECT docno, row_number() OVER (ORDER BY docno) AS n FROM sqlacc_$id.sl_iv) s")"
  else
    counts="$($PY - "$DATA/companies/$id.db" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True)
print(*db.execute("""SELECT count(*), count(*) FILTER (WHERE docno <> printf('IV-%05d', n))
                       FROM (SELECT docno, row_number() OVER (ORDER BY docno) AS n FROM sl_iv)""").fetchone())
PYEOF
)"
  fi
  read -r total wrong <<<"$counts"
  [ "$wrong" = 0 ] || die "$cfg: company $id: $wrong of its $total invoice numbers are not IV-00001..IV-n in order"
  echo "$cfg: company $id: $total invoices, numbered IV-00001..IV-$(printf '%05d' "$total") without a gap"
}

cat >"$TMP/invoice.json" <<'EOF'
{"code":"300-A0001","docdate":"2026-03-01","description":"wrk invoice","sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35.00","tax":"ST-10"},{"itemcode":"CABLE","qty":"30","unitprice":"1.50","tax":"ST-10"},{"itemcode":"BOX","qty":"12","unitprice":"2.40","tax":"ST-5"},{"itemcode":"INSTALL","qty":"1","unitprice":"150.00","tax":"SV-8"},{"itemcode":"ANT","qty":"1","unitprice":"35.00","tax":"ST-E"}]}
EOF

declare -A R   # R[config.request] = "rps p50 p99"
ROWS=()

run_get() {  # run_get CONFIG REQUEST
  SIGN_BODY_HASH=no sign_targets GET /agent
  BEFORE_RUN="" measure "$1_$2" "$(label): $2 GET /agent ($(stat -c %s "$TMP/reply.json") bytes), wrk -t1 -c$CONNECTIONS -d$DURATION"
}
run_post() {  # run_post CONFIG: and for each company, the invoices created against wrk's count
  sign_targets POST /salesinvoice "$TMP/invoice.json"
  BEFORE_RUN=record_before measure "$1_post" "$(label): POST /salesinvoice (5 lines), wrk -t1 -c$CONNECTIONS -d$DURATION"
  local k i after created ok reqs conns commits
  for k in "${!COMPANY_IDS[@]}"; do
    ok=0 reqs=0 conns=0
    for i in "${!T_BASE[@]}"; do
      [ "${T_COMPANY[i]}" = "$k" ] || continue
      ok=$((ok + T_OK[i])) reqs=$((reqs + T_REQS[i])) conns=$((conns + T_CONN[i]))
    done
    after="$(settled_total "$k")"
    created=$((after - BEFORE_TOTAL[k]))
    # wrk counts completed responses; requests in flight when it stops are created but uncounted.
    [ "$created" -ge "$ok" ] && [ "$created" -le $((reqs + conns)) ] ||
      die "$1: company ${COMPANY_IDS[k]}: wrk counted $ok 2xx responses but the server created $created invoices"
    local batches=""
    if [ "$BACKEND" = pg ]; then  # the group commit's batch size: invoices per commit
      commits=$(($(commit_count "$k") - BEFORE_COMMITS[k]))
      batches="; $commits commits, $(awk -v i="$created" -v c="$commits" 'BEGIN { printf "%.1f", c ? i / c : 0 }') invoices per commit"
    fi
    echo "$1: company ${COMPANY_IDS[k]}: invoices created: $created (wrk: $ok 2xx)$batches"
  done
}

echo "machine: $(nproc) cores, $(cpu_model); nothing pinned (wrk, haproxy, nodes, delay proxy and postgres share the cores); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sqlacc: $SQLACC"
START_S=$SECONDS
for cfg in $CONFIGS; do
  parse_config "$cfg"
  setup_config "$cfg"
  for req in $REQUESTS; do
    case "$req" in
      get) start_config; run_get "$cfg" get ;;
      get_nocache) start_config --no-read-cache; run_get "$cfg" get_nocache ;;
      post) start_config; run_post "$cfg" ;;
      *) die "unknown request $req (get get_nocache post)" ;;
    esac
    R[$cfg.$req]="$RPS $P50 $P99"
    ROWS+=("| $(label) | $req | $RPS | $P50 | $P99 | $CPU | ${NOTE:-} |")
    stop_nodes
  done
  for k in "${!COMPANY_IDS[@]}"; do
    check_numbering "$k"
    if "$SQLACC" "${CLI_DBARGS[@]}" --data "$DATA" --company "${COMPANY_IDS[k]}" verify >"$TMP/verify.txt" 2>&1; then
      echo "$cfg: company ${COMPANY_IDS[k]}: sqlacc verify: ledger OK"
    else cat "$TMP/verify.txt"; die "$cfg: company ${COMPANY_IDS[k]}: sqlacc verify failed"; fi
  done
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
# goal_row NAME WHAT A B MIN: issue 14's goal NAME, POST req/s of config A over config B >= MIN
goal_row() {
  [ -n "${R[$3.post]:-}" ] && [ -n "${R[$4.post]:-}" ] || return 0
  local r1 r2 r verdict
  read -r r1 _ <<<"${R[$3.post]}"
  read -r r2 _ <<<"${R[$4.post]}"
  r="$(ratio "$r1" "$r2")"
  verdict="$(awk -v r="$r" -v m="$5" 'BEGIN { print (r + 0 >= m + 0 ? "met" : "not met") }')"
  echo "| $1 | $2 | $3 / $4 | $r1 / $r2 | ×$r | ≥ ×$5 | $verdict |"
}

echo
echo "Results ($(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, $(cpu_model); wrk -t1 -c$CONNECTIONS -d$DURATION after $WARMUP warm-up (several wrk processes split the connections); latency in ms; CPU in % of one core, summed over the processes of each part; whole run $((SECONDS - START_S)) s):"
[ -n "$NET_DESC" ] && echo "Network delay of the *net configs: $NET_DESC."
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
GOALS="$(
  goal_row G1 "PostgreSQL / SQLite, one node, one company" pg1 sqlite1 0.6
  goal_row G2 "four companies at once / one company, PostgreSQL, one node" pg1x4 pg1 1.5
  goal_row G3 "PostgreSQL over a $RTT_MS ms round trip / SQLite, one node, one company" pg1net sqlite1 0.4
  goal_row G4 "two nodes / one node, four companies, $RTT_MS ms round trip" pg2x4net pg1x4net 1.5
)"
if [ -n "$GOALS" ]; then
  echo
  echo "Issue 14's goals (POST /salesinvoice req/s, this run):"
  echo
  echo "| goal | what | configs | req/s | ratio | goal | |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  echo "$GOALS"
fi
