#!/usr/bin/env bash
# HTTP throughput of a SigV4-signed `GET /agent` (50 agents) on `sqlacc serve --threads 1`, against nginx
# serving the same response bytes from a static file. Both servers pinned to core 1, wrk to core 0
# (when taskset and 2+ cores exist). Prints requests/s of each and the ratio sqlacc/nginx.
#
# Usage: bench/run_http.sh [build/sqlacc]      (env: DURATION=10s CONNECTIONS=32 WARMUP=2s;
#        SQLACC_WRAPPER='perf record -g -o /tmp/sqlacc.perf' profiles the server)
# Needs: wrk, nginx (Debian nginx-light), curl, /usr/bin/python3 with python3-botocore.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SQLACC="${1:-build/sqlacc}"
case "$SQLACC" in /*) ;; *) SQLACC="$(pwd)/$SQLACC" ;; esac
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
WARMUP="${WARMUP:-2s}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

die() { echo "run_http.sh: $*" >&2; exit 1; }
[ -x "$SQLACC" ] || die "sqlacc binary not found: $SQLACC (build it: cmake --build build --target sqlacc)"
command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
[ -x "$NGINX" ] || die "nginx is not installed (apt-get install nginx-light)"
/usr/bin/python3 -c 'import botocore' 2>/dev/null || die "python3-botocore is not installed"

SERVER_CPU=() CLIENT_CPU=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  SERVER_CPU=(taskset -c 1) CLIENT_CPU=(taskset -c 0)
  PINNING="servers on core 1, wrk on core 0"
else
  PINNING="no pinning (taskset missing or 1 core)"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sqlacc-bench.XXXXXX")"
DATA="$TMP/data"
SQLACC_PID="" NGINX_PID=""
cleanup() {
  local rc=$?
  [ -n "$SQLACC_PID" ] && kill -TERM "$SQLACC_PID" 2>/dev/null && wait "$SQLACC_PID" 2>/dev/null
  [ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  if [ "$rc" -ne 0 ]; then
    echo "--- sqlacc log (tail) ---" >&2; tail -n 20 "$TMP/sqlacc.log" 2>/dev/null >&2 || true
    echo "--- nginx error log (tail) ---" >&2; tail -n 20 "$TMP/nginx_error.log" 2>/dev/null >&2 || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- sqlacc on a sample company with exactly 50 agents -----------------------------------------------
"$SQLACC" --data "$DATA" init --sample >/dev/null
"$SQLACC" --data "$DATA" user add BENCH --name "Benchmark API user" >/dev/null
KEY="$("$SQLACC" --data "$DATA" apikey generate BENCH --json)"
AK="$(printf '%s' "$KEY" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access_key"])')"
SK="$(printf '%s' "$KEY" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["secret_key"])')"

start_sqlacc() {  # start_sqlacc [serve args...] -> SQLACC_PID, PORT, BASE
  : >"$TMP/sqlacc.log"
  "${SERVER_CPU[@]}" ${SQLACC_WRAPPER:-} "$SQLACC" --data "$DATA" serve --quiet --threads 1 --listen 127.0.0.1:0 "$@" >"$TMP/sqlacc.log" 2>&1 &
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
stop_sqlacc() { kill -TERM "$SQLACC_PID" 2>/dev/null && wait "$SQLACC_PID" 2>/dev/null || true; SQLACC_PID=""; }
start_sqlacc

sig() { curl -sS --fail-with-body --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "$AK:$SK" "$@"; }
total() { sig "$BASE/agent" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])'; }
n="$(total)"
[ "$n" -le 50 ] || die "the sample company already has $n agents (> 50)"
i=0
while [ "$n" -lt 50 ]; do
  i=$((i + 1))
  code="$(printf 'BENCH%03d' "$i")"
  sig -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"code\":\"$code\",\"description\":\"Benchmark agent $i\",\"isactive\":true}" \
    "$BASE/agent" >/dev/null || die "POST /agent $code failed"
  n=$((n + 1))
done
[ "$(total)" = 50 ] || die "expected exactly 50 agents, the server reports $(total)"

# One header-signed GET /agent, signed now with botocore, replayed by wrk (see wrk/signed_get.lua).
sign_get_agent() {  # signs one GET /agent for the current BASE -> SQLACC_* for wrk
SIGNED="$(BASE="$BASE" AK="$AK" SK="$SK" /usr/bin/python3 - <<'PYEOF'
import os
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
req = AWSRequest(method='GET', url=os.environ['BASE'] + '/agent')
SigV4Auth(Credentials(os.environ['AK'], os.environ['SK']), 'sqlaccount', 'ap-southeast-5').add_auth(req)
print(req.headers['X-Amz-Date'])
print(req.headers['Authorization'])
PYEOF
)"
export SQLACC_AMZ_DATE="${SIGNED%%$'\n'*}"
export SQLACC_AUTHORIZATION="${SIGNED#*$'\n'}"
export SQLACC_HOST="127.0.0.1:$PORT"
export SQLACC_PATH=/agent
}
sign_get_agent

mkdir -p "$TMP/www"
code="$(curl -sS -o "$TMP/www/agent" -w '%{http_code}' -H "X-Amz-Date: $SQLACC_AMZ_DATE" \
          -H "Authorization: $SQLACC_AUTHORIZATION" "$BASE/agent")"
[ "$code" = 200 ] || die "the pre-signed GET /agent got HTTP $code: $(head -c 300 "$TMP/www/agent")"
BODY_BYTES="$(stat -c %s "$TMP/www/agent")"
code="$(curl -sS -o "$TMP/replay" -w '%{http_code}' -H "X-Amz-Date: $SQLACC_AMZ_DATE" \
          -H "Authorization: $SQLACC_AUTHORIZATION" "$BASE/agent")"
[ "$code" = 200 ] && cmp -s "$TMP/www/agent" "$TMP/replay" || die "replaying the signed request did not give the same 200"

# --- nginx serving the same bytes ------------------------------------------------------------------
NPORT="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user $(id -un) $(id -gn);"   # workers as the current user, not nobody
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<EOF
$USER_LINE
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx_error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $TMP/nginx/client_body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NPORT;
    root $TMP/www;
    location / { }
  }
}
EOF
"${SERVER_CPU[@]}" "$NGINX" -e "$TMP/nginx_error.log" -p "$TMP/nginx" -c "$TMP/nginx.conf" &
NGINX_PID=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$NPORT/agent" && break
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited: $(cat "$TMP/nginx_error.log")"
  sleep 0.1
done
curl -sS -o "$TMP/from_nginx" -D "$TMP/nginx_headers" "http://127.0.0.1:$NPORT/agent"
cmp -s "$TMP/www/agent" "$TMP/from_nginx" || die "nginx does not serve the same bytes"
grep -qi '^Content-Type: application/json' "$TMP/nginx_headers" || die "nginx Content-Type is not application/json"

# --- wrk --------------------------------------------------------------------------------------------
run_wrk() {  # run_wrk LABEL URL [wrk args...] -> prints wrk's report, sets RPS
  local label="$1" url="$2"; shift 2
  "${CLIENT_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null
  "${CLIENT_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" >"$TMP/wrk_$label.txt"
  echo "=== $label: wrk -t1 -c$CONNECTIONS -d$DURATION $* $url"
  cat "$TMP/wrk_$label.txt"
  if grep -q 'Non-2xx or 3xx responses' "$TMP/wrk_$label.txt"; then
    die "$label answered non-2xx responses: the numbers are not valid"
  fi
  RPS="$(awk '/^Requests\/sec:/ {print $2}' "$TMP/wrk_$label.txt")"
  [ -n "$RPS" ] || die "cannot read Requests/sec from wrk"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $PINNING"
echo "response body: $BODY_BYTES bytes (50 agents)"
run_wrk sqlacc "$BASE/agent" -s "$HERE/wrk/signed_get.lua"
SQLACC_RPS="$RPS"
# The same with the read cache off: every request runs the key lookup and the list query.
stop_sqlacc
start_sqlacc --no-read-cache
sign_get_agent
run_wrk sqlacc_nocache "$BASE/agent" -s "$HERE/wrk/signed_get.lua"
NOCACHE_RPS="$RPS"
run_wrk nginx "http://127.0.0.1:$NPORT/agent"
NGINX_RPS="$RPS"

RATIO="$(awk -v a="$SQLACC_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.2f", a / b }')"
NOCACHE_RATIO="$(awk -v a="$NOCACHE_RPS" -v b="$NGINX_RPS" 'BEGIN { printf "%.2f", a / b }')"
echo
echo "sqlacc (SigV4 GET /agent, 1 thread):          $SQLACC_RPS requests/s"
echo "sqlacc --no-read-cache (same):                $NOCACHE_RPS requests/s"
echo "nginx  (static file, 1 worker):               $NGINX_RPS requests/s"
echo "ratio sqlacc/nginx:                           $RATIO   (target >= 0.5)"
echo "ratio sqlacc --no-read-cache/nginx:           $NOCACHE_RATIO"
echo "| $(date -u +%Y-%m-%d) | $(nproc) cores, $PINNING | $BODY_BYTES | $SQLACC_RPS | $NOCACHE_RPS | $NGINX_RPS | $RATIO | $NOCACHE_RATIO |"
