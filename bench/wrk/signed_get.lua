-- wrk script: replays ONE pre-signed SigV4 request, `GET /agent`, against `sqlacc serve`.
--
-- Why a fixed signature is a fair load: a SigV4 header signature is valid for the whole ±15 min
-- clock-skew window (SigV4 has no nonce; a replayed request is as valid as the first), so the server still does
-- the full verification for every request: parse the Authorization header, look the access key up,
-- canonicalise the request, derive or fetch the signing key, HMAC the string to sign and compare in
-- constant time, then run the list query and serialise 50 agents. Only the client-side signing cost is
-- taken out of the measurement (wrk sends the same bytes each time), which is what we want when
-- comparing the server with nginx serving the same body from a static file. Keep runs shorter than
-- ~14 min after signing.
--
-- bench/run_http.sh signs the request with botocore and passes it in the environment:
--   SQLACC_AUTHORIZATION  the Authorization header value
--   SQLACC_AMZ_DATE       the X-Amz-Date header value (yyyymmddThhmmssZ)
--   SQLACC_HOST           the Host value that was signed (127.0.0.1:PORT)
--   SQLACC_PATH           request target (default /agent)
-- Usage: SQLACC_AUTHORIZATION=... SQLACC_AMZ_DATE=... SQLACC_HOST=127.0.0.1:PORT \
--        wrk -t1 -c32 -d10s -s bench/wrk/signed_get.lua http://127.0.0.1:PORT/agent

local auth = os.getenv("SQLACC_AUTHORIZATION")
local date = os.getenv("SQLACC_AMZ_DATE")
local host = os.getenv("SQLACC_HOST")
local path = os.getenv("SQLACC_PATH") or "/agent"

if not auth or auth == "" or not date or date == "" then
  error("signed_get.lua: set SQLACC_AUTHORIZATION and SQLACC_AMZ_DATE (see bench/run_http.sh)")
end

wrk.method = "GET"
wrk.path = path
wrk.headers["X-Amz-Date"] = date
wrk.headers["Authorization"] = auth
if host and host ~= "" then
  wrk.headers["Host"] = host
end
