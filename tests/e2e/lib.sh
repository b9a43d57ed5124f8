# shellcheck shell=bash
# Shared helpers for the end-to-end suites (tests/e2e/test_*.sh).
#
# Usage, at the top of a test script:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
#   start_server                     # init --sample + serve on a free port; exports BASE, PORT
#   make_api_key APIUSER             # user add + apikey generate --json; sets AK, SK
#   http --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "$AK:$SK" "$BASE/agent"
#   expect_status "list agents" 200
#   expect_json "envelope" 'd["pagination"]["offset"] == 0'
#   finish                           # prints "N passed, M failed"; exit status 1 if M > 0
#
# ctest runs every script as `bash tests/e2e/test_X.sh /abs/path/to/sqlacc` (exit 77 = skipped).
# Everything a script creates lives in one temp dir that the EXIT trap removes (KEEP_TMP=1 keeps it),
# after stopping the server, also when the script fails half-way.
# Environment: KEEP_TMP=1 keeps the temp dir (data dir, server logs); E2E_SERVE_ARGS adds serve options
# to every start_server of a run (e.g. E2E_SERVE_ARGS="--threads 1" to rule out cross-thread effects).

set -uo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/../.." && pwd)"
PY=/usr/bin/python3                       # Debian's python: sees python3-botocore
[ -x "$PY" ] || PY=python3

if [ $# -lt 1 ] || [ -z "${1:-}" ]; then
  echo "usage: bash $0 /abs/path/to/sqlacc" >&2
  exit 2
fi
SQLACC="$1"
case "$SQLACC" in /*) ;; *) SQLACC="$(pwd)/$SQLACC" ;; esac
if [ ! -x "$SQLACC" ]; then
  echo "$(basename "$0"): sqlacc binary not found or not executable: $SQLACC" >&2
  exit 2
fi
export SQLACC

TMP="$(mktemp -d "${TMPDIR:-/tmp}/sqlacc-e2e.XXXXXX")"
DATA="$TMP/data"
SERVER_LOG="$TMP/server.1.log"           # one log per start_server: server.1.log, server.2.log, ...
SERVER_RUNS=0
BODY_FILE="$TMP/last_body"
HDR_FILE="$TMP/last_headers"
SERVER_PID=""
SERVER_EXIT=""
BASE=""
PORT=""
PASS=0
FAIL=0
FINISHED=0
STATUS=""
BODY=""
LAST_REQ=""
EXTRA_PIDS=()           # other background processes a script starts (killed on exit)
export TMP DATA SERVER_LOG

# ---------------------------------------------------------------------------------------------------
# Output and counters

_mask() {  # hide the current secret in anything we print
  local s="$*"
  if [ -n "${SK:-}" ]; then s="${s//$SK/<secret>}"; fi
  printf '%s' "$s"
}

log() { echo "# $*"; }

pass() {
  PASS=$((PASS + 1))
  echo "ok - $1"
}

fail() {
  FAIL=$((FAIL + 1))
  echo "FAIL - $1"
  shift
  if [ $# -gt 0 ] && [ -n "$*" ]; then _mask "$*" | sed 's/^/    /'; echo; fi
}

# check NAME cmd... : passes when the command exits 0 (its output is shown only on failure).
check() {
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    pass "$name"
  else
    fail "$name" "command: $*"$'\n'"$out"
  fi
}

# check_not NAME cmd... : passes when the command exits non-zero.
check_not() {
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    fail "$name" "command unexpectedly succeeded: $*"$'\n'"$out"
  else
    pass "$name"
  fi
}

expect_eq() {  # expect_eq NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2"$'\n'"actual:   $3"; fi
}

_last_exchange() {
  printf 'request: %s\nstatus: %s\nbody: %s' "$LAST_REQ" "$STATUS" "$(head -c 2000 "$BODY_FILE" 2>/dev/null)"
}

# ---------------------------------------------------------------------------------------------------
# HTTP

# http [curl args...] : one request; sets STATUS (000 on connection failure), BODY, BODY_FILE, HDR_FILE.
http() {
  : >"$BODY_FILE"; : >"$HDR_FILE"
  LAST_REQ="curl $*"
  STATUS="$(curl -sS --max-time 30 -o "$BODY_FILE" -D "$HDR_FILE" -w '%{http_code}' "$@" 2>"$TMP/curl_err")" || {
    [ -n "$STATUS" ] || STATUS=000
    LAST_REQ="$LAST_REQ (curl: $(cat "$TMP/curl_err"))"
  }
  BODY="$(cat "$BODY_FILE")"
}

# signed SCOPE [curl args...] : curl --aws-sigv4 with AK/SK; SCOPE like ap-southeast-5:sqlaccount.
signed() {
  local scope="$1"; shift
  http --aws-sigv4 "aws:amz:$scope" --user "$AK:$SK" "$@"
}

# header_value NAME : value of a response header of the last request (first match, CR stripped).
header_value() {
  grep -i "^$1:" "$HDR_FILE" | head -n1 | sed -e 's/^[^:]*:[[:space:]]*//' -e 's/\r$//'
}

expect_status() {  # expect_status NAME CODE
  if [ "$STATUS" = "$2" ]; then pass "$1"; else fail "$1" "expected HTTP $2"$'\n'"$(_last_exchange)"; fi
}

# json_eval PYEXPR [FILE] : evaluates PYEXPR with d = the parsed JSON (default: last body); prints the
# result; exit 1 if the body is not JSON or the expression raises.
json_eval() {
  "$PY" - "$1" "${2:-$BODY_FILE}" <<'PYEOF'
import json, sys
expr, path = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    d = json.loads(f.read().decode('utf-8'))
v = eval('(' + expr + '\n)', {'json': json}, {'d': d})
print(v if not isinstance(v, (dict, list, bool)) and v is not None else json.dumps(v))
PYEOF
}

# expect_json NAME PYEXPR : the expression (over d = last JSON body) must be truthy.
expect_json() {
  local out
  if out="$("$PY" - "$2" "$BODY_FILE" 2>&1 <<'PYEOF'
import json, sys
expr, path = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    d = json.loads(f.read().decode('utf-8'))
sys.exit(0 if eval('(' + expr + '\n)', {'json': json}, {'d': d}) else 1)
PYEOF
)"; then
    pass "$1"
  else
    fail "$1" "expected: $2"$'\n'"$(_last_exchange)"$'\n'"$out"
  fi
}

# expect_problem NAME STATUS [CODE...] : HTTP STATUS, a JSON problem body whose "code" is one of the
# CODEs (any non-empty code when none is given), "status" equal to STATUS, a non-empty "message" and a Content-Type of application/problem+json.
expect_problem() {
  local name="$1" want="$2"; shift 2
  local codes="$*" out ctype
  ctype="$(header_value Content-Type)"
  if [ "$STATUS" != "$want" ]; then
    fail "$name" "expected HTTP $want with code in [$codes]"$'\n'"$(_last_exchange)"
    return
  fi
  if ! out="$("$PY" - "$BODY_FILE" "$want" "$@" 2>&1 <<'PYEOF'
import json, sys
path, want, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
d = json.load(open(path, 'rb'))
problems = []
if not isinstance(d.get('code'), str) or not d.get('code'): problems.append('no code')
elif codes and d.get('code') not in codes: problems.append('code %r not in %r' % (d.get('code'), codes))
if d.get('status') != want: problems.append('status field %r != %d' % (d.get('status'), want))
if not d.get('message'): problems.append('no message')
if 'request_id' not in d: problems.append('no request_id')
if problems: print('; '.join(problems)); sys.exit(1)
PYEOF
)"; then
    fail "$name" "$out"$'\n'"$(_last_exchange)"
    return
  fi
  case "$ctype" in
    application/problem+json*) pass "$name" ;;
    *) fail "$name" "Content-Type is '$ctype', expected application/problem+json"$'\n'"$(_last_exchange)" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------
# Server lifecycle

sqlacc() { "$SQLACC" --data "$DATA" "$@"; }

# start_server [extra serve args...] : init --sample (first time only), serve on 127.0.0.1:0, wait up to
# 20 s for "listening on http://127.0.0.1:PORT", export BASE and PORT.
start_server() {
  if [ ! -e "$DATA/.e2e-initialised" ]; then
    mkdir -p "$DATA"
    if ! sqlacc init --sample >"$TMP/init.out" 2>&1; then
      echo "FATAL: sqlacc init --sample failed:" >&2; cat "$TMP/init.out" >&2
      exit 1
    fi
    : >"$DATA/.e2e-initialised"
  fi
  SERVER_RUNS=$((SERVER_RUNS + 1))
  SERVER_LOG="$TMP/server.$SERVER_RUNS.log"
  : >"$SERVER_LOG"
  # E2E_SERVE_ARGS: extra serve options for a whole run, e.g. E2E_SERVE_ARGS="--threads 1".
  # shellcheck disable=SC2086
  "$SQLACC" --data "$DATA" serve --listen 127.0.0.1:0 ${E2E_SERVE_ARGS:-} "$@" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  SERVER_EXIT=""
  local i line
  for ((i = 0; i < 200; i++)); do
    line="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$SERVER_LOG" 2>/dev/null || true)"
    if [ -n "$line" ]; then
      PORT="${line##*:}"
      BASE="http://127.0.0.1:$PORT"
      export BASE PORT
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null; SERVER_EXIT=$?
      echo "FATAL: sqlacc serve exited ($SERVER_EXIT) before listening; log:" >&2
      tail -n 40 "$SERVER_LOG" >&2
      SERVER_PID=""
      exit 1
    fi
    sleep 0.1
  done
  echo "FATAL: sqlacc serve did not print its listening line within 20 s; log:" >&2
  tail -n 40 "$SERVER_LOG" >&2
  exit 1
}

# stop_server : SIGTERM, wait (SIGKILL after 15 s); SERVER_EXIT = its exit status.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null
  local i
  for ((i = 0; i < 150; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "# server did not stop within 15 s of SIGTERM; killing it" >&2
    kill -KILL "$SERVER_PID" 2>/dev/null
  fi
  wait "$SERVER_PID" 2>/dev/null
  SERVER_EXIT=$?
  SERVER_PID=""
}

# fresh_server [serve args...] : stop, throw the data dir away, start on a new sample company.
fresh_server() {
  stop_server
  rm -rf "$DATA"
  start_server "$@"
}

# add_user CODE [PASSWORD] : user add (with --password-stdin when a password is given).
add_user() {
  local out
  if [ $# -ge 2 ]; then
    out="$(printf '%s\n' "$2" | sqlacc user add "$1" --name "E2E user $1" --password-stdin 2>&1)"
  else
    out="$(sqlacc user add "$1" --name "E2E user $1" 2>&1)"
  fi || { echo "FATAL: user add $1 failed: $out" >&2; exit 1; }
}

# gen_key USER : apikey generate USER --json; sets AK and SK (also returned in KEY_JSON).
gen_key() {
  KEY_JSON="$(sqlacc apikey generate "$1" --json 2>"$TMP/gen.err")" || {
    echo "FATAL: apikey generate $1 failed: $(cat "$TMP/gen.err")" >&2; exit 1; }
  AK="$(printf '%s' "$KEY_JSON" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["access_key"])')"
  SK="$(printf '%s' "$KEY_JSON" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["secret_key"])')"
  if [ -z "$AK" ] || [ -z "$SK" ]; then echo "FATAL: cannot parse apikey JSON: $KEY_JSON" >&2; exit 1; fi
  export AK SK
}

# make_api_key USER [PASSWORD] : add_user + gen_key.
make_api_key() {
  add_user "$@"
  gen_key "$1"
}

# absorb_tap FILE : adds the "ok ..." / "not ok ..." lines of a TAP-ish report (top level only) to the
# counters, and echoes the report.
absorb_tap() {
  local line
  while IFS= read -r line; do
    echo "$line"
    case "$line" in
      "ok "*) PASS=$((PASS + 1)) ;;
      "not ok "*) FAIL=$((FAIL + 1)) ;;
    esac
  done <"$1"
}

# wrong_secret SECRET : the same secret with its last hex digit changed.
wrong_secret() {
  local s="$1" last="${1: -1}"
  if [ "$last" = 0 ]; then printf '%s1' "${s%?}"; else printf '%s0' "${s%?}"; fi
}

server_log_tail() {  # the last 40 lines of each server's log (every start_server has its own)
  local i f
  for ((i = 1; i <= SERVER_RUNS; i++)); do
    f="$TMP/server.$i.log"
    [ -s "$f" ] || continue
    echo "----- server log #$i (last 40 lines of $f) -----"
    _mask "$(tail -n 40 "$f")"
    echo
  done
  [ "$SERVER_RUNS" -gt 0 ] && echo "-----"
}

# finish : prints the log tail on failure, then exactly one final line "N passed, M failed".
finish() {
  FINISHED=1
  stop_server
  if [ "$FAIL" -gt 0 ]; then server_log_tail; fi
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ] && exit 0
  exit 1
}

_e2e_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$FINISHED" = 0 ] && [ -n "$SERVER_PID" ]; then
    echo "# aborted (exit $rc) after $PASS passed, $FAIL failed" >&2
    server_log_tail >&2
  fi
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    local i
    for ((i = 0; i < 50; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  local p
  for p in "${EXTRA_PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "# kept $TMP" >&2; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap _e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
