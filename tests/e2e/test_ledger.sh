#!/usr/bin/env bash
# The ledger as another process may leave it: this suite writes gl_entry rows straight into the
# company database (tests/e2e/db.sh) to prove that `GET /trialbalance` and `sqlacc verify` read the
# real books, and that verify catches books no document could have posted (unbalanced). What the
# trial balance shows for posted documents, and its 400s, are behaviour cases:
# tests/cases/trialbalance.case and the document cases.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/db.sh"

start_server
make_api_key APIUSER
SCOPE=ap-southeast-5:sqlaccount

check "sqlacc verify on the fresh sample company exits 0" sqlacc verify

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

# One unbalanced row: verify names the document and fails; the report shows unequal totals.
post_raw JE 9 JV-00009 2026-01-20 610-000 5000 0
out="$(sqlacc verify 2>&1)"; rc=$?
expect_eq "verify exits 1 on unbalanced books" 1 "$rc"
check "verify names the unbalanced document" grep -q "JV-00009" <<<"$out"
signed "$SCOPE" "$BASE/trialbalance?date=2026-12-31"
expect_json "totals show the imbalance" 'd["totals"] == {"dr": "156.00", "cr": "106.00"}'

finish
