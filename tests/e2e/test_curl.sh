#!/usr/bin/env bash
# curl 7.88 --aws-sigv4 against a real `sqlacc serve`, with both default (region, service) pairs.
#
# Only URLs that curl 7.88.1 signs correctly are used (see shared/reference/sigv4.md §1.4): queries
# already sorted and canonical, no %XX in paths, no repeated headers. curl signs host, x-amz-date and
# every -H header (so Content-Type is signed on writes); it sends no x-amz-content-sha256.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

command -v curl >/dev/null || { echo "SKIP: curl is not installed"; exit 77; }
log "$(curl --version | head -n1)"

start_server
make_api_key APIUSER
log "server at $BASE, access key $AK"

JSON=(-H 'Content-Type: application/json')

# --- unsigned --------------------------------------------------------------------------------------
http "$BASE/healthcheck"
expect_status "unsigned GET /healthcheck -> 200" 200
expect_json "unsigned healthcheck says status ok, authenticated false" \
  'd["status"] == "ok" and d["authenticated"] is False'

http "$BASE/agent"
expect_problem "unsigned GET /agent -> 401 MissingAuthenticationToken" 401 MissingAuthenticationToken

n=0
for scope in ap-southeast-5:sqlaccount ap-southeast-1:execute-api; do
  n=$((n + 1))
  code="CURL$n"
  t="[$scope]"

  # --- healthcheck, version, profile ---------------------------------------------------------------
  signed "$scope" "$BASE/healthcheck"
  expect_status "$t signed GET /healthcheck -> 200" 200
  expect_json "$t signed healthcheck names user and company" \
    'd["status"] == "ok" and d["authenticated"] is True and d["user"] == "APIUSER" and d["company"] == "main"'

  signed "$scope" "$BASE/version"
  expect_status "$t GET /version -> 200" 200
  expect_json "$t /version is {data:[{version}]}" 'isinstance(d["data"], list) and d["data"][0]["version"]'

  signed "$scope" "$BASE/profile"
  expect_status "$t GET /profile -> 200" 200
  expect_json "$t /profile names the company" 'd["data"][0]["company"] == "main"'

  # --- list ----------------------------------------------------------------------------------------
  signed "$scope" "$BASE/agent"
  expect_status "$t GET /agent -> 200" 200
  expect_json "$t GET /agent envelope {pagination:{offset,limit,count,total}, data:[...]}" '
    d["pagination"]["offset"] == 0 and d["pagination"]["limit"] == 50
    and d["pagination"]["count"] == len(d["data"]) and d["pagination"]["total"] >= len(d["data"])
    and isinstance(d["data"], list)'
  expect_json "$t agent rows carry code, description, isactive (bool), lastmodified (int)" '
    len(d["data"]) > 0 and all(isinstance(r["code"], str) and "description" in r
      and isinstance(r["isactive"], bool) and isinstance(r["lastmodified"], int) for r in d["data"])'
  expect_json "$t sample agents include ALI, LIM, KUMAR, SITI" \
    '{"ALI", "LIM", "KUMAR", "SITI"} <= {r["code"] for r in d["data"]}'
  expect_eq "$t list Content-Type is application/json" "application/json" \
    "$(header_value Content-Type | cut -d';' -f1)"

  signed "$scope" "$BASE/agent/"
  expect_status "$t GET /agent/ (trailing slash) lists too" 200
  expect_json "$t GET /agent/ is a list envelope" '"pagination" in d and len(d["data"]) > 0'

  # limit < offset alphabetically: the query is already sorted, as curl 7.88 requires.
  signed "$scope" "$BASE/agent?limit=2&offset=1"
  expect_status "$t GET /agent?limit=2&offset=1 -> 200" 200
  expect_json "$t limit=2&offset=1 returns 2 rows with offset 1, limit 2" '
    d["pagination"]["offset"] == 1 and d["pagination"]["limit"] == 2 and d["pagination"]["count"] == 2
    and len(d["data"]) == 2'

  signed "$scope" "$BASE/agent?code=ALI"
  expect_status "$t GET /agent?code=ALI -> 200" 200
  expect_json "$t list filter code=ALI returns only ALI" '[r["code"] for r in d["data"]] == ["ALI"]'

  # --- star and by key -----------------------------------------------------------------------------
  signed "$scope" "$BASE/agent/*?code=ALI"
  expect_status "$t GET /agent/*?code=ALI -> 200" 200
  expect_json "$t star query returns {data:[ALI]}" 'len(d["data"]) == 1 and d["data"][0]["code"] == "ALI"'

  signed "$scope" "$BASE/agent/ALI"
  expect_status "$t GET /agent/ALI -> 200" 200
  expect_json "$t GET /agent/ALI returns {data:[ALI]}" \
    'len(d["data"]) == 1 and d["data"][0]["code"] == "ALI" and isinstance(d["data"][0]["isactive"], bool)'

  signed "$scope" "$BASE/agent/NOSUCHAGT"
  expect_problem "$t GET /agent/NOSUCHAGT -> 404 problem" 404

  # --- create / duplicate / update / delete --------------------------------------------------------
  signed "$scope" -X POST "${JSON[@]}" --data-binary "{\"code\":\"$code\",\"description\":\"Created by curl\"}" "$BASE/agent"
  expect_status "$t POST /agent $code -> 200" 200
  expect_json "$t POST returns {data:[{code:$code}]}" \
    "d['data'][0]['code'] == '$code' and d['data'][0]['description'] == 'Created by curl'"

  signed "$scope" -X POST "${JSON[@]}" --data-binary "{\"code\":\"$code\",\"description\":\"again\"}" "$BASE/agent"
  expect_problem "$t POST duplicate $code -> 409" 409

  signed "$scope" "$BASE/agent/$code"
  expect_json "$t duplicate POST did not overwrite $code" "d['data'][0]['description'] == 'Created by curl'"

  signed "$scope" -X PUT "${JSON[@]}" \
    --data-binary "{\"code\":\"$code\",\"description\":\"Changed by curl\",\"isactive\":false}" "$BASE/agent/$code"
  expect_status "$t PUT /agent/$code -> 200" 200
  expect_json "$t PUT returns the updated record" \
    "d['data'][0]['code'] == '$code' and d['data'][0]['description'] == 'Changed by curl' and d['data'][0]['isactive'] is False"

  signed "$scope" "$BASE/agent/*?code=$code"
  expect_json "$t GET after PUT shows the change" \
    "d['data'][0]['description'] == 'Changed by curl' and d['data'][0]['isactive'] is False"

  signed "$scope" -X DELETE "$BASE/agent/$code"
  expect_status "$t DELETE /agent/$code -> 200" 200

  signed "$scope" "$BASE/agent/$code"
  expect_problem "$t GET /agent/$code after DELETE -> 404" 404

  signed "$scope" -X DELETE "$BASE/agent/$code"
  expect_problem "$t DELETE again -> 404" 404

  # --- validation ----------------------------------------------------------------------------------
  signed "$scope" -X POST "${JSON[@]}" --data-binary '{"code":"BAD1","description":' "$BASE/agent"
  expect_problem "$t POST invalid JSON -> 400" 400

  signed "$scope" -X POST "${JSON[@]}" --data-binary '{}' "$BASE/agent"
  expect_problem "$t POST {} -> 400" 400

  signed "$scope" -X POST "${JSON[@]}" \
    --data-binary '{"code":"BAD2","description":"x","bogusfield":1}' "$BASE/agent"
  expect_problem "$t POST with unknown field -> 400" 400
  expect_json "$t unknown-field error names the field" \
    'd.get("field") == "bogusfield" or "bogusfield" in d["message"]'

  signed "$scope" "$BASE/agent?code=BAD1"
  expect_json "$t rejected POSTs wrote nothing" \
    'not any(r["code"] in ("BAD1", "BAD2") for r in d["data"])'
done

# --- other code-keyed masters: list + create + delete with curl ---------------------------------------
for res in area terms currency project location stockgroup; do
  signed ap-southeast-5:sqlaccount "$BASE/$res"
  expect_status "GET /$res -> 200" 200
  expect_json "GET /$res is a list envelope" \
    'd["pagination"]["count"] == len(d["data"]) and isinstance(d["data"], list)'
done
for res in account tax; do
  signed ap-southeast-5:sqlaccount "$BASE/$res"
  expect_status "GET /$res -> 200" 200
  expect_json "GET /$res has sample rows" 'len(d["data"]) > 0 and d["pagination"]["total"] >= len(d["data"])'
done
signed ap-southeast-5:sqlaccount -X POST "${JSON[@]}" --data-binary '{"code":"CURLAREA","description":"Area by curl"}' "$BASE/area"
expect_status "POST /area CURLAREA -> 200" 200
signed ap-southeast-5:sqlaccount -X DELETE "$BASE/area/CURLAREA"
expect_status "DELETE /area/CURLAREA -> 200" 200

# --- Test Connection and its cURL line --------------------------------------------------------------
for scope in ap-southeast-5:sqlaccount ap-southeast-1:execute-api; do
  region="${scope%%:*}"; service="${scope##*:}"
  if out="$(sqlacc apikey test --url "$BASE" --access-key "$AK" --secret-key "$SK" \
              --region "$region" --service "$service" 2>&1)"; then
    pass "[$scope] sqlacc apikey test exits 0"
  else
    fail "[$scope] sqlacc apikey test exits 0" "$out"
  fi
  if grep -q 'Test Connection: OK' <<<"$out"; then
    pass "[$scope] apikey test prints 'Test Connection: OK'"
  else
    fail "[$scope] apikey test prints 'Test Connection: OK'" "$out"
  fi
  line="$(grep -m1 -E '^[[:space:]]*curl ' <<<"$out" | sed -e 's/^[[:space:]]*//')"
  if [ -z "$line" ]; then
    fail "[$scope] apikey test prints a cURL line" "$out"
    continue
  fi
  pass "[$scope] apikey test prints a cURL line"
  # Split the printed command like a shell would (no eval), then run it with our output options.
  mapfile -d '' -t words < <("$PY" -c 'import shlex,sys; sys.stdout.write("\0".join(shlex.split(sys.argv[1])) + "\0")' "$line")
  if [ "${words[0]:-}" != curl ]; then
    fail "[$scope] cURL line starts with curl" "$line"
    continue
  fi
  http "${words[@]:1}"
  expect_status "[$scope] the printed cURL line runs and gets 200" 200
  expect_json "[$scope] the printed cURL line returns data" 'isinstance(d.get("data"), list)'
done

if out="$(sqlacc apikey test --url "$BASE" --access-key "$AK" --secret-key "$(wrong_secret "$SK")" 2>&1)"; then
  fail "apikey test with a wrong secret exits non-zero" "$out"
else
  pass "apikey test with a wrong secret exits non-zero"
fi

# --- graceful stop ----------------------------------------------------------------------------------
stop_server
expect_eq "server exits 0 on SIGTERM" 0 "$SERVER_EXIT"

finish
