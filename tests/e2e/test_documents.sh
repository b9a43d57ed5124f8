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

BASE="$BASE" AK="$AK" SK="$SK" \
  /usr/bin/python3 -B "$E2E_DIR/documents_test.py" >"$TMP/documents.out" 2>&1
rc=$?
absorb_tap "$TMP/documents.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/documents.out"; then
  fail "documents_test.py exits 0" "exit status $rc (crashed?); see the output above"
fi

# After the scenario: the books still verify once the server has stopped (nothing left unflushed).
stop_server
check "sqlacc verify exits 0 after the server stopped" sqlacc verify
finish
