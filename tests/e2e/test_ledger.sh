#!/usr/bin/env bash
# The ledger's outside faces: `GET /trialbalance` and `sqlacc verify`. Documents that post arrive with
# the eleven-objects issue; until then this suite writes gl_entry rows straight into the company
# database (as another process would: tests/e2e/db.sh) to prove the report and the invariant checks
# read the real books, balanced and unbalanced.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/db.sh"

start_server
make_api_key APIUSER
SCOPE=ap-southeast-5:sqlaccount

check "sqlacc verify on the fresh sample company exits 0" sqlacc verify

signed "$SCOPE" "$BASE/trialbalance?date=2026-01-31"
expect_status "GET /trialbalance on empty books -> 200" 200
expect_json "empty books: no rows, totals 0.00 = 0.00" \
  'd["data"] == [] and d["totals"] == {"dr": "0.00", "cr": "0.00"} and d["date"] == "2026-01-31"'

post_raw() {  # post_raw DOCTYPE DOCKEY DOCNO DATE ACCOUNT DR_CENTS CR_CENTS
  db_sql "INSERT INTO gl_entry (doctype, dockey, docno, postdate, account, dr, cr, description, project) VALUES ('$1', $2, '$3', '$4', '$5', $6, $7, '', '')"
}

# A balanced journal: Dr 300-000 106.00 / Cr 500-000 100.00 / Cr 420-000 6.00 on 2026-01-15.
post_raw IV 1 IV-00001 2026-01-15 300-000 10600 0
post_raw IV 1 IV-00001 2026-01-15 500-000 0 10000
post_raw IV 1 IV-00001 2026-01-15 420-000 0 600
check "verify after a balanced document exits 0" sqlacc verify

signed "$SCOPE" "$BASE/trialbalance?date=2026-01-31"
expect_status "GET /trialbalance -> 200" 200
expect_json "trial balance rows and equal totals" \
  '{r["account"]: (r["dr"], r["cr"]) for r in d["data"]} == {"300-000": ("106.00", "0.00"), "420-000": ("0.00", "6.00"), "500-000": ("0.00", "100.00")} and d["totals"] == {"dr": "106.00", "cr": "106.00"}'
signed "$SCOPE" "$BASE/trialbalance?date=2026-01-14"
expect_json "entries after the date are left out" 'd["data"] == []'
signed "$SCOPE" "$BASE/trialbalance?date=2026-02-30"
expect_problem "impossible date -> 400" 400 InvalidParameter
signed "$SCOPE" "$BASE/trialbalance?from=2026-01-01"
expect_problem "unknown parameter -> 400" 400 InvalidParameter

# One unbalanced row: verify names the document and fails; the report shows unequal totals.
post_raw JE 9 JV-00009 2026-01-20 610-000 5000 0
out="$(sqlacc verify 2>&1)"; rc=$?
expect_eq "verify exits 1 on unbalanced books" 1 "$rc"
check "verify names the unbalanced document" grep -q "JV-00009" <<<"$out"
signed "$SCOPE" "$BASE/trialbalance?date=2026-12-31"
expect_json "totals show the imbalance" 'd["totals"] == {"dr": "156.00", "cr": "106.00"}'

finish
