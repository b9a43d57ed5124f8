#!/usr/bin/env bash
# The Postman collection (`sqlacc postman`, and signed GET /postman_collection.json) run by newman 6 against
# a real `sqlacc serve` on a fresh sample company: once as generated (awsv4 header auth), once with
# addAuthDataToQuery=true on every GET (presigned: newman sends no X-Amz-Expires for a non-S3 service, so
# the server's 900 s default applies). Every request must get a 2xx and newman must report no failure.
#
# Variables: --env-var sets environment variables, which in newman (as in Postman) override collection
# variables (precedence: global < collection < environment < data < local).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

NEWMAN="$E2E_DIR/node_modules/.bin/newman"
if ! command -v node >/dev/null || [ ! -x "$NEWMAN" ]; then
  echo "SKIP: newman is missing ($NEWMAN): run scripts/setup (or: cd tests/e2e && npm ci)"
  exit 77
fi
log "newman $("$NEWMAN" --version)"

start_server
make_api_key APIUSER
log "server at $BASE, access key $AK"

COLL="$TMP/postman_collection.json"
if out="$(sqlacc postman --url "$BASE" --out "$COLL" 2>&1)"; then
  pass "sqlacc postman --url --out exits 0"
else
  fail "sqlacc postman --url --out exits 0" "$out"
  finish
fi

# --- the collection's shape --------------------------------------------------------------------------
shape_check() {  # shape_check NAME PYEXPR : over c = the collection, items = every request item
  local out
  if out="$("$PY" - "$COLL" "$2" "$BASE" 2>&1 <<'PYEOF'
import json, sys
c = json.load(open(sys.argv[1]))
base = sys.argv[3]
def walk(items):
    for it in items:
        if 'item' in it:
            yield from walk(it['item'])
        else:
            yield it
items = list(walk(c.get('item', [])))
auth = {a['key']: a.get('value') for a in c.get('auth', {}).get('awsv4', [])}
var = {v['key']: v.get('value') for v in c.get('variable', [])}
def method(it): return it['request']['method'] if isinstance(it['request'], dict) else 'GET'
def raw(it):
    u = it['request']['url'] if isinstance(it['request'], dict) else it['request']
    return u if isinstance(u, str) else u.get('raw', '')
sys.exit(0 if eval(sys.argv[2]) else 1)
PYEOF
)"; then pass "$1"; else fail "$1" "expected: $2"$'\n'"$out"; fi
}

shape_check "collection declares the v2.1 schema" \
  'c["info"]["schema"] == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"'
shape_check "collection-level auth is awsv4" 'c["auth"]["type"] == "awsv4"'
shape_check "awsv4 auth uses {{your_access_key}}, {{your_secret_key}}, {{region}}, {{service}}" \
  'auth.get("accessKey") == "{{your_access_key}}" and auth.get("secretKey") == "{{your_secret_key}}" and auth.get("region") == "{{region}}" and auth.get("service") == "{{service}}"'
shape_check "collection variables your_access_key, your_secret_key, region, service, baseUrl" \
  '{"your_access_key", "your_secret_key", "region", "service", "baseUrl"} <= set(var)'
shape_check "baseUrl is the --url given" 'var["baseUrl"] == base'
shape_check "default region/service are ap-southeast-5/sqlaccount" \
  'var["region"] == "ap-southeast-5" and var["service"] == "sqlaccount"'
shape_check "no real key material in the generated file" \
  'not any(len(str(v or "")) == 64 for k, v in var.items() if k == "your_secret_key")'
shape_check "requests use {{baseUrl}}" 'items and all(raw(it).startswith("{{baseUrl}}") for it in items)'
shape_check "there is a GET {{baseUrl}}/agent request" \
  'any(method(it) == "GET" and raw(it).split("?")[0].rstrip("/") == "{{baseUrl}}/agent" for it in items)'

# --- newman runs ----------------------------------------------------------------------------------
# run_newman LABEL COLLECTION : runs it with the key as environment variables; checks the JSON report.
run_newman() {
  local label="$1" coll="$2" report="$TMP/newman-$1.json"
  "$NEWMAN" run "$coll" \
    --env-var "your_access_key=$AK" --env-var "your_secret_key=$SK" --env-var "baseUrl=$BASE" \
    --reporters cli,json --reporter-json-export "$report" \
    --color off --disable-unicode --timeout-request 30000 >"$TMP/newman-$label.out" 2>&1
  local rc=$?
  if [ "$rc" = 0 ]; then pass "[$label] newman run exits 0"; else
    fail "[$label] newman run exits 0" \
      "exit $rc"$'\n'"$(sed 's/\x1b\[[0-9;]*m//g' "$TMP/newman-$label.out" | tail -n 60)"; fi
  if [ ! -s "$report" ]; then fail "[$label] newman wrote its JSON report"; return; fi
  local out
  out="$("$PY" - "$report" "$label" "$SK" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))['run']
label, secret = sys.argv[2], sys.argv[3]
st = r['stats']
def line(ok, name, detail=''):
    print(('ok - ' if ok else 'FAIL - ') + '[%s] %s' % (label, name))
    if not ok and detail:
        print('    ' + str(detail).replace(secret, '<secret>')[:3000].replace('\n', '\n    '))
ex = r.get('executions', [])
line(len(ex) > 0, '%d requests executed' % len(ex))
line(st['requests']['failed'] == 0, 'no request failed (%d)' % st['requests']['failed'])
line(st['assertions']['failed'] == 0, 'no assertion failed (%d of %d)' % (st['assertions']['failed'], st['assertions']['total']))
line(not r.get('failures'), 'no failures in the run', [f.get('error', {}).get('message') for f in r.get('failures', [])])
bad, presigned, gets = [], 0, 0
for e in ex:
    req, res = e.get('request', {}), e.get('response') or {}
    u = req.get('url', {})
    path = '/' + '/'.join(u.get('path', [])) if isinstance(u, dict) else str(u)
    q = {p.get('key'): p.get('value') for p in (u.get('query', []) if isinstance(u, dict) else [])}
    code = res.get('code')
    name = e.get('item', {}).get('name')
    print('#   %-6s %-40s -> %s  (%s)' % (req.get('method'), path, code, name))
    if e.get('requestError') or not code or not 200 <= code < 300:
        body = bytes(res.get('stream', {}).get('data', [])).decode('utf-8', 'replace') if res else ''
        bad.append('%s %s -> %s %s %s' % (req.get('method'), path, code, e.get('requestError', ''), body[:400]))
    if req.get('method') == 'GET':
        gets += 1
        if 'X-Amz-Signature' in q:
            presigned += 1
            if 'X-Amz-Expires' in q:
                bad.append('%s: newman sent X-Amz-Expires (unexpected for a non-S3 service)' % path)
line(not bad, 'every request got a 2xx', '\n'.join(bad))
print('PRESIGNED %d %d' % (presigned, gets))
PYEOF
)"
  local l
  while IFS= read -r l; do
    case "$l" in
      "ok - "*) pass "${l#ok - }" ;;
      "FAIL - "*) FAIL=$((FAIL + 1)); echo "$l" ;;
      "PRESIGNED "*) NEWMAN_PRESIGNED="${l#PRESIGNED }" ;;
      *) echo "$l" ;;
    esac
  done <<<"$out"
}

NEWMAN_PRESIGNED=""
run_newman header "$COLL"
case "$NEWMAN_PRESIGNED" in "0 "*) pass "[header] no GET was presigned" ;;
  *) fail "[header] no GET was presigned" "presigned/gets: $NEWMAN_PRESIGNED" ;; esac

# --- again with addAuthDataToQuery on every GET, on a fresh sample company ----------------------------
QCOLL="$TMP/postman_collection_query.json"
if "$PY" - "$COLL" "$QCOLL" <<'PYEOF'
import copy, json, sys
c = json.load(open(sys.argv[1]))
def presign(auth):
    a = copy.deepcopy(auth)
    a['awsv4'] = [x for x in a['awsv4'] if x['key'] != 'addAuthDataToQuery']
    a['awsv4'].append({'key': 'addAuthDataToQuery', 'value': True, 'type': 'boolean'})
    return a
def walk(items):
    for it in items:
        if 'item' in it:
            walk(it['item'])
            continue
        req = it['request']
        if isinstance(req, str):
            req = it['request'] = {'method': 'GET', 'url': req}
        if req.get('method', 'GET') == 'GET':
            own = req.get('auth')
            req['auth'] = presign(own if own and own.get('type') == 'awsv4' else c['auth'])
walk(c['item'])
json.dump(c, open(sys.argv[2], 'w'), indent=1)
PYEOF
then
  fresh_server
  make_api_key APIUSER
  log "fresh server at $BASE for the presigned run"
  run_newman query "$QCOLL"
  read -r presigned gets <<<"${NEWMAN_PRESIGNED:-0 0}"
  if [ "${presigned:-0}" -gt 0 ] && [ "$presigned" = "$gets" ]; then
    pass "[query] every GET was sent presigned ($presigned of $gets)"
  else
    fail "[query] every GET was sent presigned" "presigned/gets: $NEWMAN_PRESIGNED"
  fi
else
  fail "edit the collection for addAuthDataToQuery"
fi

# --- GET /postman_collection.json (signed) is the same collection ----------------------------------
http --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "$AK:$SK" "$BASE/postman_collection.json"
expect_status "signed GET /postman_collection.json -> 200" 200
cp "$BODY_FILE" "$TMP/served_collection.json"
sqlacc postman --url "$BASE" --out "$COLL" >/dev/null 2>&1   # same base URL as the server now has
if out="$("$PY" - "$COLL" "$TMP/served_collection.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def strip(c):
    c = json.loads(json.dumps(c))
    c.get('info', {}).pop('_postman_id', None)
    return c
def shape(c):
    def walk(items):
        out = []
        for it in items:
            if 'item' in it:
                out.append((it.get('name'), walk(it['item'])))
            else:
                r = it['request']
                u = r['url'] if isinstance(r, dict) else r
                out.append((it.get('name'), r.get('method') if isinstance(r, dict) else 'GET',
                            u if isinstance(u, str) else u.get('raw')))
        return out
    return (c['info'].get('name'), c['info'].get('schema'), c.get('auth'),
            sorted(v['key'] for v in c.get('variable', [])), walk(c.get('item', [])))
if strip(a) == strip(b):
    print('identical apart from _postman_id'); sys.exit(0)
if shape(a) == shape(b):
    print('same structure (names, methods, URLs, auth, variable keys); other details differ'); sys.exit(0)
print('CLI:    ', json.dumps(shape(a))[:1500]); print('served: ', json.dumps(shape(b))[:1500]); sys.exit(1)
PYEOF
)"; then
  pass "GET /postman_collection.json has the structure of 'sqlacc postman' ($out)"
else
  fail "GET /postman_collection.json has the structure of 'sqlacc postman'" "$out"
fi
expect_json "served collection's baseUrl is this server" \
  "any(v['key'] == 'baseUrl' and v['value'] == '$BASE' for v in d['variable'])"

http "$BASE/postman_collection.json"
expect_problem "unsigned GET /postman_collection.json -> 401" 401 MissingAuthenticationToken

finish
