#!/usr/bin/env bash
# The OpenAPI 3.1 contract against a real `sqlacc serve`:
#   - GET /openapi.json (unsigned) is the same document as `sqlacc openapi --url BASE`;
#   - @redocly/cli lints it with zero errors;
#   - every route the server has is in it: each resource the router names (its 404 for an unknown
#     resource lists them all) has its list/create, star and record paths with their methods, and
#     so do the service's own routes;
#   - nothing in it is a route the server lacks: every documented object path answers a signed GET
#     with something other than 404 UnknownResource;
#   - each object's create example in the document is accepted by the server.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

REDOCLY="$REPO_ROOT/tests/e2e/node_modules/.bin/redocly"
[ -x "$REDOCLY" ] || { echo "SKIP: @redocly/cli is not installed (run scripts/setup)"; exit 77; }

start_server
make_api_key APIUSER
SCOPE=ap-southeast-5:sqlaccount

http "$BASE/openapi.json"
expect_status "unsigned GET /openapi.json -> 200" 200
expect_json "it is OpenAPI 3.1 naming this server" \
  "d['openapi'] == '3.1.0' and d['servers'][0]['url'] == '$BASE'"
cp "$BODY_FILE" "$TMP/served.json"

"$SQLACC" openapi --url "$BASE" --out "$TMP/cli.json" 2>/dev/null
expect_eq "sqlacc openapi --url BASE writes the same document" \
  "$(cat "$TMP/served.json")" "$(cat "$TMP/cli.json")"

# --- lint -------------------------------------------------------------------------------------------
if (cd "$TMP" && "$REDOCLY" lint served.json --format=stylish >"$TMP/lint.txt" 2>&1); then
  pass "redocly lint: no errors ($(grep -c warning "$TMP/lint.txt") warnings)"
else
  fail "redocly lint: no errors" "$(grep -v '^\s*$' "$TMP/lint.txt" | tail -40)"
fi

# --- the server's routes are all documented ---------------------------------------------------------
signed "$SCOPE" "$BASE/no-such-resource"
expect_problem "an unknown resource -> 404 listing the resources" 404 UnknownResource
ROUTES="$(json_eval 'd["message"].split("Available: ", 1)[1]')"
log "the router names: $ROUTES"

"$PY" - "$TMP/served.json" "$ROUTES" >"$TMP/coverage.txt" <<'PYEOF'
import json, sys
doc = json.load(open(sys.argv[1]))
paths = doc['paths']
names = [n.strip() for n in sys.argv[2].split(',') if n.strip()]
service = {'trialbalance', 'version', 'profile', 'healthcheck'}
for n in names:
    if n in service:
        want = {'/' + n: {'get'}}
    else:
        want = {'/' + n: {'get', 'post'}, '/' + n + '/{key}': {'get', 'put', 'delete'},
                '/' + n + '/*': {'get'}}
    for p, methods in want.items():
        have = set(paths.get(p, {})) & {'get', 'put', 'post', 'delete', 'patch'}
        print(('ok ' if methods <= have else 'MISSING ') + p + ' ' + ' '.join(sorted(methods - have)))
for p in ['/', '/openapi.json', '/postman_collection.json', '/admin/login']:
    print(('ok ' if p in paths else 'MISSING ') + p)
PYEOF
missing="$(grep -c '^MISSING' "$TMP/coverage.txt")"
checked="$(wc -l <"$TMP/coverage.txt")"
if [ "$missing" = 0 ] && [ "$checked" -gt 40 ]; then
  pass "every route the server has is documented ($checked paths checked)"
else
  fail "every route the server has is documented" "$(grep '^MISSING' "$TMP/coverage.txt")"
fi

# --- and nothing more -------------------------------------------------------------------------------
"$PY" -c '
import json, sys
for p in json.load(open(sys.argv[1]))["paths"]:
    if not p.startswith("/admin") and "{" not in p and p not in ("/", "/openapi.json"):
        print(p)' "$TMP/served.json" >"$TMP/plain_paths.txt"
unknown=""
while read -r p; do
  signed "$SCOPE" "$BASE$p"
  if [ "$STATUS" = 404 ] && grep -q UnknownResource "$BODY_FILE"; then unknown="$unknown $p"; fi
done <"$TMP/plain_paths.txt"
expect_eq "every documented path is served ($(wc -l <"$TMP/plain_paths.txt") probed)" "" "$unknown"

# --- the documented examples are accepted -----------------------------------------------------------
# Objects in document order (masters before the documents that reference them), as newman runs them.
"$PY" - "$TMP/served.json" "$TMP" <<'PYEOF' >"$TMP/examples.txt"
import json, sys
doc = json.load(open(sys.argv[1]))
for path, item in doc['paths'].items():
    post = item.get('post')
    if not post or path.startswith('/admin') or path.count('/') != 1:
        continue
    schema = post['requestBody']['content']['application/json']['schema']['$ref'].split('/')[-1]
    example = doc['components']['schemas'][schema]['examples'][0]
    name = path[1:]
    open('%s/example_%s.json' % (sys.argv[2], name), 'w').write(json.dumps(example))
    print(name)
PYEOF
bad=""
while read -r name; do
  signed "$SCOPE" -X POST -H 'Content-Type: application/json' \
    --data-binary @"$TMP/example_$name.json" "$BASE/$name"
  [ "$STATUS" = 200 ] || bad="$bad $name:$STATUS:$(head -c 200 "$BODY_FILE")"
done <"$TMP/examples.txt"
expect_eq "each object's create example is accepted ($(wc -l <"$TMP/examples.txt") objects)" "" "$bad"

finish
