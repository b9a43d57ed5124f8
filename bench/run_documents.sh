#!/usr/bin/env bash
# Document benchmarks: posting throughput of `POST /salesinvoice` over HTTP, and whether the list and
# get latency of sales invoices stays flat as the table grows from 1,000 to 100,000 invoices.
#
#   a. signed `POST /salesinvoice` (5 lines) per second with wrk, on a fresh sample company, with
#      `sqlacc serve --threads 1` (server on core 1, wrk on core 0) and with the default threads
#      (one per core; nothing pinned). Every response must be 200, and the number of invoices the
#      server holds afterwards must match what wrk counted.
#   b. in-process load (bench/load_invoices) of SMALL invoices, then wrk on
#      `GET /salesinvoice?code=300-B0001&limit=50` and `GET /salesinvoice/{dockey}` (a dockey in the
#      middle), with the read cache (the default) and with `--no-read-cache`; then the load up to
#      LARGE invoices and the same again; prints the LARGE/SMALL ratios.
# Prints a results table at the end.
#
# Usage: bench/run_documents.sh [build/sqlacc]
#   env: DURATION=10s WARMUP=2s CONNECTIONS=32 SMALL=1000 LARGE=100000 BATCH=1000
#        CUSTOMERS=1000 B_EVERY=16 (the load: 300-B0001 gets every 16th invoice, i.e. 62 of 1,000
#        and 6,250 of 100,000; the rest is spread over 300-A0001, 300-C0001 and CUSTOMERS extra
#        customers. CUSTOMERS=0 B_EVERY=3 puts every invoice on the 3 sample customers; posting
#        keeps the customer's outstanding as a running total, so that loads as fast (bench/README.md))
#        PARTS="post reads"  POST_THREADS="1 default" (N: N threads pinned to one core; Nu: unpinned)  GET_MODES="nocache cache"  LIST_CODE=300-B0001
#        LOADER=<dir of sqlacc>/bench/load_invoices
#        SQLACC_WRAPPER='perf record -g -o /tmp/sqlacc.perf' profiles the server (each start
#        overwrites the file; combine with POST_THREADS/GET_MODES to pick one run)
#        KEEP_DATA=1 keeps the temp data dir (its path is printed) for EXPLAIN QUERY PLAN etc.
# Needs: wrk, curl, /usr/bin/python3 with python3-botocore; taskset (util-linux) to pin.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/lib.sh"   # SQLACC (from $1), die, pinning, TMP + cleanup, new_company, start_sqlacc, sig, sign, run_wrk
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-32}"
SMALL="${SMALL:-1000}"
LARGE="${LARGE:-100000}"
BATCH="${BATCH:-1000}"
CUSTOMERS="${CUSTOMERS:-1000}"   # extra customers 300-L00001... for the load (0: the 3 sample ones only)
B_EVERY="${B_EVERY:-16}"         # 300-B0001 (the listed customer) takes every B_EVERY-th invoice
PARTS="${PARTS:-post reads}"      # which parts run: post (a), reads (b)
POST_THREADS="${POST_THREADS:-1 default}"
GET_MODES="${GET_MODES:-nocache cache}"
LIST_CODE="${LIST_CODE:-300-B0001}"
LOADER="${LOADER:-$(dirname "$SQLACC")/bench/load_invoices}"

require_sqlacc
[ -x "$LOADER" ] || die "loader not found: $LOADER (build it: cmake --build build --target load_invoices)"
require_wrk
require_curl
require_botocore
[ "$LARGE" -ge "$SMALL" ] || die "LARGE ($LARGE) must be >= SMALL ($SMALL)"

setup_pinning "--threads 1 server on core 1, wrk and the loader on core 0"
make_tmp sqlacc-docbench

# --- helpers -------------------------------------------------------------------------------------
invoice_total() {  # how many sales invoices the server holds (limit=1: a full page, so COUNT(*) runs)
  sig "$BASE/salesinvoice?limit=1" | $PY -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["total"])'
}

settled_total() {  # invoice_total once it stops changing (requests a stopped wrk left in flight are done)
  local a b
  b="$(invoice_total)"
  while sleep 0.3; a="$b"; b="$(invoice_total)"; [ "$a" != "$b" ]; do :; done
  echo "$b"
}

run_signed() {  # run_signed LABEL -> run_wrk of the signed request (sign) at BASE; RPS P50 P99 REQS
  run_wrk "$1" "$1: wrk -t1 -c$CONNECTIONS -d$DURATION --latency $SQLACC_METHOD $BASE$SQLACC_PATH" \
    "$BASE$SQLACC_PATH" -s "$HERE/wrk/signed_request.lua"
}

ROWS=()  # results table rows
row() { ROWS+=("| $* |"); }

echo "machine: $(nproc) cores, $(cpu_model)"
echo "pinning: $PINNING"

# --- a. POST /salesinvoice over HTTP -------------------------------------------------------------
cat >"$TMP/invoice.json" <<'EOF'
{"code":"300-A0001","docdate":"2026-03-01","description":"wrk invoice","sdsdocdetail":[{"itemcode":"ANT","qty":"2","unitprice":"35.00","tax":"ST-10"},{"itemcode":"CABLE","qty":"30","unitprice":"1.50","tax":"ST-10"},{"itemcode":"BOX","qty":"12","unitprice":"2.40","tax":"ST-5"},{"itemcode":"INSTALL","qty":"1","unitprice":"150.00","tax":"SV-8"},{"itemcode":"ANT","qty":"1","unitprice":"35.00","tax":"ST-E"}]}
EOF
[[ " $PARTS " == *" post "* ]] || POST_THREADS=""
for threads in $POST_THREADS; do
  new_company "$TMP/post_$threads"
  if [ "$threads" = default ]; then
    start_sqlacc no
    WRK_CPU=()
    tlabel="default threads (8 per core with group commit), unpinned"
  elif [ "${threads%u}" != "$threads" ]; then  # "8u": 8 threads, unpinned
    start_sqlacc no --threads "${threads%u}"
    WRK_CPU=()
    tlabel="--threads ${threads%u} (unpinned)"
  else
    start_sqlacc yes --threads "$threads"
    WRK_CPU=("${CLIENT_CPU[@]}")
    tlabel="--threads $threads (pinned)"
  fi
  sign POST /salesinvoice "$TMP/invoice.json"
  code="$(replay_once "$TMP/post_reply.json")"
  [ "$code" = 200 ] || die "the signed POST /salesinvoice got HTTP $code: $(head -c 400 "$TMP/post_reply.json")"
  code="$(replay_once "$TMP/post_reply2.json")"
  [ "$code" = 200 ] || die "replaying the signed POST got HTTP $code: $(head -c 400 "$TMP/post_reply2.json")"
  d1="$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"][0]["docno"])' "$TMP/post_reply.json")"
  d2="$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"][0]["docno"])' "$TMP/post_reply2.json")"
  [ "$d1" != "$d2" ] || die "two replays got the same docno $d1"
  echo "replayed POST: 200, docno $d1 then $d2"
  wrk_warmup POST "$BASE/salesinvoice" -s "$HERE/wrk/signed_request.lua"
  before="$(settled_total)"
  wrk_measure "post_$threads" "POST /salesinvoice, sqlacc serve $tlabel: wrk -t1 -c$CONNECTIONS -d$DURATION --latency" \
    "$BASE/salesinvoice" -s "$HERE/wrk/signed_request.lua"
  after="$(settled_total)"
  created=$((after - before))
  # wrk counts completed responses; requests still in flight when it stops are created but uncounted.
  [ "$created" -ge "$REQS" ] && [ "$created" -le $((REQS + CONNECTIONS)) ] ||
    die "wrk counted $REQS responses but the server created $created invoices"
  echo "invoices created during the run: $created (wrk counted $REQS 200 responses); total now $after"
  stop_sqlacc
  if "$SQLACC" --data "$DATA" verify >"$TMP/verify.txt" 2>&1; then echo "sqlacc verify: ledger OK"; else cat "$TMP/verify.txt"; die "sqlacc verify failed"; fi
  row "POST /salesinvoice (5 lines), $tlabel | — | $RPS req/s | $P50 | $P99 | $created created, all 200"
done

# --- b. list / get latency at SMALL and LARGE invoices --------------------------------------------
new_company "$TMP/grow"
DB="$DATA/companies/main.db"
[ -f "$DB" ] || die "no company file at $DB"
declare -A RES
loaded=0 first_key="" last_key=""
load_to() {  # load_to N -> loads N - loaded invoices in process
  local n=$(($1 - loaded)) out
  [ "$n" -gt 0 ] || return 0
  out="$("${CLIENT_CPU[@]}" "$LOADER" "$DB" "$n" --batch "$BATCH" --seed "$((loaded + 1))" \
         --customers "$CUSTOMERS" --b-every "$B_EVERY" --first-index "$loaded" --quiet)"
  echo "$out"
  LOAD_RATE="$(printf '%s' "$out" | sed -n 's/.*: \([0-9.]*\) invoices\/s.*/\1/p')"
  local keys
  keys="$(printf '%s' "$out" | sed -n 's/.*dockeys \([0-9]*\)\.\.\([0-9]*\)).*/\1 \2/p')"
  [ -n "$first_key" ] || first_key="${keys% *}"
  last_key="${keys#* }"
  row "in-process load (bench/load_invoices, batch $BATCH), $loaded → $1 invoices | $1 | $LOAD_RATE invoices/s | — | — | posting throughput without HTTP; $CUSTOMERS extra customers, 300-B0001 every $B_EVERY"
  loaded="$1"
}

measure_reads() {  # measure_reads SIZE
  local size="$1" mode mid
  mid=$(((first_key + last_key) / 2))
  for mode in $GET_MODES; do
    if [ "$mode" = nocache ]; then start_sqlacc yes --threads 1 --no-read-cache; else start_sqlacc yes --threads 1; fi
    WRK_CPU=("${CLIENT_CPU[@]}")
    local total
    total="$(invoice_total)"
    [ "$total" = "$size" ] || die "expected $size invoices, the server reports $total"

    sign GET "/salesinvoice?code=$LIST_CODE&limit=50"
    code="$(replay_once "$TMP/list.json")"
    [ "$code" = 200 ] || die "signed GET list got HTTP $code: $(head -c 300 "$TMP/list.json")"
    local info
    info="$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["pagination"]["count"], d["pagination"]["total"])' "$TMP/list.json")"
    echo "list $LIST_CODE at $size invoices: count/total = $info, $(stat -c %s "$TMP/list.json") bytes"
    run_signed "list_${size}_$mode"
    RES[list_${size}_${mode}]="$RPS $P50 $P99"
    row "GET /salesinvoice?code=$LIST_CODE&limit=50, $mode | $size | $RPS req/s | $P50 | $P99 | matching: ${info#* }"

    sign GET "/salesinvoice/$mid"
    code="$(replay_once "$TMP/one.json")"
    [ "$code" = 200 ] || die "signed GET /salesinvoice/$mid got HTTP $code: $(head -c 300 "$TMP/one.json")"
    echo "get /salesinvoice/$mid at $size invoices: $(stat -c %s "$TMP/one.json") bytes"
    run_signed "get_${size}_$mode"
    RES[get_${size}_${mode}]="$RPS $P50 $P99"
    row "GET /salesinvoice/{dockey} (dockey $mid), $mode | $size | $RPS req/s | $P50 | $P99 | — "
    stop_sqlacc
  done
}

[[ " $PARTS " == *" reads "* ]] || GET_MODES=""
if [ -n "$GET_MODES" ]; then
  load_to "$SMALL"
  measure_reads "$SMALL"
  load_to "$LARGE"
  measure_reads "$LARGE"
fi

for what in list get; do
  for mode in $GET_MODES; do
    read -r r1 a1 b1 <<<"${RES[${what}_${SMALL}_${mode}]}"
    read -r r2 a2 b2 <<<"${RES[${what}_${LARGE}_${mode}]}"
    row "ratio $LARGE/$SMALL: $what, $mode | — | req/s ×$(ratio "$r2" "$r1") | p50 ×$(ratio "$a2" "$a1") | p99 ×$(ratio "$b2" "$b1") | flat = ×1.00"
  done
done

echo
echo "Results ($(date -u +%Y-%m-%d), $(nproc) cores; wrk -t1 -c$CONNECTIONS -d$DURATION after a $WARMUP warm-up; latency in ms):"
echo
echo "| measurement | invoices | throughput | p50 ms | p99 ms | notes |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"
