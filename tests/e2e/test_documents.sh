#!/usr/bin/env bash
# A PDF of every document type (documents_test.py, driven by Debian's python3-botocore), and
# `sqlacc verify` before and after. What the documents do is told by the behaviour cases
# (tests/cases/, test_cases.sh). Run with /usr/bin/python3: the pyenv python3 on PATH cannot see
# Debian's dist-packages.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

if ! /usr/bin/python3 -c 'import botocore' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 cannot import botocore (apt-get install python3-botocore)"
  exit 77
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "SKIP: pdftotext not found (apt-get install poppler-utils)"
  exit 77
fi

start_server
make_api_key APIUSER
log "server at $BASE, access key $AK"

check "sqlacc verify on the fresh sample company exits 0" sqlacc verify

# A company's own template name, registered on the command line while the server runs: the PDF
# steps print with it (documents_test.py, cli_alias), then it is removed here.
CLI_ALIAS='Sales Invoice 8 (SST 2) HMAC-SHA256'
check "template alias add (CLI)" \
  sqlacc template alias add salesinvoice "$CLI_ALIAS" --as 'Sales Invoice 5 - Half Page'
check_not "template alias add (CLI) refuses a built-in name as the alias" \
  sqlacc template alias add salesinvoice 'Sales Invoice 9 (Simple)' --as 'Sales Invoice 1'
check_not "template alias add (CLI) refuses another object's template" \
  sqlacc template alias add salesinvoice 'My PO' --as 'Purchase Order 1'

BASE="$BASE" AK="$AK" SK="$SK" CLI_ALIAS="$CLI_ALIAS" \
  /usr/bin/python3 -B "$E2E_DIR/documents_test.py" >"$TMP/documents.out" 2>&1
rc=$?
absorb_tap "$TMP/documents.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/documents.out"; then
  fail "documents_test.py exits 0" "exit status $rc (crashed?); see the output above"
fi

listed="$(sqlacc template alias list salesinvoice --json)"
expect_eq "template alias list (CLI) shows the alias" \
  "[{\"object\":\"salesinvoice\",\"name\":\"$CLI_ALIAS\",\"template\":\"Sales Invoice 5 - Half Page\"}]" \
  "$listed"
check "template alias remove (CLI), any letter case" \
  sqlacc template alias remove salesinvoice "${CLI_ALIAS^^}"
expect_eq "template alias list (CLI) is empty after the removal" "[]" \
  "$(sqlacc template alias list --json)"
check_not "template alias remove (CLI) of an unknown alias fails" \
  sqlacc template alias remove salesinvoice "$CLI_ALIAS"

# After the scenario: the books still verify once the server has stopped (nothing left unflushed).
stop_server
check "sqlacc verify exits 0 after the server stopped" sqlacc verify
finish
