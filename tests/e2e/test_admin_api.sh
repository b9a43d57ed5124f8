#!/usr/bin/env bash
# The admin console's JSON API (/admin/api/...) driven with curl and a cookie jar: sessions, CSRF,
# users, API keys, Test Connection, the cURL command, the Postman download, the audit trail and the
# login rate limit.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"
source "$(dirname "${BASH_SOURCE[0]}")/db.sh"

start_server
add_user ADMIN admin-pass-1
add_user CLERK clerk-pass-1
JAR="$TMP/cookies"
CSRF=""

# admin METHOD PATH [JSON] [extra curl args...] : a console call with the cookie jar and the CSRF token.
admin() {
  local method="$1" path="$2" body="${3:-}"
  shift 3 2>/dev/null || shift $#
  local args=(-X "$method" -b "$JAR" -c "$JAR" -H "X-CSRF-Token: $CSRF")
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
  http "${args[@]}" "$@" "$BASE$path"
}
login() {  # login JSON [curl args...]
  local body="$1"; shift
  http -X POST -b "$JAR" -c "$JAR" -H 'Content-Type: application/json' --data-binary "$body" "$@" "$BASE/admin/login"
}

# --- the page --------------------------------------------------------------------------------------
http "$BASE/admin"
expect_status "GET /admin serves the console page" 200
case "$(header_value Content-Type)" in text/html*) pass "  ... as text/html" ;;
  *) fail "  ... as text/html" "$(header_value Content-Type)" ;; esac
case "$(header_value Content-Security-Policy)" in *"default-src 'none'"*) pass "  ... with a strict CSP" ;;
  *) fail "  ... with a strict CSP" "$(header_value Content-Security-Policy)" ;; esac
if grep -q '<label for="login-user">' "$BODY_FILE"; then pass "  ... with labelled login fields"
else fail "  ... with labelled login fields"; fi
http "$BASE/admin/app.js"
expect_status "GET /admin/app.js" 200
http "$BASE/admin/app.css"
expect_status "GET /admin/app.css" 200
http "$BASE/admin/nope"
expect_problem "unknown admin path -> 404" 404 NotFound

# --- login and session -----------------------------------------------------------------------------
http "$BASE/admin/api/users"
expect_problem "users without a session -> 401 NotLoggedIn" 401 NotLoggedIn
http -b "sqlacc_session=main.$(printf '%064d' 0)" "$BASE/admin/api/users"
expect_problem "users with a made-up session -> 401" 401 NotLoggedIn
http -X POST --data-binary '{"username":"ADMIN","password":"admin-pass-1"}' "$BASE/admin/login"
expect_problem "login without a JSON content type -> 415" 415 UnsupportedMediaType
login '{"username":"ADMIN","password":"admin-pass-1","extra":1}'
expect_problem "login with an unknown field -> 400 naming it" 400 ValidationError
login '{"username":"ADMIN","password":"admin-pass-1"}'
expect_status "ADMIN logs in -> 200" 200
cookie="$(header_value Set-Cookie)"
for attr in HttpOnly SameSite=Strict Path=/admin; do
  case "$cookie" in *"$attr"*) pass "session cookie has $attr" ;; *) fail "session cookie has $attr" "$cookie" ;; esac
done
case "$cookie" in *Secure*) fail "no Secure attribute over plain HTTP" "$cookie" ;; *) pass "no Secure attribute over plain HTTP" ;; esac
CSRF="$(json_eval 'd["data"][0]["csrf_token"]')"
expect_eq "login returns a 64-hex CSRF token" 64 "${#CSRF}"
admin GET /admin/api/session ""
expect_status "GET /admin/api/session -> 200" 200
expect_json "  ... names the user and company and repeats the CSRF token" \
  "d['data'][0]['user'] == 'ADMIN' and d['data'][0]['company'] == 'main' and d['data'][0]['csrf_token'] == '$CSRF'"

# --- CSRF ------------------------------------------------------------------------------------------
GOOD_CSRF="$CSRF"
CSRF=""
admin POST /admin/api/users '{"code":"APIUSER","name":"API user","password":"api-pass-1"}'
expect_problem "create user without X-CSRF-Token -> 403" 403 CsrfTokenInvalid
CSRF="$(printf '%s' "$GOOD_CSRF" | tr '0-9a-f' '1-9a-f0')"
admin POST /admin/api/users '{"code":"APIUSER","name":"API user","password":"api-pass-1"}'
expect_problem "create user with a wrong X-CSRF-Token -> 403" 403 CsrfTokenInvalid
CSRF="$GOOD_CSRF"
admin GET /admin/api/users/APIUSER ""
expect_problem "  ... and nothing was created" 404 NotFound

# --- users -----------------------------------------------------------------------------------------
admin POST /admin/api/users '{"code":"apiuser","name":"API user","password":"api-pass-1"}'
expect_status "create user APIUSER -> 201" 201
expect_json "  ... code upper-cased, password set, no key" \
  "d['data'][0]['code'] == 'APIUSER' and d['data'][0]['has_password'] and not d['data'][0]['has_api_key']"
admin POST /admin/api/users '{"code":"APIUSER"}'
expect_problem "create a duplicate user -> 409" 409 Conflict
admin POST /admin/api/users '{"code":"bad code!"}'
expect_problem "create with a malformed code -> 400" 400 ValidationError
admin POST /admin/api/users '{"code":5}'
expect_problem "create with a non-string code -> 400 naming it" 400 ValidationError
expect_json "  ... field is code" 'd["field"] == "code"'
admin POST /admin/api/users 'not json'
expect_problem "create with a non-JSON body -> 400" 400 InvalidJson
admin PATCH /admin/api/users/APIUSER '{"name":"Integration robot"}'
expect_status "edit name -> 200" 200
expect_json "  ... name changed" 'd["data"][0]["name"] == "Integration robot"'
admin PATCH /admin/api/users/APIUSER '{"name":""}'
expect_problem "empty name -> 400" 400 ValidationError
admin PATCH /admin/api/users/NOBODY '{"name":"x"}'
expect_problem "edit an unknown user -> 404" 404 NotFound
admin PUT /admin/api/users/APIUSER/password '{"password":"api-pass-2"}'
expect_status "reset password -> 200" 200
admin GET /admin/api/users ""
expect_status "list users -> 200" 200
expect_json "  ... ADMIN, APIUSER and CLERK" '[u["code"] for u in d["data"]] == ["ADMIN", "APIUSER", "CLERK"]'
admin PUT /admin/api/users ""
expect_status "PUT on the user list -> 405" 405

# --- API key -----------------------------------------------------------------------------------------
admin GET /admin/api/users/APIUSER/apikey ""
expect_json "APIUSER has no key yet" 'd["data"][0]["active"] == False'
admin POST /admin/api/users/APIUSER/apikey/test ""
expect_problem "Test Connection without a key -> 409 NoApiKey" 409 NoApiKey
admin POST /admin/api/users/APIUSER/apikey ""
expect_status "generate a key -> 201" 201
AK="$(json_eval 'd["data"][0]["access_key"]')"
SK="$(json_eval 'd["data"][0]["secret_key"]')"
CURL_CMD="$(json_eval 'd["data"][0]["curl"]')"
expect_eq "secret key is 64 chars" 64 "${#SK}"
case "$AK" in *.main/APIUSER) pass "access key names company and user" ;; *) fail "access key names company and user" "$AK" ;; esac
expect_json "  ... the response warns the keys are shown once" '"not shown again" in d["data"][0]["warning"]'
case "$(header_value Cache-Control)" in *no-store*) pass "  ... and is not cacheable" ;;
  *) fail "  ... and is not cacheable" "$(header_value Cache-Control)" ;; esac
case "$CURL_CMD" in "curl --aws-sigv4 \"aws:amz:ap-southeast-5:sqlaccount\" --user \"$AK:$SK\" $BASE/agent")
  pass "the cURL command is the documented form" ;; *) fail "the cURL command is the documented form" "$CURL_CMD" ;; esac
out="$(bash -c "$CURL_CMD -sS -o '$TMP/curl_out' -w '%{http_code}'" 2>&1)"
expect_eq "running the returned cURL command -> 200" 200 "$out"
if json_eval '"pagination" in d' "$TMP/curl_out" | grep -q true; then pass "  ... and lists agents"
else fail "  ... and lists agents" "$(head -c 300 "$TMP/curl_out")"; fi

admin GET /admin/api/users/APIUSER/apikey ""
expect_json "key status: active, access key shown" "d['data'][0]['active'] and d['data'][0]['access_key'] == '$AK'"
expect_json "  ... without the secret" "'secret_key' not in d['data'][0] and '$SK' not in json.dumps(d)"
expect_json "  ... its cURL has a placeholder for the secret" '"YOUR_SECRET_KEY" in d["data"][0]["curl"]'

admin POST /admin/api/users/APIUSER/apikey/test ""
expect_status "Test Connection -> 200" 200
expect_json "  ... the signed GET /agent answered 200" 'd["data"][0]["ok"] and d["data"][0]["status"] == 200'
expect_json "  ... with the first bytes of the list" '"pagination" in d["data"][0]["body_prefix"]'
expect_json "  ... and no secret" "'$SK' not in json.dumps(d)"

login '{"username":"APIUSER","password":"api-pass-2"}'
expect_problem "the API-key user cannot log in with its password -> 403" 403 ApiUserCannotLogin
expect_json "  ... with the API-users message" '"API users cannot log in" in d["message"]'

admin GET /admin/api/postman_collection.json ""
expect_status "download the Postman collection -> 200" 200
case "$(header_value Content-Disposition)" in 'attachment; filename="postman_collection.json"') pass "  ... as an attachment" ;;
  *) fail "  ... as an attachment" "$(header_value Content-Disposition)" ;; esac
expect_json "  ... with the your_access_key / your_secret_key variables" \
  '{"your_access_key", "your_secret_key"} <= {v["key"] for v in d["variable"]}'

admin DELETE /admin/api/users/APIUSER/apikey ""
expect_status "revoke -> 200" 200
out="$(bash -c "$CURL_CMD -sS -o /dev/null -w '%{http_code}'" 2>&1)"
expect_eq "the revoked key's cURL -> 401" 401 "$out"
admin POST /admin/api/users/APIUSER/apikey/test ""
expect_problem "Test Connection after revoke -> 409" 409 NoApiKey
admin DELETE /admin/api/users/APIUSER/apikey ""
expect_problem "revoke again -> 404" 404 NotFound
login '{"username":"APIUSER","password":"api-pass-2"}'
expect_status "after revoke APIUSER logs in with its password" 200
# (that login replaced the jar's cookie: log ADMIN in again)
login '{"username":"ADMIN","password":"admin-pass-1"}'
CSRF="$(json_eval 'd["data"][0]["csrf_token"]')"

# --- delete ------------------------------------------------------------------------------------------
admin DELETE /admin/api/users/ADMIN ""
expect_problem "deleting yourself -> 409" 409 CannotDeleteSelf
admin DELETE /admin/api/users/APIUSER ""
expect_status "delete APIUSER -> 200" 200
admin GET /admin/api/users/APIUSER ""
expect_problem "  ... it is gone" 404 NotFound

# --- audit and secrets -------------------------------------------------------------------------------
actions="$(db_sql "SELECT actor || ':' || action || ':' || subject FROM audit_log WHERE actor = 'ADMIN' ORDER BY id" | tr '\n' ' ')"
for want in ADMIN:user.add:APIUSER ADMIN:user.name:APIUSER ADMIN:user.password:APIUSER \
  ADMIN:apikey.generate:APIUSER ADMIN:apikey.test:APIUSER ADMIN:apikey.revoke:APIUSER ADMIN:user.delete:APIUSER; do
  case " $actions " in *" $want "*) pass "audit log has $want" ;; *) fail "audit log has $want" "$actions" ;; esac
done
if grep -qaF "$SK" "$SERVER_LOG"; then fail "the secret is not in the server log"; else pass "the secret is not in the server log"; fi
if grep -qaF "$CSRF" "$SERVER_LOG"; then fail "the CSRF token is not in the server log"; else pass "the CSRF token is not in the server log"; fi
if grep -qaF "admin-pass-1" "$SERVER_LOG"; then fail "no password in the server log"; else pass "no password in the server log"; fi

# --- logout ------------------------------------------------------------------------------------------
OLD_CSRF="$CSRF"; CSRF=""
admin POST /admin/api/logout ""
expect_problem "logout without CSRF -> 403" 403 CsrfTokenInvalid
CSRF="$OLD_CSRF"
admin POST /admin/api/logout ""
expect_status "logout -> 200" 200
case "$(header_value Set-Cookie)" in *Max-Age=0*) pass "  ... clears the cookie" ;; *) fail "  ... clears the cookie" "$(header_value Set-Cookie)" ;; esac
admin GET /admin/api/session ""
expect_problem "  ... and the session is over" 401 NotLoggedIn

# --- login rate limit (last: it blocks this address for 15 minutes) ---------------------------------
for i in 1 2 3 4 5; do
  login '{"username":"ADMIN","password":"wrong-'"$i"'"}'
  [ "$STATUS" = 401 ] || fail "wrong password #$i -> 401" "$(_last_exchange)"
done
pass "5 wrong passwords for ADMIN -> 401 each"
login '{"username":"ADMIN","password":"wrong-6"}'
expect_problem "6th failed login for ADMIN -> 429" 429 TooManyLoginAttempts
ra="$(header_value Retry-After)"
if [ -n "$ra" ] && [ "$ra" -gt 0 ] && [ "$ra" -le 900 ]; then pass "  ... with Retry-After ($ra s)"; else
  fail "  ... with Retry-After" "Retry-After: '$ra'"; fi
login '{"username":"admin","password":"admin-pass-1"}'
expect_problem "  ... even with the right password" 429 TooManyLoginAttempts
login '{"username":"CLERK","password":"clerk-pass-1"}'
expect_status "another user from the same address still logs in" 200
for i in $(seq 1 14); do login '{"username":"GUESS'"$i"'","password":"x"}'; done
login '{"username":"GUESS15","password":"x"}'
expect_status "the 20th failure from this address is still a 401" 401
login '{"username":"CLERK","password":"clerk-pass-1"}'
expect_problem "after 20 failures from one address every login from it -> 429" 429 TooManyLoginAttempts

finish
