# Helpers shared by bench/run_http.sh and bench/run_documents.sh; source it, don't run it:
#   HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; . "$HERE/lib.sh"
# The sourcing script sets DURATION, WARMUP and CONNECTIONS (for run_wrk) before using them.
# Provides: SQLACC (absolute path of $1, default build/sqlacc), PY, die, require_* checks,
# setup_pinning (SERVER_CPU, CLIENT_CPU, PINNING), make_tmp (TMP + the cleanup trap), new_company
# (DATA, AK, SK), start_sqlacc / stop_sqlacc (SQLACC_PID, PORT, BASE), sig (signed curl), sign
# (botocore-signed headers for wrk/signed_request.lua), replay_once, to_ms, ratio, wrk_warmup /
# wrk_measure / run_wrk (RPS, REQS, P50, P99), cpu_model.

PY=/usr/bin/python3
SQLACC="${1:-build/sqlacc}"
case "$SQLACC" in /*) ;; *) SQLACC="$(pwd)/$SQLACC" ;; esac

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# --- dependencies ----------------------------------------------------------------------------------
require_sqlacc() {
  [ -x "$SQLACC" ] || die "sqlacc binary not found: $SQLACC (build it: cmake --build build --target sqlacc)"
}
require_wrk() { command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"; }
require_curl() { command -v curl >/dev/null || die "curl is not installed"; }
require_botocore() { $PY -c 'import botocore' 2>/dev/null || die "python3-botocore is not installed"; }

# setup_pinning DESCRIPTION -> SERVER_CPU=(taskset -c 1), CLIENT_CPU=(taskset -c 0) and
# PINNING=DESCRIPTION when taskset and 2+ cores exist; empty arrays and "no pinning ..." otherwise.
setup_pinning() {
  SERVER_CPU=() CLIENT_CPU=()
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU=(taskset -c 1) CLIENT_CPU=(taskset -c 0)
    PINNING="$1"
  else
    PINNING="no pinning (taskset missing or 1 core)"
  fi
}

cpu_model() { grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'; }

# --- temp dir and cleanup --------------------------------------------------------------------------
# make_tmp PREFIX -> TMP (a new dir under ${TMPDIR:-/tmp}) and the EXIT/INT/TERM traps. On exit the
# server is stopped, then the function bench_cleanup_hook runs if the script defines one (to stop
# its other processes); on failure the tail of $TMP/sqlacc.log and of every file listed in
# FAILURE_LOGS ("label|file") is printed. TMP is removed unless KEEP_DATA is set.
SQLACC_PID=""
FAILURE_LOGS=()
make_tmp() {
  TMP="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
bench_cleanup() {
  local rc=$? entry
  stop_sqlacc
  if declare -F bench_cleanup_hook >/dev/null; then bench_cleanup_hook || true; fi
  if [ "$rc" -ne 0 ]; then
    echo "--- sqlacc log (tail) ---" >&2; tail -n 20 "$TMP/sqlacc.log" 2>/dev/null >&2 || true
    for entry in "${FAILURE_LOGS[@]}"; do
      echo "--- ${entry%%|*} (tail) ---" >&2; tail -n 20 "${entry#*|}" 2>/dev/null >&2 || true
    done
  fi
  if [ -n "${KEEP_DATA:-}" ]; then echo "kept: $TMP" >&2; else rm -rf "$TMP"; fi
  exit "$rc"
}

# --- the company and the server --------------------------------------------------------------------
new_company() {  # new_company DIR -> a fresh sample company in DIR, user BENCH; sets DATA, AK, SK
  DATA="$1"
  "$SQLACC" --data "$DATA" init --sample >/dev/null
  "$SQLACC" --data "$DATA" user add BENCH --name "Benchmark API user" >/dev/null
  local key
  key="$("$SQLACC" --data "$DATA" apikey generate BENCH --json)"
  AK="$(printf '%s' "$key" | $PY -c 'import json,sys; print(json.load(sys.stdin)["access_key"])')"
  SK="$(printf '%s' "$key" | $PY -c 'import json,sys; print(json.load(sys.stdin)["secret_key"])')"
}

# start_sqlacc PIN(yes|no) [serve args...] -> serves $DATA on a free port (read from the log);
# sets SQLACC_PID, PORT, BASE. PIN=yes runs it under SERVER_CPU. SQLACC_WRAPPER (e.g.
# 'perf record -g -o /tmp/x.perf') is put in front of the server command.
start_sqlacc() {
  local pin="$1"; shift
  local cpu=()
  [ "$pin" = yes ] && cpu=("${SERVER_CPU[@]}")
  : >"$TMP/sqlacc.log"
  # shellcheck disable=SC2086  # SERVE_ARGS: extra serve options, split on purpose
  "${cpu[@]}" ${SQLACC_WRAPPER:-} "$SQLACC" --data "$DATA" serve --quiet --listen 127.0.0.1:0 "$@" ${SERVE_ARGS:-} \
    >"$TMP/sqlacc.log" 2>&1 &
  SQLACC_PID=$!
  PORT=""
  for _ in $(seq 200); do
    PORT="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$TMP/sqlacc.log" | sed 's/.*://' || true)"
    [ -n "$PORT" ] && break
    kill -0 "$SQLACC_PID" 2>/dev/null || die "sqlacc serve exited before listening"
    sleep 0.1
  done
  [ -n "$PORT" ] || die "sqlacc serve did not start within 20 s"
  BASE="http://127.0.0.1:$PORT"
}
stop_sqlacc() {  # also ends a server that its SQLACC_WRAPPER left behind (perf stat does on TERM)
  [ -n "$SQLACC_PID" ] || return 0
  local kids pid
  kids="$(pgrep -P "$SQLACC_PID" 2>/dev/null || true)"
  kill -TERM "$SQLACC_PID" 2>/dev/null && wait "$SQLACC_PID" 2>/dev/null || true
  for pid in $kids; do kill -TERM "$pid" 2>/dev/null || true; done
  SQLACC_PID=""
}

# --- signed requests -------------------------------------------------------------------------------
sig() { curl -sS --fail-with-body --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "$AK:$SK" "$@"; }

# sign METHOD PATH [BODYFILE] -> $TMP/headers.txt (Host, every signed header and Authorization) for
# wrk/signed_request.lua, and SQLACC_METHOD, SQLACC_PATH, SQLACC_HEADERS_FILE, SQLACC_BODY_FILE;
# signed now with botocore, replayable within the ±15 min window. X-Amz-Content-SHA256 is sent and
# signed unless SIGN_BODY_HASH=no (then the signed headers are host and x-amz-date only).
sign() {
  BASE="$BASE" AK="$AK" SK="$SK" METHOD="$1" RPATH="$2" BODYFILE="${3:-}" OUT="$TMP/headers.txt" \
    BODY_HASH="${SIGN_BODY_HASH:-yes}" $PY - <<'PYEOF'
import hashlib, os
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
body = open(os.environ['BODYFILE'], 'rb').read() if os.environ['BODYFILE'] else b''
headers = {}
if os.environ['BODY_HASH'] != 'no':
    headers['X-Amz-Content-SHA256'] = hashlib.sha256(body).hexdigest()
if body:
    headers['Content-Type'] = 'application/json'
req = AWSRequest(method=os.environ['METHOD'], url=os.environ['BASE'] + os.environ['RPATH'],
                 data=body, headers=headers)
SigV4Auth(Credentials(os.environ['AK'], os.environ['SK']), 'sqlaccount', 'ap-southeast-5').add_auth(req)
with open(os.environ['OUT'], 'w') as f:
    f.write('Host: ' + os.environ['BASE'].split('://', 1)[1] + '\n')
    for k, v in req.headers.items():
        f.write(f'{k}: {v}\n')
PYEOF
  export SQLACC_METHOD="$1" SQLACC_PATH="$2" SQLACC_HEADERS_FILE="$TMP/headers.txt" SQLACC_BODY_FILE="${3:-}"
}
signed_header() { sed -n "s/^$1: //p" "$SQLACC_HEADERS_FILE"; }  # signed_header NAME -> its value

replay_once() {  # replay_once OUTFILE -> prints the HTTP status of one replay of the signed request
  local args=() line
  while IFS= read -r line; do args+=(-H "$line"); done <"$SQLACC_HEADERS_FILE"
  [ -n "$SQLACC_BODY_FILE" ] && args+=(--data-binary "@$SQLACC_BODY_FILE")
  curl -sS -o "$1" -w '%{http_code}' -X "$SQLACC_METHOD" "${args[@]}" "$BASE$SQLACC_PATH"
}

# --- wrk ---------------------------------------------------------------------------------------------
to_ms() {  # wrk latency "812.00us" / "1.23ms" / "1.05s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
                         else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# wrk_warmup NAME URL [wrk args...]: WARMUP seconds of load, under WRK_CPU; fails on non-2xx.
wrk_warmup() {
  local name="$1" url="$2"; shift 2
  "${WRK_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >"$TMP/wrk_warm.txt"
  if grep -q 'Non-2xx or 3xx responses' "$TMP/wrk_warm.txt"; then
    cat "$TMP/wrk_warm.txt"; die "$name (warm-up) answered non-2xx responses"
  fi
}
# wrk_measure NAME HEADING URL [wrk args...]: the measured run (DURATION, --latency, under WRK_CPU)
# into $TMP/wrk_NAME.txt; prints "=== HEADING" and wrk's report; fails on non-2xx; sets RPS, REQS
# and P50, P99 in ms.
wrk_measure() {
  local name="$1" heading="$2" url="$3"; shift 3
  local out="$TMP/wrk_$name.txt"
  "${WRK_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$out"
  echo "=== $heading"
  cat "$out"
  if grep -q 'Non-2xx or 3xx responses' "$out"; then
    die "$name answered non-2xx responses: the numbers are not valid"
  fi
  if grep -q 'Socket errors' "$out"; then echo "WARNING: $name had socket errors (see above)"; fi
  RPS="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  REQS="$(awk '/requests in/ {print $1}' "$out")"
  P50="$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")"
  P99="$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")"
  [ -n "$RPS" ] && [ -n "$REQS" ] || die "cannot read wrk's report for $name"
}
run_wrk() {  # run_wrk NAME HEADING URL [wrk args...]: wrk_warmup, then wrk_measure
  wrk_warmup "$1" "${@:3}"
  wrk_measure "$@"
}
