# shellcheck shell=bash disable=SC2034  # (variables set here are read by the scripts that source it)
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
# Environment: KEEP_TMP=1 keeps the temp dir (data dir, server logs) and the PostgreSQL database;
# E2E_SERVE_ARGS adds serve options to every start_server of a run (e.g. E2E_SERVE_ARGS="--threads 1"
# to rule out cross-thread effects).
#
# PostgreSQL: E2E_PG_DIR=DIR names a server started by `tests/support/pg_server.sh start DIR` (ctest's
# e2e_pg_* tests get the fixture's one). Then each script gets a database of its own on that server
# (created here, dropped and re-created by fresh_server, dropped by the EXIT trap) and SQLACC_DB is
# exported with its URL, so every sqlacc run, the script's and those of the python/node clients, uses
# it; the data dir still holds master.key. Without E2E_PG_DIR, SQLACC_DB and SQLACC_MASTER_KEY are
# unset: a developer's own settings must not point the SQLite run at a real database or key.
#
# Two or more servers at once, on the same data dir and database (one sqlacc serve per "node"):
#   start_node A; start_node B --threads 2    # exports BASE_A, PORT_A, PID_A, BASE_B, ...
#   stop_node A                                # finish and the EXIT trap stop the nodes left running
# on_exit CMD [ARGS...] : run CMD from the EXIT trap, after every server has stopped (e.g. to stop a
# database server of the script's own).

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
NODES=()                # names of the start_node servers still running
SERVER_LABELS=()        # SERVER_LABELS[i]: which server wrote server.i.log ("" = start_server)
ON_EXIT=()              # commands (eval'd) the EXIT trap runs after stopping the servers
PG_SERVER_SH="$REPO_ROOT/tests/support/pg_server.sh"
E2E_PG_DIR="${E2E_PG_DIR:-}"
PG_DB=""                # this script's database on $E2E_PG_DIR (PostgreSQL runs only)
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

# DB_ARGS: on PostgreSQL runs also `--db URL` on the command line (the same as SQLACC_DB), so that a
# binary without PostgreSQL support fails loudly ("--db" unknown) instead of quietly using SQLite files.
DB_ARGS=()
sqlacc() { "$SQLACC" --data "$DATA" "${DB_ARGS[@]}" "$@"; }

# _ensure_init : init --sample, once per data dir (and database).
_ensure_init() {
  if [ ! -e "$DATA/.e2e-initialised" ]; then
    mkdir -p "$DATA"
    if ! sqlacc init --sample >"$TMP/init.out" 2>&1; then
      echo "FATAL: sqlacc init --sample failed:" >&2; cat "$TMP/init.out" >&2
      exit 1
    fi
    if [ -n "$PG_DB" ] && ! _pg_has_company_schema; then
      echo "FATAL: sqlacc init --sample did not create a company schema (sqlacc_*) in $SQLACC_DB; the binary may not support PostgreSQL. init said:" >&2
      cat "$TMP/init.out" >&2
      exit 1
    fi
    : >"$DATA/.e2e-initialised"
  fi
}

# _spawn_serve LABEL [serve args...] : serve on 127.0.0.1:0 with its own log, wait up to 20 s for
# "listening on http://127.0.0.1:PORT"; sets SPAWN_PID and SPAWN_PORT, exits 1 when it does not start.
_spawn_serve() {
  local label="$1"; shift
  SERVER_RUNS=$((SERVER_RUNS + 1))
  SERVER_LABELS[SERVER_RUNS]="$label"
  local logf="$TMP/server.$SERVER_RUNS.log"
  : >"$logf"
  # E2E_SERVE_ARGS: extra serve options for a whole run, e.g. E2E_SERVE_ARGS="--threads 1".
  # shellcheck disable=SC2086
  "$SQLACC" --data "$DATA" "${DB_ARGS[@]}" serve --listen 127.0.0.1:0 ${E2E_SERVE_ARGS:-} "$@" >>"$logf" 2>&1 &
  SPAWN_PID=$!
  SPAWN_PORT=""
  local i line rc
  for ((i = 0; i < 200; i++)); do
    line="$(grep -m1 -o 'listening on http://127\.0\.0\.1:[0-9]*' "$logf" 2>/dev/null || true)"
    if [ -n "$line" ]; then
      SPAWN_PORT="${line##*:}"
      return 0
    fi
    if ! kill -0 "$SPAWN_PID" 2>/dev/null; then
      wait "$SPAWN_PID" 2>/dev/null; rc=$?
      echo "FATAL: sqlacc serve${label:+ (node $label)} exited ($rc) before listening; log:" >&2
      tail -n 40 "$logf" >&2
      SPAWN_PID=""
      SPAWN_EXIT=$rc
      return 1
    fi
    sleep 0.1
  done
  echo "FATAL: sqlacc serve${label:+ (node $label)} did not print its listening line within 20 s; log:" >&2
  tail -n 40 "$logf" >&2
  kill -KILL "$SPAWN_PID" 2>/dev/null; wait "$SPAWN_PID" 2>/dev/null   # not yet known to the EXIT trap
  exit 1
}

# start_server [extra serve args...] : init --sample (first time only), serve on 127.0.0.1:0, wait up to
# 20 s for "listening on http://127.0.0.1:PORT", export BASE and PORT.
start_server() {
  _ensure_init
  SERVER_LOG="$TMP/server.$((SERVER_RUNS + 1)).log"
  SERVER_EXIT=""
  SPAWN_EXIT=""
  if ! _spawn_serve "" "$@"; then
    SERVER_PID=""; SERVER_EXIT="$SPAWN_EXIT"
    exit 1
  fi
  SERVER_PID="$SPAWN_PID"
  PORT="$SPAWN_PORT"
  BASE="http://127.0.0.1:$PORT"
  export BASE PORT
}

# start_node NAME [extra serve args...] : one more `sqlacc serve` on the same data dir (and database)
# as start_server; exports BASE_NAME, PORT_NAME and PID_NAME (NAME: letters, digits, _).
start_node() {
  local name="$1"; shift
  case "$name" in ''|*[!A-Za-z0-9_]*) echo "FATAL: start_node: bad node name '$name'" >&2; exit 2 ;; esac
  local n
  for n in "${NODES[@]}"; do
    [ "$n" != "$name" ] || { echo "FATAL: start_node: node $name is already running" >&2; exit 2; }
  done
  _ensure_init
  if ! _spawn_serve "$name" "$@"; then exit 1; fi
  NODES+=("$name")
  printf -v "PID_$name" '%s' "$SPAWN_PID"
  printf -v "PORT_$name" '%s' "$SPAWN_PORT"
  printf -v "BASE_$name" 'http://127.0.0.1:%s' "$SPAWN_PORT"
  export "PID_$name" "PORT_$name" "BASE_$name"
}

# _stop_pid PID : SIGTERM, wait (SIGKILL after 15 s); returns its exit status.
_stop_pid() {
  local pid="$1" i
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "# server $pid did not stop within 15 s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
}

# stop_node NAME : stop that node (as stop_server); NODE_EXIT = its exit status.
stop_node() {
  local name="$1" pidvar="PID_$1" n rest=()
  NODE_EXIT=""
  [ -n "${!pidvar:-}" ] || return 0
  _stop_pid "${!pidvar}"
  NODE_EXIT=$?
  printf -v "$pidvar" '%s' ""
  for n in "${NODES[@]}"; do [ "$n" = "$name" ] || rest+=("$n"); done
  NODES=("${rest[@]}")
}

stop_all_nodes() {
  local n
  for n in "${NODES[@]}"; do stop_node "$n"; done
}

# stop_server : SIGTERM, wait (SIGKILL after 15 s); SERVER_EXIT = its exit status.
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  _stop_pid "$SERVER_PID"
  SERVER_EXIT=$?
  SERVER_PID=""
}

# fresh_server [serve args...] : stop (the nodes too), throw the data dir (and the database) away,
# start on a new sample company.
fresh_server() {
  stop_server
  stop_all_nodes
  rm -rf "$DATA"
  if [ -n "$PG_DB" ]; then
    _pg_drop_db || exit 1
    _pg_create_db || exit 1
  fi
  start_server "$@"
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL (E2E_PG_DIR set)

# _pg_db_name : this script's database name: e2e_<script>_<pid> (unique among parallel tests).
_pg_db_name() {
  local base
  base="$(basename "$0" .sh)"
  base="${base,,}"
  base="${base//[!a-z0-9_]/_}"
  printf 'e2e_%s_%s' "${base:0:40}" "$$"
}

_pg_create_db() {
  local url
  url="$(bash "$PG_SERVER_SH" createdb "$E2E_PG_DIR" "$PG_DB" 2>"$TMP/pg.err")" || {
    echo "FATAL: cannot create database $PG_DB on the server of $E2E_PG_DIR: $(cat "$TMP/pg.err")" >&2
    return 1
  }
  SQLACC_DB="$url"
  export SQLACC_DB
  DB_ARGS=(--db "$SQLACC_DB")
}

_pg_has_company_schema() {  # does this script's database hold a company schema (sqlacc_<company>)?
  local n
  n="$(psql -X -At -d "$SQLACC_DB" -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'sqlacc\_%'" 2>&1)"
  case "$n" in
    ''|*[!0-9]*) echo "# psql on $SQLACC_DB: $n" >&2; return 1 ;;
  esac
  [ "$n" -gt 0 ]
}

_pg_drop_db() {
  bash "$PG_SERVER_SH" dropdb "$E2E_PG_DIR" "$PG_DB" 2>"$TMP/pg.err" && return 0
  echo "# could not drop database $PG_DB: $(cat "$TMP/pg.err")" >&2
  return 1
}

# pg_use_server DIR : move this script to a PostgreSQL server of its own (pg_server.sh start DIR):
# drops its database on the current server and creates one on DIR's. The caller stops DIR's server
# (e.g. with on_exit), after the EXIT trap has dropped the database.
pg_use_server() {
  if [ -n "$PG_DB" ]; then _pg_drop_db; fi
  E2E_PG_DIR="$1"
  PG_DB="$(_pg_db_name)"
  _pg_create_db || exit 1
}

on_exit() {
  local q
  printf -v q '%q ' "$@"
  ON_EXIT+=("$q")
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

server_log_tail() {  # the last 40 lines of each server's log (every start_server/start_node has its own)
  local i f label
  for ((i = 1; i <= SERVER_RUNS; i++)); do
    f="$TMP/server.$i.log"
    [ -s "$f" ] || continue
    label="${SERVER_LABELS[i]:-}"
    echo "----- server log #$i${label:+ (node $label)} (last 40 lines of $f) -----"
    _mask "$(tail -n 40 "$f")"
    echo
  done
  [ "$SERVER_RUNS" -gt 0 ] && echo "-----"
}

# finish : prints the log tail on failure, then exactly one final line "N passed, M failed".
finish() {
  FINISHED=1
  stop_server
  stop_all_nodes
  if [ "$FAIL" -gt 0 ]; then server_log_tail; fi
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ] && exit 0
  exit 1
}

_e2e_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  trap '' PIPE    # stop everything even if our reader (e.g. `| head`) has gone
  local pids=() n pidvar
  [ -n "$SERVER_PID" ] && pids+=("$SERVER_PID")
  for n in "${NODES[@]}"; do pidvar="PID_$n"; [ -n "${!pidvar:-}" ] && pids+=("${!pidvar}"); done
  if [ "$FINISHED" = 0 ] && [ ${#pids[@]} -gt 0 ]; then
    echo "# aborted (exit $rc) after $PASS passed, $FAIL failed" >&2
    server_log_tail >&2
  fi
  local p i
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for ((i = 0; i < 50; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  for p in "${EXTRA_PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
  done
  # The database goes before any on_exit hook, which may stop the server it is on (KEEP_TMP=1 keeps
  # it too, while that server lives).
  if [ -n "$PG_DB" ] && [ -s "$E2E_PG_DIR/port" ]; then
    if [ "${KEEP_TMP:-0}" = 1 ]; then echo "# kept database ${SQLACC_DB:-$PG_DB}" >&2; else _pg_drop_db; fi
  fi
  local c
  for c in "${ON_EXIT[@]}"; do eval "$c"; done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "# kept $TMP" >&2; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap _e2e_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The backend of this run (after the trap, so that a failure here still removes TMP).
if [ -n "$E2E_PG_DIR" ]; then
  if [ ! -s "$E2E_PG_DIR/url" ]; then
    if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
      echo "SKIP: E2E_PG_DIR is set but PostgreSQL is not installed (apt-get install postgresql)"
      exit 77
    fi
    echo "FATAL: E2E_PG_DIR=$E2E_PG_DIR has no running server (start one: bash $PG_SERVER_SH start $E2E_PG_DIR)" >&2
    exit 1
  fi
  PG_DB="$(_pg_db_name)"
  _pg_create_db || { PG_DB=""; exit 1; }
  log "backend: PostgreSQL, database $PG_DB ($SQLACC_DB)"
else
  unset SQLACC_DB SQLACC_MASTER_KEY
fi
