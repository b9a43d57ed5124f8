#!/usr/bin/env bash
# SigV4 and login negative paths against a real `sqlacc serve`.
#
# Requests that curl cannot make (forged X-Amz-Date, presigned URLs, malformed Authorization, unsigned
# x-amz-* headers, a lying x-amz-content-sha256) are signed by a small stdlib-only Python signer written
# below (hmac + hashlib; no botocore, so it is independent of the other suites). Every rejection must be
# HTTP 401 with the expected "code" in an application/problem+json body, and every rejected POST (each
# would have created an agent) is followed by a signed list proving that nothing was written.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/db.sh"

start_server
make_api_key APIUSER 'api-user-pass-1'
MAIN_AK="$AK"; MAIN_SK="$SK"
ALL_SECRETS=("$SK")
add_user CLERK 'clerk-pass-1'
log "server at $BASE, access key $AK"

S5=ap-southeast-5:sqlaccount

# ---------------------------------------------------------------------------------------------------
# The signer: sigv4.py [options] METHOD URL -> prints the HTTP status; body and headers to files.
cat >"$TMP/sigv4.py" <<'PYEOF'
import argparse, datetime, hashlib, hmac, http.client, sys, urllib.parse

p = argparse.ArgumentParser()
p.add_argument('method'); p.add_argument('url')
p.add_argument('--ak', required=True); p.add_argument('--sk', required=True)
p.add_argument('--region', default='ap-southeast-5'); p.add_argument('--service', default='sqlaccount')
p.add_argument('--offset', type=int, default=0, help='signing time = now + OFFSET seconds')
p.add_argument('--scope-date', help='credential-scope date (default: the date of X-Amz-Date)')
p.add_argument('--data', default=None, help='body that is signed (and sent)')
p.add_argument('--send-data', default=None, help='body actually sent (default: --data)')
p.add_argument('-H', dest='signed', action='append', default=[], help='signed header "Name: value"')
p.add_argument('-U', dest='unsigned', action='append', default=[], help='unsigned header "Name: value"')
p.add_argument('--no-host', action='store_true', help='leave host out of SignedHeaders')
p.add_argument('--no-date-header', action='store_true', help='do not send X-Amz-Date')
p.add_argument('--payload-hash', help='send and sign x-amz-content-sha256 with this value')
p.add_argument('--presign', action='store_true')
p.add_argument('--expires', default='300', help="presign X-Amz-Expires; 'none' = leave it out")
p.add_argument('--tamper', action='store_true', help='flip the last hex digit of the signature')
p.add_argument('--tamper-query', help='presign: after signing, append this to the query')
p.add_argument('--authorization', help='send this Authorization header verbatim (with a fresh X-Amz-Date)')
p.add_argument('--print-url', action='store_true', help='presign: print the URL and do not send')
p.add_argument('--body-out', required=True); p.add_argument('--headers-out', required=True)
a = p.parse_args()

def enc(s):
    return urllib.parse.quote(s, safe='-_.~')

def hdr(h):
    n, v = h.split(':', 1)
    return n.strip(), v.strip()

u = urllib.parse.urlsplit(a.url)
host = u.netloc
path = u.path or '/'
now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=a.offset)
amz_date = now.strftime('%Y%m%dT%H%M%SZ')
scope_date = a.scope_date or amz_date[:8]
scope = '%s/%s/%s/aws4_request' % (scope_date, a.region, a.service)
body = (a.data or '').encode()
sent_body = body if a.send_data is None else a.send_data.encode()
payload_hash = a.payload_hash or hashlib.sha256(body).hexdigest()

signed = [hdr(h) for h in a.signed]
if not a.no_host:
    signed.append(('host', host))
if not a.presign and not a.no_date_header:
    signed.append(('x-amz-date', amz_date))
if a.payload_hash and not a.presign:
    signed.append(('x-amz-content-sha256', a.payload_hash))
canon_headers = {}
for n, v in signed:
    canon_headers.setdefault(n.lower(), []).append(' '.join(v.split()))
signed_names = ';'.join(sorted(canon_headers))

query = urllib.parse.parse_qsl(u.query, keep_blank_values=True)
if a.presign:
    query += [('X-Amz-Algorithm', 'AWS4-HMAC-SHA256'), ('X-Amz-Credential', a.ak + '/' + scope),
              ('X-Amz-Date', amz_date), ('X-Amz-SignedHeaders', signed_names)]
    if a.expires != 'none':
        query.append(('X-Amz-Expires', a.expires))
canon_query = '&'.join('%s=%s' % kv for kv in sorted((enc(k), enc(v)) for k, v in query))
canon_uri = urllib.parse.quote(path, safe='/~')       # non-S3 rule: the path as sent, encoded again
canon_request = '\n'.join([a.method, canon_uri, canon_query,
                           ''.join('%s:%s\n' % (n, ','.join(canon_headers[n])) for n in sorted(canon_headers)),
                           signed_names, payload_hash])
string_to_sign = '\n'.join(['AWS4-HMAC-SHA256', amz_date, scope,
                            hashlib.sha256(canon_request.encode()).hexdigest()])

def h(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()

k = h(('AWS4' + a.sk).encode(), scope_date)
k = h(k, a.region); k = h(k, a.service); k = h(k, 'aws4_request')
sig = hmac.new(k, string_to_sign.encode(), hashlib.sha256).hexdigest()
if a.tamper:
    sig = sig[:-1] + ('0' if sig[-1] != '0' else '1')

headers = []
for n, v in signed:
    if n.lower() != 'host':
        headers.append((n, v))
headers.append(('Host', host))
if a.presign:
    query_out = [(k_, v_) for k_, v_ in query] + [('X-Amz-Signature', sig)]
    target = path + '?' + '&'.join('%s=%s' % (enc(k_), enc(v_)) for k_, v_ in query_out)
    if a.tamper_query:
        target += '&' + a.tamper_query
else:
    target = path + ('?' + u.query if u.query else '')
    if a.authorization is not None:
        auth = a.authorization
        if not any(n.lower() == 'x-amz-date' for n, _ in headers):
            headers.append(('X-Amz-Date', amz_date))
    else:
        auth = 'AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s' % (a.ak, scope, signed_names, sig)
    headers.append(('Authorization', auth))
headers += [hdr(x) for x in a.unsigned]

if a.print_url:
    print('%s://%s%s' % (u.scheme, host, target))
    sys.exit(0)

c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
c.putrequest(a.method, target, skip_host=True, skip_accept_encoding=True)
for n, v in headers:
    c.putheader(n, v)
if sent_body or a.method in ('POST', 'PUT'):
    c.putheader('Content-Length', str(len(sent_body)))
c.endheaders(sent_body if sent_body else None)
r = c.getresponse()
data = r.read()
open(a.body_out, 'wb').write(data)
with open(a.headers_out, 'w') as f:
    f.write('HTTP/1.1 %d %s\n' % (r.status, r.reason))
    for n, v in r.getheaders():
        f.write('%s: %s\n' % (n, v))
print(r.status)
PYEOF

# sig [sigv4.py options] METHOD URL : signs with the stdlib signer (AK/SK unless --ak/--sk are given
# again later on the line) and sends; sets STATUS and BODY like http().
sig() {
  : >"$BODY_FILE"; : >"$HDR_FILE"
  LAST_REQ="sigv4.py $*"
  STATUS="$("$PY" "$TMP/sigv4.py" --ak "$AK" --sk "$SK" --body-out "$BODY_FILE" --headers-out "$HDR_FILE" "$@" 2>"$TMP/py_err")" || {
    LAST_REQ="$LAST_REQ (python: $(tail -n 3 "$TMP/py_err"))"; STATUS=000; }
  BODY="$(cat "$BODY_FILE")"
}

# not_written CODE : a signed list (with the main key) proves that agent CODE does not exist.
not_written() {
  local saved_status="$STATUS"
  http --aws-sigv4 "aws:amz:$S5" --user "$MAIN_AK:$MAIN_SK" "$BASE/agent?code=$1"
  if [ "$STATUS" != 200 ]; then
    fail "  ... and agent $1 was not written (follow-up list failed)" "$(_last_exchange)"
  else
    expect_json "  ... and agent $1 was not written" "not any(r['code'] == '$1' for r in d['data'])"
  fi
  http --aws-sigv4 "aws:amz:$S5" --user "$MAIN_AK:$MAIN_SK" "$BASE/agent/$1"
  expect_status "  ... and GET /agent/$1 is 404" 404
  STATUS="$saved_status"
}

agent_body() { printf '{"code":"%s","description":"must not be written"}' "$1"; }

# ---------------------------------------------------------------------------------------------------
# The signer itself must be right, or every negative below proves nothing.
sig GET "$BASE/agent"
expect_status "stdlib signer: header-signed GET /agent -> 200 (signer sanity)" 200
sig --region ap-southeast-1 --service execute-api -H 'Content-Type: application/json' \
  --data "$(printf '{"code":"NEGOK","description":"signer sanity"}')" POST "$BASE/agent"
expect_status "stdlib signer: header-signed POST /agent (execute-api) -> 200" 200
sig --presign GET "$BASE/agent?limit=1&offset=0"
expect_status "stdlib signer: presigned GET /agent (X-Amz-Expires=300) -> 200" 200

# --- bad signatures ----------------------------------------------------------------------------------
sig --tamper -H 'Content-Type: application/json' --data "$(agent_body NEG01)" POST "$BASE/agent"
expect_problem "tampered signature -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
not_written NEG01

sig --sk "$(wrong_secret "$SK")" -H 'Content-Type: application/json' --data "$(agent_body NEG02)" POST "$BASE/agent"
expect_problem "wrong secret (stdlib signer) -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
not_written NEG02

http --aws-sigv4 "aws:amz:$S5" --user "$AK:$(wrong_secret "$SK")" -X POST -H 'Content-Type: application/json' \
  --data-binary "$(agent_body NEG03)" "$BASE/agent"
expect_problem "wrong secret (curl) -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
not_written NEG03

sig -H 'Content-Type: application/json' --data "$(agent_body NEG04)" \
  --send-data "$(agent_body NEG04X)" POST "$BASE/agent"
expect_problem "body changed after signing -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
not_written NEG04
not_written NEG04X

sig -H 'Content-Type: application/json' -H 'X-Custom: a' --data "$(agent_body NEG05)" \
  -U 'X-Custom: b' POST "$BASE/agent"
expect_problem "second value added to a signed header -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
not_written NEG05

sig -H 'Content-Type: application/json' --data "$(agent_body NEG06)" \
  --payload-hash "$(printf '%s' '{"code":"OTHER"}' | sha256sum | cut -d' ' -f1)" POST "$BASE/agent"
expect_problem "x-amz-content-sha256 of another body -> 401 XAmzContentSHA256Mismatch" 401 XAmzContentSHA256Mismatch
not_written NEG06

# --- unknown / revoked / regenerated keys ------------------------------------------------------------
sig --ak "00000000000000000000000000000000.main/APIUSER" -H 'Content-Type: application/json' \
  --data "$(agent_body NEG10)" POST "$BASE/agent"
expect_problem "unknown access key -> 401 InvalidAccessKeyId" 401 InvalidAccessKeyId
not_written NEG10

sig --ak "${AK%%.*}.nosuchco/APIUSER" -H 'Content-Type: application/json' \
  --data "$(agent_body NEG11)" POST "$BASE/agent"
expect_problem "access key naming an unknown company -> 401 InvalidAccessKeyId" 401 InvalidAccessKeyId
not_written NEG11

sig --ak "${AK%%/*}/NOSUCHUSER" -H 'Content-Type: application/json' \
  --data "$(agent_body NEG12)" POST "$BASE/agent"
expect_problem "access key naming another user -> 401 InvalidAccessKeyId" 401 InvalidAccessKeyId
not_written NEG12

make_api_key REVUSER
ALL_SECRETS+=("$SK")
REV_AK="$AK"; REV_SK="$SK"
sig --ak "$REV_AK" --sk "$REV_SK" GET "$BASE/agent"
expect_status "revocable key works before revoke" 200
check "sqlacc apikey revoke REVUSER" sqlacc apikey revoke REVUSER
sig --ak "$REV_AK" --sk "$REV_SK" -H 'Content-Type: application/json' --data "$(agent_body NEG20)" POST "$BASE/agent"
expect_problem "revoked key, very next request -> 401 InvalidAccessKeyId" 401 InvalidAccessKeyId
not_written NEG20
http --aws-sigv4 "aws:amz:$S5" --user "$REV_AK:$REV_SK" "$BASE/healthcheck"
expect_problem "revoked key on signed /healthcheck -> 401 InvalidAccessKeyId" 401 InvalidAccessKeyId

make_api_key REGUSER
ALL_SECRETS+=("$SK")
OLD_AK="$AK"; OLD_SK="$SK"
sig --ak "$OLD_AK" --sk "$OLD_SK" GET "$BASE/agent"
expect_status "first key of REGUSER works" 200
gen_key REGUSER
ALL_SECRETS+=("$SK")
NEW_AK="$AK"; NEW_SK="$SK"
if [ "$NEW_SK" != "$OLD_SK" ]; then pass "regenerate gives a new secret"; else fail "regenerate gives a new secret"; fi
sig --ak "$OLD_AK" --sk "$OLD_SK" -H 'Content-Type: application/json' --data "$(agent_body NEG21)" POST "$BASE/agent"
expect_problem "old pair refused right after regenerate -> 401" 401 InvalidAccessKeyId SignatureDoesNotMatch
not_written NEG21
sig --ak "$NEW_AK" --sk "$NEW_SK" GET "$BASE/agent"
expect_status "new pair works right after regenerate" 200
AK="$MAIN_AK"; SK="$MAIN_SK"

# --- clock skew (header auth, ±15 min window) --------------------------------------------------------
sig --offset 960 -H 'Content-Type: application/json' --data "$(agent_body NEG30)" POST "$BASE/agent"
expect_problem "X-Amz-Date +16 min -> 401 RequestTimeTooSkewed" 401 RequestTimeTooSkewed
not_written NEG30
sig --offset -960 -H 'Content-Type: application/json' --data "$(agent_body NEG31)" POST "$BASE/agent"
expect_problem "X-Amz-Date -16 min -> 401 RequestTimeTooSkewed" 401 RequestTimeTooSkewed
not_written NEG31
sig --offset 840 GET "$BASE/agent"
expect_status "X-Amz-Date +14 min accepted" 200
sig --offset -840 GET "$BASE/agent"
expect_status "X-Amz-Date -14 min accepted" 200
sig --offset -840 -H 'Content-Type: application/json' --data '{"code":"NEG14","description":"14 min ago"}' POST "$BASE/agent"
expect_status "POST signed 14 min ago accepted" 200
http --aws-sigv4 "aws:amz:$S5" --user "$AK:$SK" "$BASE/agent/NEG14"
expect_status "  ... and it was written" 200

# --- presigned URLs ----------------------------------------------------------------------------------
sig --presign --offset -120 --expires 60 GET "$BASE/agent"
expect_problem "presign expired (X-Amz-Date -2 min, Expires 60) -> 401 RequestExpired" 401 RequestExpired
sig --presign --offset -3600 --expires 7200 GET "$BASE/agent"
expect_status "presign signed 1 h ago with Expires 7200 still valid" 200
sig --presign --expires 604800 GET "$BASE/agent"
expect_status "presign with X-Amz-Expires=604800 (the maximum) accepted" 200
sig --presign --expires 604801 GET "$BASE/agent"
expect_problem "presign X-Amz-Expires=604801 -> 401 AuthorizationQueryParametersError" 401 AuthorizationQueryParametersError
sig --presign --expires 0 GET "$BASE/agent"
expect_problem "presign X-Amz-Expires=0 -> 401 AuthorizationQueryParametersError" 401 AuthorizationQueryParametersError
sig --presign --expires abc GET "$BASE/agent"
expect_problem "presign X-Amz-Expires=abc -> 401 AuthorizationQueryParametersError" 401 AuthorizationQueryParametersError
sig --presign --expires none GET "$BASE/agent"
expect_status "presign without X-Amz-Expires (newman style), fresh -> 200" 200
sig --presign --expires none --offset -600 GET "$BASE/agent"
expect_status "presign without X-Amz-Expires, 10 min old -> 200 (valid 900 s)" 200
sig --presign --expires none --offset -1000 GET "$BASE/agent"
expect_problem "presign without X-Amz-Expires, 1000 s old -> 401 RequestExpired" 401 RequestExpired
sig --presign --offset 960 GET "$BASE/agent"
expect_problem "presign dated 16 min in the future -> 401" 401 RequestTimeTooSkewed RequestExpired
sig --presign --tamper GET "$BASE/agent"
expect_problem "presign with tampered signature -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
sig --presign --tamper-query 'limit=1' GET "$BASE/agent"
expect_problem "presign with a parameter added after signing -> 401 SignatureDoesNotMatch" 401 SignatureDoesNotMatch
sig --presign -U 'X-Amz-Meta-Foo: bar' GET "$BASE/agent"
expect_problem "presign plus unsigned X-Amz-Meta-Foo header -> 401 UnsignedHeaders" 401 UnsignedHeaders
URL="$("$PY" "$TMP/sigv4.py" --ak "$AK" --sk "$SK" --presign --print-url --body-out /dev/null --headers-out /dev/null GET "$BASE/agent")"
http "${URL/X-Amz-Credential=/X-Amz-Foo=}"
expect_problem "presign without X-Amz-Credential -> 401 AuthorizationQueryParametersError" 401 AuthorizationQueryParametersError

# --- malformed Authorization -------------------------------------------------------------------------
DAY="$(date -u +%Y%m%d)"
CRED="$AK/$DAY/ap-southeast-5/sqlaccount/aws4_request"
sig --authorization "AWS4-HMAC-SHA256 Credential=$CRED, SignedHeaders=host;x-amz-date" \
  -H 'Content-Type: application/json' --data "$(agent_body NEG40)" POST "$BASE/agent"
expect_problem "Authorization without Signature -> 401" 401 IncompleteSignature AuthorizationHeaderMalformed
not_written NEG40
sig --authorization "AWS4-HMAC-SHA256 Credential=$CRED, Signature=$(printf '0%.0s' {1..64})" \
  -H 'Content-Type: application/json' --data "$(agent_body NEG41)" POST "$BASE/agent"
expect_problem "Authorization without SignedHeaders -> 401" 401 IncompleteSignature AuthorizationHeaderMalformed
not_written NEG41
sig --authorization "AWS4-HMAC-SHA256 Credential=garbage, SignedHeaders=host;x-amz-date, Signature=$(printf 'a%.0s' {1..64})" \
  -H 'Content-Type: application/json' --data "$(agent_body NEG42)" POST "$BASE/agent"
expect_problem "Authorization with a malformed Credential -> 401" 401 AuthorizationHeaderMalformed IncompleteSignature
not_written NEG42
sig --authorization "AWS4-HMAC-SHA256" -H 'Content-Type: application/json' --data "$(agent_body NEG43)" POST "$BASE/agent"
expect_problem "Authorization with only the algorithm -> 401" 401 IncompleteSignature AuthorizationHeaderMalformed
not_written NEG43
sig --authorization "AWS4-HMAC-SHA256 Credential=$AK/$DAY/ap-southeast-5/sqlaccount/aws4_request, SignedHeaders=host;x-amz-date, Signature=xyz" \
  -H 'Content-Type: application/json' --data "$(agent_body NEG44)" POST "$BASE/agent"
expect_problem "Authorization with a non-hex short Signature -> 401" 401 \
  SignatureDoesNotMatch IncompleteSignature AuthorizationHeaderMalformed
not_written NEG44
sig --authorization "Basic QVBJVVNFUjpwYXNz" -H 'Content-Type: application/json' --data "$(agent_body NEG45)" POST "$BASE/agent"
expect_problem "Authorization: Basic -> 401" 401 \
  MissingAuthenticationToken IncompleteSignature AuthorizationHeaderMalformed
not_written NEG45
sig --no-date-header -H 'Content-Type: application/json' --data "$(agent_body NEG46)" POST "$BASE/agent"
expect_problem "signed request without X-Amz-Date -> 401" 401 \
  MissingDateHeader IncompleteSignature AuthorizationHeaderMalformed
not_written NEG46
sig --scope-date "$(date -u -d yesterday +%Y%m%d)" -H 'Content-Type: application/json' \
  --data "$(agent_body NEG47)" POST "$BASE/agent"
expect_problem "credential date != X-Amz-Date date -> 401" 401 AuthorizationHeaderMalformed SignatureDoesNotMatch
not_written NEG47
sig --no-host -H 'Content-Type: application/json' --data "$(agent_body NEG48)" POST "$BASE/agent"
expect_problem "host left out of SignedHeaders -> 401" 401 UnsignedHeaders AuthorizationHeaderMalformed
not_written NEG48

# --- unsigned x-amz-* header -------------------------------------------------------------------------
sig -H 'Content-Type: application/json' --data "$(agent_body NEG50)" -U 'X-Amz-Meta-Foo: bar' POST "$BASE/agent"
expect_problem "unsigned X-Amz-Meta-Foo -> 401 UnsignedHeaders" 401 UnsignedHeaders
not_written NEG50
sig -H 'Content-Type: application/json' --data "$(agent_body NEG51)" -U 'X-Amz-Security-Token: forged' POST "$BASE/agent"
expect_problem "unsigned X-Amz-Security-Token -> 401 UnsignedHeaders" 401 UnsignedHeaders
not_written NEG51
sig -H 'Content-Type: application/json' -H 'X-Amz-Meta-Foo: bar' --data '{"code":"NEG52","description":"signed meta"}' POST "$BASE/agent"
expect_status "the same X-Amz-Meta-Foo, signed -> 200" 200

# --- scope not accepted ------------------------------------------------------------------------------
sig --region us-east-1 --service s3 -H 'Content-Type: application/json' --data "$(agent_body NEG60)" POST "$BASE/agent"
expect_problem "scope us-east-1/s3 -> 401 AuthorizationHeaderMalformed" 401 AuthorizationHeaderMalformed
not_written NEG60
sig --region ap-southeast-5 --service execute-api -H 'Content-Type: application/json' --data "$(agent_body NEG61)" POST "$BASE/agent"
expect_problem "mixed pair ap-southeast-5/execute-api -> 401 AuthorizationHeaderMalformed" 401 AuthorizationHeaderMalformed
not_written NEG61
http --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AK:$SK" -X POST -H 'Content-Type: application/json' \
  --data-binary "$(agent_body NEG62)" "$BASE/agent"
expect_problem "curl with scope us-east-1/s3 -> 401 AuthorizationHeaderMalformed" 401 AuthorizationHeaderMalformed
not_written NEG62
sig --presign --region us-east-1 --service s3 GET "$BASE/agent"
expect_problem "presign with scope us-east-1/s3 -> 401" 401 AuthorizationQueryParametersError AuthorizationHeaderMalformed

# --- unsigned --------------------------------------------------------------------------------------
http -X POST -H 'Content-Type: application/json' --data-binary "$(agent_body NEG70)" "$BASE/agent"
expect_problem "unsigned POST /agent -> 401 MissingAuthenticationToken" 401 MissingAuthenticationToken
not_written NEG70
http "$BASE/agent"
expect_problem "unsigned GET /agent -> 401 MissingAuthenticationToken" 401 MissingAuthenticationToken
http "$BASE/version"
expect_problem "unsigned GET /version -> 401 MissingAuthenticationToken" 401 MissingAuthenticationToken
sig --tamper GET "$BASE/healthcheck"
expect_problem "signed /healthcheck with a bad signature -> 401" 401 SignatureDoesNotMatch

# --- /admin/login -----------------------------------------------------------------------------------
login() { http -X POST -H 'Content-Type: application/json' --data-binary "$1" "$BASE/admin/login"; }

login '{"username":"CLERK","password":"clerk-pass-1"}'
expect_status "password user CLERK logs in -> 200" 200
cookie="$(header_value Set-Cookie)"
case "$cookie" in sqlacc_session=?*) pass "login sets the sqlacc_session cookie" ;;
  *) fail "login sets the sqlacc_session cookie" "Set-Cookie: $cookie" ;; esac
case "$cookie" in *HttpOnly*) pass "session cookie is HttpOnly" ;;
  *) fail "session cookie is HttpOnly" "Set-Cookie: $cookie" ;; esac
case "$cookie" in *SameSite=Strict*) pass "session cookie is SameSite=Strict" ;;
  *) fail "session cookie is SameSite=Strict" "Set-Cookie: $cookie" ;; esac

login '{"username":"CLERK","password":"wrong-pass"}'
expect_problem "wrong password -> 401" 401
if [ -z "$(header_value Set-Cookie)" ]; then pass "no cookie on a wrong password"; else
  fail "no cookie on a wrong password" "Set-Cookie: $(header_value Set-Cookie)"; fi

login '{"username":"NOBODY","password":"x"}'
expect_problem "unknown user -> 401" 401

login '{"username":"APIUSER","password":"api-user-pass-1"}'
expect_problem "user holding an API key cannot log in -> 403" 403
expect_json "  ... and the message says API users cannot log in" '"api" in d["message"].lower()'
if [ -z "$(header_value Set-Cookie)" ]; then pass "no cookie for the API user"; else
  fail "no cookie for the API user" "Set-Cookie: $(header_value Set-Cookie)"; fi

# --- the secret never reaches the log or the database ------------------------------------------------
if out="$(sqlacc user list --json 2>&1)"; then
  leaked=0
  for s in "${ALL_SECRETS[@]}"; do grep -qF "$s" <<<"$out" && leaked=1; done
  if [ "$leaked" = 0 ]; then pass "user list --json shows no secret"; else fail "user list --json shows no secret"; fi
else
  fail "sqlacc user list --json runs" "$out"
fi
mapfile -t STORED < <(db_stored_bytes)
if grep -rqaF "APIUSER" "${STORED[@]}"; then
  pass "data dir files are readable as bytes (user code APIUSER found)"
else
  fail "data dir files are readable as bytes (user code APIUSER found)" "$(ls -laR "$DATA")"
fi
if [ -s "$SERVER_LOG" ] && grep -q '"GET /agent' "$SERVER_LOG"; then pass "server log has access lines"
else fail "server log has access lines" "$(head -c 1000 "$SERVER_LOG")"; fi
i=0
for s in "${ALL_SECRETS[@]}"; do
  i=$((i + 1))
  if grep -qaF "$s" "$SERVER_LOG"; then fail "secret #$i absent from the server log" "found in $SERVER_LOG"
  else pass "secret #$i absent from the server log"; fi
  hits="$(grep -rlaF "$s" "${STORED[@]}" 2>/dev/null)"
  if [ -z "$hits" ]; then pass "secret #$i absent from every stored byte (data dir, database files, WAL)"
  else fail "secret #$i absent from every stored byte (data dir, database files, WAL)" "found in: $hits"; fi
done

# --- revoke, then the same user may log in with its password ----------------------------------------
check "sqlacc apikey revoke APIUSER" sqlacc apikey revoke APIUSER
login '{"username":"APIUSER","password":"api-user-pass-1"}'
expect_status "after revoking its key, APIUSER logs in with its password -> 200" 200
case "$(header_value Set-Cookie)" in sqlacc_session=?*) pass "  ... and gets a session cookie" ;;
  *) fail "  ... and gets a session cookie" "Set-Cookie: $(header_value Set-Cookie)" ;; esac
http --aws-sigv4 "aws:amz:$S5" --user "$MAIN_AK:$MAIN_SK" "$BASE/agent"
expect_problem "revoked APIUSER key -> 401 InvalidAccessKeyId" 401 InvalidAccessKeyId

# --- --accept-scope replaces the default pairs --------------------------------------------------------
stop_server
expect_eq "server exits 0 on SIGTERM" 0 "$SERVER_EXIT"
start_server --accept-scope us-east-1/s3
make_api_key SCOPEUSER
ALL_SECRETS+=("$SK")
sig --region us-east-1 --service s3 GET "$BASE/agent"
expect_status "--accept-scope us-east-1/s3: that scope is accepted" 200
sig GET "$BASE/agent"
expect_problem "--accept-scope us-east-1/s3: ap-southeast-5/sqlaccount is refused" 401 AuthorizationHeaderMalformed
leaked=""
for s in "${ALL_SECRETS[@]}"; do grep -qaF "$s" "$TMP"/server.*.log "$TMP/init.out" && leaked="$leaked $s"; done
if [ -z "$leaked" ]; then pass "no secret in any server log (both runs)"; else
  fail "no secret in any server log (both runs)"; fi

finish
