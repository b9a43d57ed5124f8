#!/usr/bin/env bash
# Back-pressure: no I/O thread ever waits for the database (README, "Threads, queues and deadlines").
#
# SQLite: another process holds the company's write lock (`BEGIN EXCLUSIVE` in the sqlite3 shell)
# while 100 signed POSTs arrive at once. Meanwhile signed GETs (WAL reads take no write lock) and
# /healthcheck answer in well under a second; every write ends with 200 (it ran after the lock went)
# or 503 ServiceBusy with Retry-After (its wait ended, or the queue was full), never another 5xx; and
# the server is healthy afterwards.
#
# PostgreSQL: on a server of this script's own, every postgres process is frozen (SIGSTOP). Then
# /healthcheck and GETs the read cache holds still answer in well under a second, other signed
# requests get 503 DatabaseUnavailable at once, and once the read cache's confirmation is older than
# --stale-read-ms cached GETs get 503 too. After SIGCONT everything recovers without a restart.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

SCOPE=ap-southeast-5:sqlaccount
FAST=1.0       # seconds: "answers in milliseconds", with room for a noisy, shared machine
WRITES=100

# timed NAME [curl args] : one signed or unsigned request like http(); also sets SECS (time_total).
timed() {
  local out
  : >"$BODY_FILE"; : >"$HDR_FILE"
  LAST_REQ="curl $*"
  out="$(curl -sS --max-time 30 -o "$BODY_FILE" -D "$HDR_FILE" -w '%{http_code} %{time_total}' "$@" 2>"$TMP/curl_err")"
  STATUS="${out%% *}"; SECS="${out##* }"
  [ -n "$STATUS" ] || STATUS=000
  BODY="$(cat "$BODY_FILE")"
}
signed_timed() { timed --aws-sigv4 "aws:amz:$SCOPE" --user "$AK:$SK" "$@"; }
is_fast() { awk -v s="$1" -v m="$FAST" 'BEGIN { exit !(s < m) }'; }

invoice_body() {
  printf '{"code":"300-A0001","docdate":"2026-04-01","description":"%s","sdsdocdetail":[%s]}' "$1" \
    '{"itemcode":"ANT","qty":"1","unitprice":"35.00","tax":"ST-10"}'
}

# probe_reads SECONDS WANT_GET : for SECONDS, signed GET /agent and unsigned /healthcheck one after
# the other; each must answer within FAST (GET /agent with status WANT_GET, /healthcheck 200).
probe_reads() {
  local until=$((SECONDS + $1)) want="$2" n=0 slow="" bad="" worst=0
  while [ "$SECONDS" -lt "$until" ]; do
    signed_timed "$BASE/agent"
    n=$((n + 1))
    is_fast "$SECS" || slow+="GET /agent ${SECS}s; "
    [ "$STATUS" = "$want" ] || bad+="GET /agent $STATUS $(head -c 200 "$BODY_FILE"); "
    worst="$(awk -v a="$worst" -v b="$SECS" 'BEGIN { print (b > a ? b : a) }')"
    timed "$BASE/healthcheck"
    is_fast "$SECS" || slow+="/healthcheck ${SECS}s; "
    [ "$STATUS" = 200 ] || bad+="/healthcheck $STATUS; "
    worst="$(awk -v a="$worst" -v b="$SECS" 'BEGIN { print (b > a ? b : a) }')"
  done
  if [ -z "$slow" ]; then pass "$n GET /agent + $n /healthcheck each under ${FAST}s (slowest ${worst}s)"
  else fail "reads under ${FAST}s" "$slow"; fi
  if [ -z "$bad" ]; then pass "GET /agent answered $want, /healthcheck 200 throughout"
  else fail "read statuses" "$bad"; fi
}

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status"; }

if [ -z "$E2E_PG_DIR" ]; then
  # ---- SQLite: the write lock held by another process ------------------------------------------
  # 8 writers and 32 queue places for 100 writes: most are refused at once (queue full); the rest
  # wait 2 s for the lock, then end in 503 too.
  start_server --write-workers 8 --write-queue 32 --write-wait-ms 2000 --read-workers 4
  make_api_key APIUSER
  signed "$SCOPE" "$BASE/agent"
  expect_status "GET /agent before the lock" 200
  rss_before="$(rss_kb)"

  mkfifo "$TMP/lock.in"
  sqlite3 "$DATA/companies/main.db" <"$TMP/lock.in" >"$TMP/lock.out" 2>&1 &
  LOCK_PID=$!
  EXTRA_PIDS+=("$LOCK_PID")
  exec 3>"$TMP/lock.in"
  echo "BEGIN EXCLUSIVE; SELECT 'locked';" >&3
  for ((i = 0; i < 50; i++)); do grep -q locked "$TMP/lock.out" && break; sleep 0.1; done
  if grep -q locked "$TMP/lock.out"; then pass "another process holds the write lock (BEGIN EXCLUSIVE)"
  else fail "sqlite3 took the write lock" "$(cat "$TMP/lock.out")"; fi

  mkdir -p "$TMP/w"
  t0=$SECONDS
  wpids=()
  for ((i = 1; i <= WRITES; i++)); do
    curl -sS --max-time 30 --aws-sigv4 "aws:amz:$SCOPE" --user "$AK:$SK" -X POST \
      -H 'Content-Type: application/json' --data-binary "$(invoice_body "backpressure $i")" \
      -D "$TMP/w/$i.hdr" -o "$TMP/w/$i.body" -w '%{http_code} %{time_total}' "$BASE/salesinvoice" \
      >"$TMP/w/$i.out" 2>"$TMP/w/$i.err" &
    wpids+=($!)
  done
  EXTRA_PIDS+=("${wpids[@]}")
  log "$WRITES POSTs sent in $((SECONDS - t0)) s"

  # Reads while the writes wait (the lock stays held throughout).
  probe_reads 3 200
  signed_timed "$BASE/agent?limit=1"  # not in the read cache: a real WAL read
  if [ "$STATUS" = 200 ] && is_fast "$SECS"; then pass "uncached GET /agent?limit=1 200 in ${SECS}s"
  else fail "uncached GET under the lock" "$STATUS in ${SECS}s"$'\n'"$(_last_exchange)"; fi

  echo "ROLLBACK;" >&3
  exec 3>&-
  wait "$LOCK_PID" 2>/dev/null
  wait "${wpids[@]}"
  EXTRA_PIDS=()

  ok=0 busy=0 fast_busy=0 other=""
  for ((i = 1; i <= WRITES; i++)); do
    read -r code secs <"$TMP/w/$i.out"
    case "$code" in
      200|201) ok=$((ok + 1)) ;;
      503)
        if grep -q '"code":"ServiceBusy"' "$TMP/w/$i.body" && grep -qi '^Retry-After: [0-9]' "$TMP/w/$i.hdr"; then
          busy=$((busy + 1))
          is_fast "$secs" && fast_busy=$((fast_busy + 1))
        else
          other+="#$i 503 $(head -c 200 "$TMP/w/$i.body"); "
        fi ;;
      *) other+="#$i ${code:-none} $(head -c 200 "$TMP/w/$i.body") $(cat "$TMP/w/$i.err"); " ;;
    esac
  done
  log "writes: $ok acknowledged, $busy ServiceBusy ($fast_busy of them at once)"
  if [ -z "$other" ]; then pass "every write ended in 200 or 503 ServiceBusy with Retry-After"
  else fail "write outcomes" "$other"; fi
  if [ "$busy" -gt 0 ]; then pass "writes waiting past --write-wait-ms end in 503 ServiceBusy"
  else fail "some writes end in ServiceBusy" "none did"; fi
  if [ "$fast_busy" -gt 0 ]; then pass "a full write queue answers 503 at once"
  else fail "full queue answers at once" "no fast 503"; fi
  slowest="$(cat "$TMP"/w/*.out | awk '{ if ($2 > m) m = $2 } END { print m + 0 }')"
  if awk -v s="$slowest" 'BEGIN { exit !(s < 10) }'; then pass "slowest write ended after ${slowest}s (deadline 2 s, twice at most)"
  else fail "writes end near their deadline" "slowest ${slowest}s"; fi

  rss_after="$(rss_kb)"
  if [ $((rss_after - rss_before)) -lt 200000 ]; then pass "memory bounded: RSS ${rss_before} -> ${rss_after} kB"
  else fail "memory bounded" "RSS ${rss_before} -> ${rss_after} kB"; fi

  # Healthy afterwards.
  signed "$SCOPE" -X POST -H 'Content-Type: application/json' \
    --data-binary "$(invoice_body 'after the lock')" "$BASE/salesinvoice"
  expect_status "POST /salesinvoice after the lock is released" 200
  signed_timed "$BASE/agent"
  expect_status "GET /agent after" 200
  finish
fi

# ---- PostgreSQL: the server frozen (SIGSTOP) ---------------------------------------------------
PGOWN="$(mktemp -d "${TMPDIR:-/tmp}/sqlacc-pg-freeze.XXXXXX")"
on_exit bash "$PG_SERVER_SH" stop "$PGOWN"
if ! bash "$PG_SERVER_SH" start "$PGOWN" >"$TMP/pg_start.out" 2>&1; then
  echo "FATAL: cannot start a PostgreSQL server of this script's own:" >&2; cat "$TMP/pg_start.out" >&2
  exit 1
fi
pg_use_server "$PGOWN"

FROZEN=()
freeze() {
  local pm
  pm="$(head -n1 "$PGOWN/pgdata/postmaster.pid")"
  FROZEN=("$pm" $(pgrep -P "$pm"))
  kill -STOP "${FROZEN[@]}"
}
thaw() {
  [ ${#FROZEN[@]} -gt 0 ] && kill -CONT "${FROZEN[@]}" 2>/dev/null
  FROZEN=()
}
# Thawed before anything else on exit (dropping the database needs the server to answer).
trap '_rc=$?; thaw; (exit $_rc); _e2e_cleanup' EXIT

start_server --read-workers 2 --stale-read-ms 3000 --db-check-ms 200
make_api_key APIUSER
# Every read worker confirms and caches GET /agent (concurrent requests reach both).
for ((r = 0; r < 3; r++)); do
  gets=()
  for ((i = 0; i < 10; i++)); do
    curl -sS -o /dev/null --aws-sigv4 "aws:amz:$SCOPE" --user "$AK:$SK" "$BASE/agent" &
    gets+=($!)
  done
  wait "${gets[@]}"  # not a bare wait: the server is a child of this shell too
done
signed "$SCOPE" "$BASE/agent"
expect_status "GET /agent before the freeze" 200

freeze
pass "PostgreSQL frozen (SIGSTOP of ${#FROZEN[@]} processes)"
probe_reads 2 200
signed_timed "$BASE/agent?limit=1"  # not cached: needs the database
if [ "$STATUS" = 503 ] && is_fast "$SECS"; then pass "uncached GET: 503 at once (${SECS}s)"
else fail "uncached GET while frozen" "$STATUS in ${SECS}s"; fi
expect_problem "uncached GET: DatabaseUnavailable" 503 DatabaseUnavailable
if [ -n "$(header_value Retry-After)" ]; then pass "DatabaseUnavailable carries Retry-After"
else fail "Retry-After" "$(_last_exchange)"; fi
sleep 2  # the cache's last confirmation is now older than --stale-read-ms
signed_timed "$BASE/agent"
if [ "$STATUS" = 503 ] && is_fast "$SECS"; then pass "past --stale-read-ms: GET /agent 503 at once (${SECS}s)"
else fail "stale bound" "$STATUS in ${SECS}s"$'\n'"$(_last_exchange)"; fi
timed "$BASE/healthcheck"
if [ "$STATUS" = 200 ] && is_fast "$SECS"; then pass "/healthcheck still 200 in ${SECS}s"
else fail "/healthcheck while frozen" "$STATUS in ${SECS}s"; fi

thaw
pass "PostgreSQL thawed (SIGCONT)"
recovered=""
for ((i = 0; i < 50; i++)); do
  signed "$SCOPE" --max-time 5 -X POST -H 'Content-Type: application/json' \
    --data-binary "$(invoice_body 'after the freeze')" "$BASE/salesinvoice"
  if [ "$STATUS" = 200 ]; then recovered=1; break; fi
  sleep 0.2
done
if [ -n "$recovered" ]; then pass "POST /salesinvoice succeeds again after the freeze"
else fail "recovery" "$(_last_exchange)"; fi
signed "$SCOPE" "$BASE/agent?limit=1"
expect_status "uncached GET succeeds again" 200
finish
