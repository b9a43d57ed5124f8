#!/usr/bin/env bash
# Input limits and strictness through a real `sqlacc serve` with curl --aws-sigv4: the row cap of a
# dataset (--max-rows), text widths and the blob cap, the body cap (--max-body: 413), writes that are
# not JSON (415), codes nobody could address, wrong JSON types, a bad discount and duplicate keys
# (400 naming the field); after every refusal nothing was written (list totals, sqlacc verify).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
S=ap-southeast-5:sqlaccount
JSON=(-H 'Content-Type: application/json')

start_server --max-body 2000000
make_api_key APIUSER
log "server at $BASE (--max-body 2000000)"

# invoice_file ROWS FILE [EXTRA JSON MEMBERS]: a sales invoice body with ROWS lines.
invoice_file() {
  "$PY" - "$1" "$2" "${3:-}" <<'PYEOF'
import json, sys
rows, path, extra = int(sys.argv[1]), sys.argv[2], sys.argv[3]
body = {"code": "300-A0001", "docdate": "2026-03-01",
        "sdsdocdetail": [{"itemcode": "ANT", "qty": "1", "unitprice": "1.00"} for _ in range(rows)]}
if extra:
    body.update(json.loads(extra))
open(path, "w").write(json.dumps(body))
PYEOF
}
totals() {  # the totals of salesinvoice, customer and agent lists
  local out=""
  for r in salesinvoice customer agent; do
    signed "$S" "$BASE/$r?limit=1"
    out+="$r=$(json_eval 'd["pagination"]["total"]') "
  done
  echo "$out"
}
# post_field NAME PATH BODY FIELD : POST BODY, expect 400 naming FIELD.
post_field() {
  signed "$S" -X POST "${JSON[@]}" --data-binary "$3" "$BASE/$2"
  expect_problem "$1 -> 400" 400 ValidationError
  expect_json "$1 names field $4" "d.get('field') == $(printf '%s' "$4" | "$PY" -c 'import json,sys; print(json.dumps(sys.stdin.read()))')"
}

BEFORE="$(totals)"
log "before: $BEFORE"

# --- rows, widths, body size ------------------------------------------------------------------
invoice_file 1001 "$TMP/rows1001.json"
signed "$S" -X POST "${JSON[@]}" --data-binary "@$TMP/rows1001.json" "$BASE/salesinvoice"
expect_problem "POST /salesinvoice with 1,001 rows -> 400" 400 ValidationError
expect_json "... names sdsdocdetail and the limit 1000" \
  'd["field"] == "sdsdocdetail" and "1001 rows; at most 1000" in d["message"]'

post_field "description of 301 characters (width 300)" salesinvoice \
  "{\"code\":\"300-A0001\",\"docdate\":\"2026-03-01\",\"description\":\"$(printf 'd%.0s' $(seq 301))\"}" description
"$PY" -c 'import json; print(json.dumps({"code":"300-N1","companyname":"N","note":"n"*1000001}))' >"$TMP/note.json"
signed "$S" -X POST "${JSON[@]}" --data-binary "@$TMP/note.json" "$BASE/customer"
expect_problem "customer note of 1,000,001 characters -> 400" 400 ValidationError
expect_json "... names note and 1000000 characters" \
  'd["field"] == "note" and "1000000 characters" in d["message"]'

"$PY" -c 'import json; print(json.dumps({"code":"300-A0001","docdate":"2026-03-01","note":"x"*2100000}))' >"$TMP/big.json"
signed "$S" -X POST "${JSON[@]}" --data-binary "@$TMP/big.json" "$BASE/salesinvoice"
expect_problem "a 2.1 MB body over --max-body 2000000 -> 413" 413 PayloadTooLarge
expect_json "... names the limit" '"2000000 bytes" in d["message"]'

# --- Content-Type -------------------------------------------------------------------------------
AGENT='{"code":"CT1","description":"content type"}'
signed "$S" -X POST -H 'Content-Type: text/plain' --data-binary "$AGENT" "$BASE/agent"
expect_problem "POST as text/plain -> 415" 415 UnsupportedMediaType
expect_json "... names text/plain" "\"'text/plain'\" in d['message']"
signed "$S" -X POST --data-binary "$AGENT" "$BASE/agent"   # curl's default: a form
expect_problem "POST as a form -> 415" 415 UnsupportedMediaType
expect_json "... names the form type" "'application/x-www-form-urlencoded' in d['message']"
# (No Content-Type at all: tests/unit/api/routing_test.cpp; curl 7.88 signs the header it removes.)
signed "$S" -X PUT -H 'Content-Type: text/plain' --data-binary '{"description":"x"}' "$BASE/agent/ALI"
expect_problem "PUT as text/plain -> 415" 415 UnsupportedMediaType
signed "$S" -X POST -H 'Content-Type: application/json; charset=utf-8' --data-binary "$AGENT" "$BASE/agent"
expect_status "POST as application/json; charset=utf-8 -> 200" 200
signed "$S" -X DELETE "$BASE/agent/CT1"
expect_status "DELETE (no body, no Content-Type) -> 200" 200

# --- codes --------------------------------------------------------------------------------------
for code in '*' 'A/B' '..' '../../x' 'RLO\u202eX' 'ZW\u200bX' 'BOM\ufeff' 'TAB\t'; do
  post_field "agent code '$code'" agent "{\"code\":\"$code\",\"description\":\"x\"}" code
done
signed "$S" -X POST "${JSON[@]}" --data-binary '{"code":"RLO\u202eX","description":"x"}' "$BASE/agent"
expect_json "the message names U+202E" "'U+202E (RIGHT-TO-LEFT OVERRIDE)' in d['message']"
post_field "journal entry docno 'JV/1'" journalentry \
  '{"docno":"JV/1","docdate":"2026-03-01","sdsdocdetail":[{"code":"900-002","dr":"1"},{"code":"500-000","cr":"1"}]}' docno

# --- types, discount, duplicate keys --------------------------------------------------------------
post_field 'isactive: 1' agent '{"code":"T1","description":"x","isactive":1}' isactive
post_field 'idtype: "1"' customer '{"code":"300-T1","companyname":"T","idtype":"1"}' idtype
post_field 'idtype: 1000.0' customer '{"code":"300-T1","companyname":"T","idtype":1000.0}' idtype
post_field 'disc "10%+"' salesinvoice \
  '{"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[{"itemcode":"ANT","qty":"1","unitprice":"5","disc":"10%+"}]}' \
  'sdsdocdetail[0].disc'
post_field 'duplicate key description' agent '{"code":"T2","description":"a","description":"b"}' description
post_field 'duplicate key in a row' salesinvoice \
  '{"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[{"itemcode":"ANT","qty":"1","QTY":"2"}]}' \
  'sdsdocdetail[0].QTY'
signed "$S" -X POST "${JSON[@]}" --data-binary '{"code":"300-A0001","docdate":"2026-03-01","sdsdocdetail":[{"itemcode":"ANT","qty":2,"unitprice":35.5}]}' "$BASE/salesinvoice"
expect_status "decimals as JSON numbers are still accepted -> 200" 200
DOCKEY="$(json_eval 'd["data"][0]["dockey"]')"
signed "$S" -X PUT "${JSON[@]}" --data-binary '{"updatecount":"1","description":"x"}' "$BASE/salesinvoice/$DOCKEY"
expect_problem 'PUT updatecount: "1" -> 400' 400 ValidationError
expect_json "... names updatecount" 'd["field"] == "updatecount"'
signed "$S" -X DELETE "$BASE/salesinvoice/$DOCKEY"
expect_status "DELETE the invoice again -> 200" 200

AFTER="$(totals)"
expect_eq "nothing was written by the refused requests (list totals)" "$BEFORE" "$AFTER"
if sqlacc verify >"$TMP/verify.out" 2>&1; then pass "sqlacc verify: the books are consistent"
else fail "sqlacc verify" "$(cat "$TMP/verify.out")"; fi

# --- --max-rows raises the row cap --------------------------------------------------------------
stop_server
start_server --max-rows 1500
log "server at $BASE (--max-rows 1500)"
signed "$S" -X POST "${JSON[@]}" --data-binary "@$TMP/rows1001.json" "$BASE/salesinvoice"
expect_status "with --max-rows 1500, 1,001 rows -> 200" 200
expect_json "... all 1,001 rows stored" 'len(d["data"][0]["sdsdocdetail"]) == 1001'
signed "$S" "$BASE/openapi.json"
expect_json "OpenAPI: sdsdocdetail maxItems 1500, note maxLength 1000000, description maxLength 300" '
  d["components"]["schemas"]["SalesInvoiceInput"]["properties"]["sdsdocdetail"]["maxItems"] == 1500
  and d["components"]["schemas"]["SalesInvoiceInput"]["properties"]["note"]["maxLength"] == 1000000
  and d["components"]["schemas"]["SalesInvoiceInput"]["properties"]["description"]["maxLength"] == 300'

finish
