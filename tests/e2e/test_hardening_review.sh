#!/usr/bin/env bash
# Hostile re-check of issue 12 (hardening) through a real `sqlacc serve` with curl --aws-sigv4:
# defects found by the review of the merged fixes.
#
# KNOWN DEFECT (fails on main 9c6a3eb): a list request repeating one filter parameter ~1000 times
# (`/agent?code=0&code=1&...`, about 7 KB, well under the 16 KB header limit) becomes one SQL condition
# per repetition, SQLite refuses the statement ("Expression tree is too large (maximum depth 1000)")
# and the client gets a 500 InternalError. Any signed user can do it. Expected: a 400 naming the
# parameter (e.g. refuse a repeated filter, or cap the number of conditions), never a 5xx. On
# PostgreSQL (e2e_pg_test_hardening_review) the same requests are answered 200; both 200 and a 400
# naming the parameter pass here.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
S=ap-southeast-5:sqlaccount

start_server
make_api_key APIUSER
log "server at $BASE"

# ok_or_400 NAME PARAM : the last answer is a 200 list, or a 400 problem naming PARAM; never a 5xx.
ok_or_400() {
  if [ "$STATUS" = 200 ]; then
    expect_json "$1 -> 200 list" '"pagination" in d'
  else
    expect_problem "$1 -> 200 or 400, not $STATUS" 400
    expect_json "... names $2" "d.get('field') == '$2'"
  fi
}

# repeat N TEMPLATE : TEMPLATE with %d replaced by 0..N-1, joined with '&'.
repeat() {
  local n="$1" tpl="$2" i out=""
  for ((i = 0; i < n; i++)); do out+="${out:+&}${tpl//%d/$i}"; done
  printf '%s' "$out"
}

# Small repetitions work (the conditions are ANDed: two different codes match nothing).
signed "$S" "$BASE/agent?code=ALI&code=ALI"
expect_status "code=ALI twice -> 200" 200
expect_json "... finds ALI" 'd["pagination"]["total"] == 1'

# KNOWN DEFECT: 1,000 repetitions of one equality filter.
signed "$S" "$BASE/agent?$(repeat 1000 'code=%d')"
ok_or_400 "KNOWN DEFECT: 1,000 repeated code= filters" code
# KNOWN DEFECT: 500 range filters are 1,000 conditions.
signed "$S" "$BASE/agent?$(repeat 500 'lastmodified=1~2')"
ok_or_400 "KNOWN DEFECT: 500 repeated lastmodified=1~2 ranges" lastmodified
# KNOWN DEFECT: the same on another object (the limit is SQLite's, not the object's).
signed "$S" "$BASE/customer?$(repeat 1000 'area=%d')"
ok_or_400 "KNOWN DEFECT: 1,000 repeated area= filters on /customer" area

# Whatever the answer, the server goes on answering and the books are intact.
signed "$S" "$BASE/agent?limit=1"
expect_status "the server still answers" 200
if sqlacc verify >"$TMP/verify.out" 2>&1; then pass "sqlacc verify: the books are consistent"
else fail "sqlacc verify" "$(cat "$TMP/verify.out")"; fi

finish
