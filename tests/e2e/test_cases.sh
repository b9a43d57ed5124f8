#!/usr/bin/env bash
# The behaviour cases (tests/cases/*.case, format in tests/cases/README.md): one `sqlacc serve` on a
# fresh data dir, each case in a company of its own, run by case_runner.py with Debian's
# python3-botocore (the pyenv python3 on PATH cannot see Debian's dist-packages). On PostgreSQL runs
# (E2E_PG_DIR) lib.sh gives the script a database of its own.
#   bash tests/e2e/test_cases.sh build/sqlacc                               # every case
#   bash tests/e2e/test_cases.sh build/sqlacc tests/cases/salesinvoice.case # only these
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

if ! /usr/bin/python3 -c 'import botocore' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 cannot import botocore (apt-get install python3-botocore)"
  exit 77
fi

start_server
make_api_key APIUSER   # e2e_client.py wants a key at import; each case makes its own
log "server at $BASE"

shift
cases=()
for f in "$@"; do
  case "$f" in /*) cases+=("$f") ;; *) cases+=("$(pwd)/$f") ;; esac
done
BASE="$BASE" AK="$AK" SK="$SK" SQLACC="$SQLACC" DATA="$DATA" \
  /usr/bin/python3 -B "$E2E_DIR/case_runner.py" "${cases[@]}" >"$TMP/cases.out" 2>&1
rc=$?
absorb_tap "$TMP/cases.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/cases.out"; then
  fail "case_runner.py exits 0" "exit status $rc (crashed?); see the output above"
fi

# The runner can fail: journalentry.case with a wrong docno and a wrong debit must fail, naming both.
if [ ${#cases[@]} -eq 0 ]; then
  sed -e 's/"docno": "JV-00001", "sdsdocdetail"/"docno": "JV-00002", "sdsdocdetail"/' \
    -e '0,/^610-000 dr 25.50/s//610-000 dr 25.60/' "$REPO_ROOT/tests/cases/journalentry.case" >"$TMP/wrong.case"
  BASE="$BASE" AK="$AK" SK="$SK" SQLACC="$SQLACC" DATA="$DATA" \
    /usr/bin/python3 -B "$E2E_DIR/case_runner.py" "$TMP/wrong.case" >"$TMP/wrong.out" 2>&1
  expect_eq "a case with wrong expectations fails" 1 "$?"
  check "the failure names the step, the wrong docno and the wrong ledger line" \
    grep -Pzq 'FAILED wrong.case:line 11: POST /journalentry\n.*data\[0\].docno: expected "JV-00002", got "JV-00001"\n(.*\n)*.*! 610-000 +expected dr 25.60 +got dr 25.50' "$TMP/wrong.out"
fi
finish
