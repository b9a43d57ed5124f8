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
. "$HERE/lib.sh"   # SQLACC (from $1), die, pinning, TMP + cleanup, new_company, start_sqlacc, sig, sign, run_wrk
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
WARMUP="${WARMUP:-2s}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

require_sqlacc
require_wrk
[ -x "$NGINX" ] || die "nginx is not installed (apt-get install nginx-light)"
require_botocore

setup_pinning "servers on core 1, wrk on core 0"
WRK_CPU=("${CLIENT_CPU[@]}")

make_tmp sqlacc-bench
NGINX_PID=""
bench_cleanup_hook() { [ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null; }
FAILURE_LOGS=("nginx error log|$TMP/nginx_error.log")

# --- sqlacc on a sample company with exactly 50 agents -----------------------------------------------
new_company "$TMP/data"
start_sqlacc yes --threads 1

total() { sig "$BASE/agent" | $PY -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])'; }
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

# One header-signed GET /agent, signed now with botocore (host and x-amz-date signed, as curl does),
# replayed by wrk (see wrk/signed_get.lua).
sign_get_agent() {  # signs one GET /agent for the current BASE -> SQLACC_* for wrk
  SIGN_BODY_HASH=no sign GET /agent
  export SQLACC_AMZ_DATE="$(signed_header X-Amz-Date)"
  export SQLACC_AUTHORIZATION="$(signed_header Authorization)"
  export SQLACC_HOST="127.0.0.1:$PORT"
}
sign_get_agent

mkdir -p "$TMP/www"
code="$(replay_once "$TMP/www/agent")"
[ "$code" = 200 ] || die "the pre-signed GET /agent got HTTP $code: $(head -c 300 "$TMP/www/agent")"
BODY_BYTES="$(stat -c %s "$TMP/www/agent")"
code="$(replay_once "$TMP/replay")"
[ "$code" = 200 ] && cmp -s "$TMP/www/agent" "$TMP/replay" || die "replaying the signed request did not give the same 200"

# --- nginx serving the same bytes ------------------------------------------------------------------
NPORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
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
bench() {  # bench LABEL URL [wrk args...] -> prints wrk's report (lib.sh run_wrk), sets RPS
  local label="$1" url="$2"; shift 2
  run_wrk "$label" "$label: wrk -t1 -c$CONNECTIONS -d$DURATION $* $url" "$url" "$@"
}

echo "machine: $(nproc) cores, $(cpu_model); $PINNING"
echo "response body: $BODY_BYTES bytes (50 agents)"
bench sqlacc "$BASE/agent" -s "$HERE/wrk/signed_get.lua"
SQLACC_RPS="$RPS"
# The same with the read cache off: every request runs the key lookup and the list query.
stop_sqlacc
start_sqlacc yes --threads 1 --no-read-cache
sign_get_agent
bench sqlacc_nocache "$BASE/agent" -s "$HERE/wrk/signed_get.lua"
NOCACHE_RPS="$RPS"
bench nginx "http://127.0.0.1:$NPORT/agent"
NGINX_RPS="$RPS"

RATIO="$(ratio "$SQLACC_RPS" "$NGINX_RPS")"
NOCACHE_RATIO="$(ratio "$NOCACHE_RPS" "$NGINX_RPS")"
echo
echo "sqlacc (SigV4 GET /agent, 1 thread):          $SQLACC_RPS requests/s"
echo "sqlacc --no-read-cache (same):                $NOCACHE_RPS requests/s"
echo "nginx  (static file, 1 worker):               $NGINX_RPS requests/s"
echo "ratio sqlacc/nginx:                           $RATIO   (target >= 0.5)"
echo "ratio sqlacc --no-read-cache/nginx:           $NOCACHE_RATIO"
echo "| $(date -u +%Y-%m-%d) | $(nproc) cores, $PINNING | $BODY_BYTES | $SQLACC_RPS | $NOCACHE_RPS | $NGINX_RPS | $RATIO | $NOCACHE_RATIO |"
