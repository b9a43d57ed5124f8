#!/usr/bin/env bash
# User-defined fields through the command line (`sqlacc udf add|list|remove`) while a server runs:
# the CLI is another process (on PostgreSQL another client of the database), and the server's next
# request sees what it declared or removed (declarations are read per request, not cached). The
# signed Postman collection then carries the company's fields; /openapi.json allows udf_* by pattern.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

start_server
make_api_key APIUSER
SCOPE=ap-southeast-5:sqlaccount
JSON=(-H 'Content-Type: application/json')

signed "$SCOPE" "${JSON[@]}" "$BASE/stockitem" -d '{"code":"E2E-U1","description":"u","udf_colour":"Red"}'
expect_problem "udf_colour before it is declared -> 400" 400 ValidationError
expect_json "... naming it and the CLI command" \
  'd["field"] == "udf_colour" and "sqlacc udf add stockitem udf_colour TYPE" in d["message"]'

check "sqlacc udf add stockitem udf_colour string --width 12" sqlacc udf add stockitem udf_colour string --width 12
check "sqlacc udf add customer udf_limit decimal --scale 3" sqlacc udf add customer udf_limit decimal --scale 3
check "sqlacc udf add salesinvoice.sdsdocdetail udf_lot string (a row field)" sqlacc udf add salesinvoice.sdsdocdetail udf_lot string --width 16
check_not "a dataset the object has not is refused" sqlacc udf add salesinvoice.sdsnothing udf_lot string
check_not "a bad name is refused" sqlacc udf add stockitem colour string
check_not "a width on an int is refused" sqlacc udf add stockitem udf_n int --width 3
check_not "declaring it twice is refused" sqlacc udf add stockitem udf_colour string
out="$(sqlacc udf add stockitem Udf_X string 2>&1)"
check "... saying why" grep -q "must start with udf_" <<<"$out"
out="$(sqlacc udf list --json)"
expect_eq "udf list --json" \
  '[{"object":"customer","name":"udf_limit","type":"decimal","width":0,"scale":3},{"object":"salesinvoice.sdsdocdetail","name":"udf_lot","type":"string","width":16,"scale":0},{"object":"stockitem","name":"udf_colour","type":"string","width":12,"scale":0}]' \
  "$out"
check "udf list stockitem names it" grep -q udf_colour <<<"$(sqlacc udf list stockitem)"

signed "$SCOPE" "${JSON[@]}" "$BASE/stockitem" -d '{"code":"E2E-U1","description":"u","udf_colour":"Red"}'
expect_status "the server accepts it at once -> 200" 200
expect_json "... and returns it" 'd["data"][0]["udf_colour"] == "Red"'
signed "$SCOPE" "$BASE/udf?object=stockitem"
expect_json "GET /udf lists the CLI's declaration" 'd["data"][0]["name"] == "udf_colour" and d["data"][0]["width"] == 12'

signed "$SCOPE" "$BASE/postman_collection.json"
expect_status "signed Postman collection -> 200" 200
expect_json "its Create Stock Item body carries udf_colour" \
  'any(i["name"] == "Create Stock Item" and "\"udf_colour\"" in i["request"]["body"]["raw"] for f in d["item"] for i in f["item"])'
expect_json "its Create Customer body carries udf_limit at its scale" \
  'any(i["name"] == "Create Customer" and "\"udf_limit\": \"1.000\"" in i["request"]["body"]["raw"] for f in d["item"] for i in f["item"])'
expect_json "its Create Sales Invoice rows carry udf_lot" \
  'any(i["name"] == "Create Sales Invoice" and all("udf_lot" in r for r in json.loads(i["request"]["body"]["raw"])["sdsdocdetail"]) for f in d["item"] for i in f["item"])'
expect_json "... and Create Agent none" \
  'not any(i["name"] == "Create Agent" and "udf_" in i["request"]["body"]["raw"] for f in d["item"] for i in f["item"])'
http "$BASE/openapi.json"
expect_json "/openapi.json allows udf_* by pattern on records and inputs" \
  '"^udf_[a-z0-9_]{1,26}$" in d["components"]["schemas"]["StockItemInput"]["patternProperties"] and "patternProperties" in d["components"]["schemas"]["StockItem"]'

check_not "removing a field with values is refused" sqlacc udf remove stockitem udf_colour
check "udf remove --force" sqlacc udf remove stockitem udf_colour --force
signed "$SCOPE" "$BASE/stockitem/E2E-U1"
expect_json "the server no longer returns it" '"udf_colour" not in d["data"][0]'
check "removing one without values needs no force" sqlacc udf remove customer udf_limit
check "... a row field too" sqlacc udf remove salesinvoice.sdsdocdetail udf_lot
expect_eq "none left" "[]" "$(sqlacc udf list --json)"
finish
