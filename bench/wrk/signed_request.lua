-- wrk script: replays ONE pre-signed SigV4 request of any method, body included, against
-- `sqlacc serve`. The generalisation of signed_get.lua that bench/run_documents.sh uses for
-- `POST /salesinvoice` (and for the GETs of the document lists).
--
-- Why a replayed POST is a fair load: a SigV4 header signature stays valid for the ±15 min skew
-- window and SigV4 has no nonce. The signature covers the body (its SHA-256 is the last line of the
-- canonical request, and x-amz-content-sha256, sent and signed, must match it), so the server
-- verifies everything on every request: the body hash, the canonical request, the HMAC. Replaying
-- the same body creates a new invoice each time because the body leaves `docno` out: the server
-- takes the next number of the IV- series. Keep runs shorter than ~14 min after signing.
--
-- Environment (bench/run_documents.sh writes these files with botocore just before the run):
--   SQLACC_METHOD        GET or POST (default GET)
--   SQLACC_PATH          request target, e.g. /salesinvoice or /salesinvoice?code=300-B0001&limit=50
--   SQLACC_HEADERS_FILE  one "Name: value" per line: every header that was signed (Host,
--                        X-Amz-Date, X-Amz-Content-SHA256, Content-Type, ...) and Authorization
--   SQLACC_BODY_FILE     the exact body bytes that were signed (optional; none for GET)
-- Usage: SQLACC_METHOD=POST SQLACC_PATH=/salesinvoice SQLACC_HEADERS_FILE=h.txt \
--        SQLACC_BODY_FILE=body.json wrk -t1 -c32 -d10s -s bench/wrk/signed_request.lua \
--        http://127.0.0.1:PORT/salesinvoice
-- wrk adds Content-Length for a body itself; it is not a signed header.

local method = os.getenv("SQLACC_METHOD") or "GET"
local path = os.getenv("SQLACC_PATH")
local headers_file = os.getenv("SQLACC_HEADERS_FILE")
local body_file = os.getenv("SQLACC_BODY_FILE")

if not path or path == "" or not headers_file or headers_file == "" then
  error("signed_request.lua: set SQLACC_PATH and SQLACC_HEADERS_FILE (see bench/run_documents.sh)")
end

local function read_all(name)
  local f = assert(io.open(name, "rb"), "signed_request.lua: cannot open " .. name)
  local s = f:read("*a")
  f:close()
  return s
end

wrk.method = method
wrk.path = path
local have_auth = false
for line in read_all(headers_file):gmatch("[^\r\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then
    wrk.headers[name] = value
    if name:lower() == "authorization" then have_auth = true end
  end
end
if not have_auth then
  error("signed_request.lua: " .. headers_file .. " has no Authorization header")
end
if body_file and body_file ~= "" then
  wrk.body = read_all(body_file)
end
