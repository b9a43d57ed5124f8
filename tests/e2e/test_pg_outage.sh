#!/usr/bin/env bash
# PostgreSQL outages under load (PostgreSQL runs only): a sqlacc node on a PostgreSQL server of this
# script's own (never the shared one: other suites run on it in parallel), two loops POSTing sales
# invoices without pause, and meanwhile the database restarted (fast) and then stopped for ~3 s.
# While the database is away the API must answer 503 with a JSON problem (code DatabaseUnavailable) and
# a Retry-After header: not a 500, not a hang past curl's timeout. When it is back, requests succeed
# again without restarting sqlacc. At the end every acknowledged (2xx) invoice is stored, with the
# docno it was acknowledged with, and the books balance.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

if [ -z "$E2E_PG_DIR" ]; then
  echo "SKIP: PostgreSQL only (ctest runs it as e2e_pg_test_pg_outage; by hand: E2E_PG_DIR=DIR of pg_server.sh start DIR)"
  exit 77
fi

SCOPE=ap-southeast-5:sqlaccount
LOOPS=2
CURL_TIMEOUT=15                 # a request still unanswered after this counts as a hang
PROGRESS_WAIT=120               # seconds to wait for the load to make progress (a liveness bound only)

# This script's own server; the EXIT trap drops the database on it and then stops it (also on failure).
PGOWN="$(mktemp -d "${TMPDIR:-/tmp}/sqlacc-pg-outage.XXXXXX")"
on_exit bash "$PG_SERVER_SH" stop "$PGOWN"
if ! bash "$PG_SERVER_SH" start "$PGOWN" >"$TMP/pg_start.out" 2>&1; then
  echo "FATAL: cannot start a PostgreSQL server of this script's own:" >&2; cat "$TMP/pg_start.out" >&2
  exit 1
fi
pg_use_server "$PGOWN"
log "own PostgreSQL: $SQLACC_DB"

start_server
make_api_key APIUSER
log "server at $BASE (pid $SERVER_PID)"

invoice_body() {
  printf '{"code":"300-A0001","docdate":"2026-04-01","description":"%s","sdsdocdetail":[%s]}' "$1" \
    '{"itemcode":"ANT","qty":"1","unitprice":"35.00","tax":"ST-10"}'
}

# load_loop ID : POST invoices one after another until $TMP/load.stop exists; request N's reply is
# kept as $TMP/load/ID.N.{status,hdr,body,err}.
load_loop() {
  local id="$1" n=0 f
  while [ ! -e "$TMP/load.stop" ]; do
    n=$((n + 1))
    f="$TMP/load/$id.$n"
    curl -sS --max-time "$CURL_TIMEOUT" --aws-sigv4 "aws:amz:$SCOPE" --user "$AK:$SK" -X POST \
      -H 'Content-Type: application/json' --data-binary "$(invoice_body "outage load $id.$n")" \
      -D "$f.hdr" -o "$f.body" -w '%{http_code}' "$BASE/salesinvoice" >"$f.status" 2>"$f.err"
  done
}

acked() {  # how many load requests have been acknowledged so far
  grep -lx 200 "$TMP"/load/*.status 2>/dev/null | wc -l
}

# wait_progress NAME N : wait until N more creates than now are acknowledged (at most PROGRESS_WAIT s).
wait_progress() {
  local name="$1" want=$(( $(acked) + $2 )) i
  for ((i = 0; i < PROGRESS_WAIT * 5; i++)); do
    if [ "$(acked)" -ge "$want" ]; then pass "$name"; return 0; fi
    sleep 0.2
  done
  fail "$name" "only $(acked) acknowledged, waited for $want (${PROGRESS_WAIT} s)"
  return 1
}

# probe_down WHEN : while the database is away, a read and a write answer 503 DatabaseUnavailable with
# a Retry-After header, within curl's timeout.
probe_down() {
  local when="$1" ra
  signed "$SCOPE" --max-time "$CURL_TIMEOUT" "$BASE/agent"
  expect_problem "$when: GET /agent -> 503 DatabaseUnavailable" 503 DatabaseUnavailable
  ra="$(header_value Retry-After)"
  case "$ra" in ''|*[!0-9]*) fail "$when: GET /agent carries Retry-After: seconds" "Retry-After: '$ra'"$'\n'"$(_last_exchange)" ;;
    *) pass "$when: GET /agent carries Retry-After: $ra" ;; esac
  signed "$SCOPE" --max-time "$CURL_TIMEOUT" -X POST -H 'Content-Type: application/json' \
    --data-binary "$(invoice_body 'outage probe')" "$BASE/salesinvoice"
  expect_problem "$when: POST /salesinvoice -> 503 DatabaseUnavailable" 503 DatabaseUnavailable
  if [ -n "$(header_value Retry-After)" ]; then pass "$when: POST carries Retry-After"
  else fail "$when: POST carries Retry-After" "$(_last_exchange)"; fi
}

mkdir -p "$TMP/load"
pids=()
for ((l = 1; l <= LOOPS; l++)); do
  load_loop "$l" &
  pids+=($!)
done
EXTRA_PIDS+=("${pids[@]}")

wait_progress "load: 20 invoices acknowledged before any outage" 20

# --- 1: PostgreSQL restarted (fast: it cuts every connection sqlacc holds) ---------------------------
if bash "$PG_SERVER_SH" restart "$PGOWN" >"$TMP/pg_restart.out" 2>&1; then
  pass "PostgreSQL restarted (pg_ctl restart -m fast) under load"
else
  fail "PostgreSQL restarted under load" "$(cat "$TMP/pg_restart.out")"
fi
wait_progress "after the restart: 20 more invoices acknowledged, sqlacc not restarted" 20

# --- 2: PostgreSQL stopped for ~3 s ---------------------------------------------------------------
if bash "$PG_SERVER_SH" down "$PGOWN" >"$TMP/pg_down.out" 2>&1; then
  pass "PostgreSQL stopped under load"
else
  fail "PostgreSQL stopped under load" "$(cat "$TMP/pg_down.out")"
fi
probe_down "database stopped"
sleep 3
probe_down "database still stopped after 3 s"
if bash "$PG_SERVER_SH" up "$PGOWN" >"$TMP/pg_up.out" 2>&1; then
  pass "PostgreSQL started again"
else
  fail "PostgreSQL started again" "$(cat "$TMP/pg_up.out")"
fi
wait_progress "after the outage: 20 more invoices acknowledged, sqlacc not restarted" 20

: >"$TMP/load.stop"
wait "${pids[@]}"
EXTRA_PIDS=()

if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
  pass "the same sqlacc process (pid $SERVER_PID) served throughout"
else
  fail "the same sqlacc process served throughout" "the server is gone"
fi
signed "$SCOPE" "$BASE/agent"
expect_status "after the outages: GET /agent -> 200" 200

# Every invoice as stored, page by page.
: >"$TMP/pages"
offset=0
while :; do
  signed "$SCOPE" "$BASE/salesinvoice?limit=1000&offset=$offset"
  if [ "$STATUS" != 200 ]; then fail "list the stored invoices (offset $offset) -> 200" "$(_last_exchange)"; break; fi
  cp "$BODY_FILE" "$TMP/page.$offset.json"
  echo "$TMP/page.$offset.json" >>"$TMP/pages"
  count="$(json_eval 'len(d["data"])')"
  [ "$count" -lt 1000 ] && break
  offset=$((offset + 1000))
done

out="$("$PY" - "$TMP/load" "$TMP/pages" <<'PYEOF' 2>&1
import json, os, re, sys
loaddir, pages = sys.argv[1], sys.argv[2]
acked, n503, other, bad503 = {}, 0, [], []
for name in os.listdir(loaddir):
    if not name.endswith('.status'):
        continue
    stem = os.path.join(loaddir, name[:-len('.status')])
    status = open(stem + '.status').read().strip()
    body = open(stem + '.body', 'rb').read().decode('utf-8', 'replace') if os.path.exists(stem + '.body') else ''
    hdr = open(stem + '.hdr', 'rb').read().decode('latin-1') if os.path.exists(stem + '.hdr') else ''
    if status.startswith('2'):
        rec = json.loads(body)['data'][0]
        acked[rec['dockey']] = (rec['docno'], os.path.basename(stem))
    elif status == '503':
        n503 += 1
        try:
            d = json.loads(body)
            ok = d.get('code') == 'DatabaseUnavailable' and d.get('status') == 503
        except ValueError:
            ok = False
        if not ok or not re.search(r'(?im)^retry-after:\s*\d+', hdr):
            bad503.append('%s: %s | %s' % (os.path.basename(stem), body[:200], hdr.replace('\r\n', ' ')[:300]))
    else:
        err = open(stem + '.err').read().strip() if os.path.exists(stem + '.err') else ''
        other.append('%s: HTTP %s %s %s' % (os.path.basename(stem), status, body[:200], err))
stored = {}
for path in open(pages).read().split():
    for r in json.load(open(path))['data']:
        stored[r['dockey']] = r['docno']
missing = sorted(k for k in acked if k not in stored)
renamed = sorted(k for k in acked if k in stored and stored[k] != acked[k][0])
docnos = sorted(stored.values())
nums = sorted(int(x[3:]) for x in docnos if re.fullmatch(r'IV-\d{5}', x))
checks = [
    ('every acknowledged invoice is stored', '' if not missing else
     '%d acknowledged but not stored: %s' % (len(missing), [acked[k] for k in missing[:20]])),
    ('... each with the docno it was acknowledged with', '' if not renamed else
     'docno differs: %s' % [(acked[k], stored[k]) for k in renamed[:20]]),
    ("no request answered other than 2xx or 503 (no 500, no hang past curl's timeout)", '\n'.join(other[:30])),
    ('every 503 of the load is a JSON problem DatabaseUnavailable with Retry-After', '\n'.join(bad503[:20])),
    ('stored docnos unique and gap-free from IV-00001',
     '' if len(set(docnos)) == len(docnos) and nums == list(range(1, len(docnos) + 1)) else
     'unique %d of %d; missing numbers %s' % (len(set(docnos)), len(docnos),
                                              sorted(set(range(1, max(nums or [0]) + 1)) - set(nums))[:20])),
]
print('RESULT\tacknowledged %d, 503 %d, other %d; %d invoices stored' % (len(acked), n503, len(other), len(stored)))
for name, why in checks:  # one line each: the reasons' line breaks become " ; "
    print('CHECK\t%s\t%s' % (name, why.replace('\n', ' ; ')))
PYEOF
)"
if ! grep -q '^RESULT' <<<"$out"; then
  fail "the load's replies and the stored invoices can be compared" "$out"
else
  while IFS=$'\t' read -r tag name why; do
    case "$tag" in
      RESULT) echo "# outage load: $name" ;;
      CHECK) if [ -z "$why" ]; then pass "$name"; else fail "$name" "${why// ; /$'\n'}"; fi ;;
    esac
  done <<<"$out"
fi

signed "$SCOPE" "$BASE/trialbalance?date=2026-12-31"
expect_status "GET /trialbalance after the outages -> 200" 200
expect_json "the trial balance balances (total debits = total credits, not zero)" \
  'd["totals"]["dr"] == d["totals"]["cr"] and d["totals"]["dr"] != "0.00"'
check "sqlacc verify exits 0 after the outages" sqlacc verify
finish
