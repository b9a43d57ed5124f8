#!/usr/bin/env bash
# Raw URLs as the signing clients of Debian 12 sign them, against a real `sqlacc serve`.
#
# curl 7.88 (`--aws-sigv4`) signs the URL's query exactly as it stands: unsorted, a raw '*' or '+'
# unescaped. botocore's SigV4Auth on a raw URL signs the query split on '&', sorted, each pair's bytes
# as they stand. Neither is the standard canonical query (decoded, re-encoded, sorted); the server
# also tries these forms (src/auth/canonical.h, canonical_query_candidates). Each URL here is one the
# README documents (the wildcard, a raw '+' for a space, offset/limit); every one must return the
# rows it asks for, not only 200. Controls: a wrong secret, and a query changed after signing, are
# still refused.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
if ! "$PY" -c 'import botocore' 2>/dev/null; then
  echo "SKIP: $PY cannot import botocore (apt-get install python3-botocore)"
  exit 77
fi
log "$(curl --version | head -n1); botocore $("$PY" -c 'import botocore; print(botocore.__version__)')"

start_server
make_api_key APIUSER
log "server at $BASE, access key $AK"
S5=ap-southeast-5:sqlaccount
JSON=(-H 'Content-Type: application/json')

# boto [--sk SECRET] [--send PATH] METHOD PATH [JSON] : botocore SigV4Auth signs BASE+PATH as it
# stands (AWSRequest, no params=); the request goes out with http.client without re-quoting (to
# --send PATH instead, when given: a query changed after signing). Sets STATUS, BODY, BODY_FILE.
boto() {
  local sk="$SK" send=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --sk) sk="$2"; shift 2 ;;
      --send) send="$2"; shift 2 ;;
      *) break ;;
    esac
  done
  LAST_REQ="botocore $*${send:+ (sent as $send)}"
  : >"$BODY_FILE"; : >"$HDR_FILE"
  STATUS="$(BASE="$BASE" AK="$AK" SK="$sk" SEND="$send" "$PY" -B - "$@" 2>"$TMP/boto_err" <<'PYEOF'
import http.client, json, os, sys
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
base, method, path = os.environ['BASE'], sys.argv[1], sys.argv[2]
data = sys.argv[3].encode() if len(sys.argv) > 3 else None
headers = {'Content-Type': 'application/json'} if data is not None else {}
req = AWSRequest(method=method, url=base + path, data=data, headers=headers)
SigV4Auth(Credentials(os.environ['AK'], os.environ['SK']), 'sqlaccount', 'ap-southeast-5').add_auth(req)
p = req.prepare()
c = http.client.HTTPConnection(base.split('//', 1)[1], timeout=30)
c.request(p.method, os.environ['SEND'] or path, body=p.body, headers=dict(p.headers.items()))
r = c.getresponse()
with open(os.environ['TMP'] + '/last_body', 'wb') as f:
    f.write(r.read())
with open(os.environ['TMP'] + '/last_headers', 'w') as f:
    f.write(''.join('%s: %s\r\n' % kv for kv in r.getheaders()))
print(r.status)
PYEOF
)" || { STATUS="${STATUS:-000}"; LAST_REQ="$LAST_REQ ($(cat "$TMP/boto_err"))"; }
  BODY="$(cat "$BODY_FILE")"
}

# --- data the queries must find -----------------------------------------------------------------------
signed $S5 -X POST "${JSON[@]}" --data-binary \
  '{"code":"300-SC001","companyname":"ABC TRADING SDN BHD","sdsbranch":[{"branchtype":"B","branchname":"BILLING"}]}' \
  "$BASE/customer"
expect_status "create customer 300-SC001 'ABC TRADING SDN BHD'" 200
signed $S5 -X POST "${JSON[@]}" --data-binary \
  '{"code":"300-SC002","companyname":"ABC TRADING","sdsbranch":[{"branchtype":"B","branchname":"BILLING"}]}' \
  "$BASE/customer"
expect_status "create customer 300-SC002 'ABC TRADING' (not matched by the full name)" 200
signed $S5 -X POST "${JSON[@]}" --data-binary \
  '{"code":"400-SC003","companyname":"ABC TRADING SDN BHD","sdsbranch":[{"branchtype":"B","branchname":"BILLING"}]}' \
  "$BASE/customer"
expect_status "create customer 400-SC003 (not matched by code=300*)" 200
signed $S5 -X POST "${JSON[@]}" --data-binary '{"code":"SCAGT","description":"x'"'"'(y)!"}' "$BASE/agent"
expect_status "create agent SCAGT with description x'(y)!" 200

# What the filters must return, taken from the server with standard-form queries (already canonical,
# so every client signs them alike).
signed $S5 "$BASE/customer?limit=1000"
ALL_300="$(json_eval 'sorted(r["code"] for r in d["data"] if r["code"].startswith("300"))')"
expect_json "400-SC003 is listed (so code=300* has a row to leave out)" \
  '"400-SC003" in [r["code"] for r in d["data"]]' 
signed $S5 "$BASE/customer?companyname=ABC%20TRADING%20SDN%20BHD"
ABC_FULL="$(json_eval 'sorted(r["code"] for r in d["data"])')"
signed $S5 "$BASE/agent?limit=1000"
AGENTS="$(json_eval '[r["code"] for r in d["data"]]')"
log "customers 300*: $ALL_300; named ABC TRADING SDN BHD: $ABC_FULL; agents: $AGENTS"
expect_json "sample and created customers exist under 300*" \
  "{'300-C0001', '300-SC001', '300-SC002'} <= set($ALL_300)"
expect_json "'ABC TRADING SDN BHD' names 300-SC001 and 400-SC003 (and the sample's 300-A0001), not 300-SC002" \
  "'300-SC001' in $ABC_FULL and '400-SC003' in $ABC_FULL and '300-SC002' not in $ABC_FULL"

check_rows() {  # check_rows CLIENT : the last reply, by URL (in $URL)
  local t="[$1] GET $URL"
  case "$URL" in
    '/customer?code=300*')
      expect_status "$t -> 200" 200
      expect_json "$t returns exactly the customers whose code starts with 300" \
        "sorted(r['code'] for r in d['data']) == $ALL_300 and d['pagination']['total'] == len($ALL_300)" ;;
    '/customer?companyname=ABC+TRADING+SDN+BHD')
      expect_status "$t -> 200" 200
      expect_json "$t returns the customers named 'ABC TRADING SDN BHD' ('+' is a space)" \
        "sorted(r['code'] for r in d['data']) == $ABC_FULL
         and all(r['companyname'] == 'ABC TRADING SDN BHD' for r in d['data'])" ;;
    '/agent?offset=1&limit=2')
      expect_status "$t -> 200" 200
      expect_json "$t returns rows 2 and 3 of the list, offset 1, limit 2" \
        "[r['code'] for r in d['data']] == $AGENTS[1:3] and d['pagination']['offset'] == 1
         and d['pagination']['limit'] == 2 and d['pagination']['count'] == 2" ;;
    "/agent?description=x'(y)!")
      expect_status "$t -> 200" 200
      expect_json "$t returns SCAGT" \
        "[(r['code'], r['description']) for r in d['data']] == [('SCAGT', \"x'(y)!\")]" ;;
    *) fail "$t: no check for this URL" ;;
  esac
}

# --- curl 7.88: the query as received ---------------------------------------------------------------
for URL in '/customer?code=300*' '/customer?companyname=ABC+TRADING+SDN+BHD' '/agent?offset=1&limit=2' \
           "/agent?description=x'(y)!"; do
  signed $S5 "$BASE$URL"
  check_rows curl
done

# --- botocore SigV4Auth on raw URLs: the query sorted, its bytes as they stand ------------------------
for URL in '/customer?code=300*' '/customer?companyname=ABC+TRADING+SDN+BHD' "/agent?description=x'(y)!" \
           '/agent?offset=1&limit=2'; do
  boto GET "$URL"
  check_rows botocore
done
# The customer resource has no description field: the same raw query there is a 400 naming it (so
# the request was authenticated), not a 401.
boto GET "/customer?description=x'(y)!"
expect_problem "[botocore] GET /customer?description=x'(y)! -> 400 (signed; unknown field)" 400

# --- controls: still refused --------------------------------------------------------------------------
BAD_SK="$(wrong_secret "$SK")"
for URL in '/customer?code=300*' '/customer?companyname=ABC+TRADING+SDN+BHD' '/agent?offset=1&limit=2'; do
  http --aws-sigv4 "aws:amz:$S5" --user "$AK:$BAD_SK" "$BASE$URL"
  expect_problem "[curl] wrong secret, GET $URL -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
  boto --sk "$BAD_SK" GET "$URL"
  expect_problem "[botocore] wrong secret, GET $URL -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
done
expect_json "the 401 lists the canonical queries tried (standard, as received)" \
  '"canonical query tried: limit=2&offset=1, offset=1&limit=2" in d["message"]'

# Signed for one query, sent with another: a changed byte, the same value re-escaped, a parameter
# added, and (for curl's unsorted form) a reorder.
for pair in '/customer?code=300*|/customer?code=301*' '/customer?code=300*|/customer?code=300%2A' \
            '/customer?companyname=ABC+TRADING+SDN+BHD|/customer?companyname=ABC%2BTRADING%2BSDN%2BBHD' \
            '/customer?companyname=ABC+TRADING+SDN+BHD|/customer?companyname=ABC+TRADING+SDN+BHD&limit=1' \
            "/agent?description=x'(y)!|/agent?description=x'(y)"; do
  boto --send "${pair#*|}" GET "${pair%%|*}"
  expect_problem "[botocore] signed ${pair%%|*}, sent ${pair#*|} -> 401" 401 SignatureDoesNotMatch
done

# curl's signature over offset=1&limit=2, replayed on other queries (its headers taken from curl -v,
# then re-sent as they are).
curl -s -v -o /dev/null --aws-sigv4 "aws:amz:$S5" --user "$AK:$SK" "$BASE/agent?offset=1&limit=2" \
  2>"$TMP/curl_verbose"
CURL_AUTH="$(grep -m1 '^> Authorization: ' "$TMP/curl_verbose" | sed -e 's/^> //' -e 's/\r$//')"
CURL_DATE="$(grep -m1 '^> X-Amz-Date: ' "$TMP/curl_verbose" | sed -e 's/^> //' -e 's/\r$//')"
for other in '/agent?offset=1&limit=2' '/agent?limit=2&offset=1' '/agent?offset=1&limit=3' \
             '/agent?offset=%31&limit=2' '/agent?offset=1&limit=2&'; do
  http -H "$CURL_AUTH" -H "$CURL_DATE" "$BASE$other"
  if [ "$other" = '/agent?offset=1&limit=2' ]; then
    expect_status "[curl] captured signature replayed on its own URL -> 200" 200
  else
    expect_problem "[curl] signed /agent?offset=1&limit=2, sent $other -> 401" 401 SignatureDoesNotMatch
  fi
done

finish
