#!/usr/bin/env bash
# A company from before payment methods had to be bank or cash accounts (README: "Which accounts a
# posting may use"): its bank account carries no special type and one payment went to the sales
# account. `sqlacc migrate` (module bizobject, step 2) marks the account its posted payments use as
# a bank account and leaves the sales account alone; that payment can then be cancelled, not
# changed. The same on SQLite and PostgreSQL (the step is SQL of its own on both).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/db.sh"

start_server
make_api_key APIUSER
SCOPE=ap-southeast-5:sqlaccount
JSON=(-H 'Content-Type: application/json')

special_type() {  # special_type ACCOUNT : prints its specialacctype through the API
  signed "$SCOPE" "$BASE/account/$1"
  json_eval 'd["data"][0]["specialacctype"]'
}

for n in 1 2; do
  signed "$SCOPE" "${JSON[@]}" "$BASE/customerpayment" -d \
    '{"code":"300-A0001","docdate":"2026-03-05","paymentmethod":"320-000","docamt":"10.00"}'
  expect_status "payment $n into 320-000 -> 200" 200
done
PM2="$(json_eval 'd["data"][0]["dockey"]')"

# The company as an older sqlacc left it.
stop_server
db_sql "UPDATE account SET specialacctype = '' WHERE code IN ('320-000', '320-001')"
db_sql "UPDATE ar_pm SET paymentmethod = '500-000' WHERE dockey = $PM2"
db_sql "DELETE FROM schema_migration WHERE module = 'bizobject' AND version = 2"

out="$(sqlacc migrate --dry-run 2>&1)"
check "migrate --dry-run lists the step" grep -q "payment methods" <<<"$out"
check "sqlacc migrate runs the step" sqlacc migrate
start_server

expect_eq "320-000, used by a payment, is a bank account now" BA "$(special_type 320-000)"
expect_eq "320-001, used by none, is left alone" "" "$(special_type 320-001)"
expect_eq "500-000 (sales) is left alone" "" "$(special_type 500-000)"
expect_eq "300-000 stays the debtors' control account" DC "$(special_type 300-000)"

signed "$SCOPE" "${JSON[@]}" "$BASE/customerpayment" -d \
  '{"code":"300-A0001","docdate":"2026-03-06","paymentmethod":"320-000","docamt":"10.00"}'
expect_status "a new payment into 320-000 -> 200" 200

signed "$SCOPE" "${JSON[@]}" -X PUT "$BASE/customerpayment/$PM2" -d \
  '{"description":"changed","updatecount":1}'
expect_problem "changing the payment made to 500-000 -> 400" 400 ValidationError
expect_json "... naming paymentmethod" 'd["field"] == "paymentmethod"'

signed "$SCOPE" "${JSON[@]}" -X PUT "$BASE/customerpayment/$PM2" -d \
  '{"cancelled":true,"updatecount":1}'
expect_status "cancelling it -> 200" 200

check "sqlacc verify exits 0" sqlacc verify
finish
