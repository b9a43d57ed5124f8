#!/usr/bin/env bash
# Two `sqlacc serve` processes ("nodes" A and B) on one data dir and one database, as behind a load
# balancer: what one node or the CLI writes, the other sees on its very next request.
#   (a) a key revoked through the CLI is refused by node B at once, although B has just used (and
#       cached) it; a regenerated key works on both at once;
#   (b) the same invoice updated through A and B at the same moment with the same updatecount: exactly
#       one 200 per round, the other a 409 "Record has been changed by other users.";
#   (c) invoices created through both nodes at once (2 nodes x 4 loops x 25, docno left to the server):
#       all acknowledged, docnos unique and gap-free in the IV- series; the books still balance.
# Meaningful on both backends: on SQLite the two processes share the company file.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

SCOPE=ap-southeast-5:sqlaccount
STALE='Record has been changed by other users.'
CUST=300-A0001                     # customer and items of the sample company
LOOPS_PER_NODE=4
POSTS_PER_LOOP=25

start_node A
start_node B
log "node A at $BASE_A, node B at $BASE_B"
make_api_key APIUSER
MAIN_AK="$AK" MAIN_SK="$SK"

# on NODE METHOD PATH [JSON] : one signed request to that node (sets STATUS, BODY like http).
on() {
  local base="BASE_$1" method="$2" path="$3"
  if [ $# -ge 4 ]; then
    signed "$SCOPE" -X "$method" -H 'Content-Type: application/json' --data-binary "$4" "${!base}$path"
  else
    signed "$SCOPE" -X "$method" "${!base}$path"
  fi
}

invoice_body() {  # invoice_body DESCRIPTION : a valid sales invoice, docno left to the server
  printf '{"code":"%s","docdate":"2026-03-01","description":"%s","sdsdocdetail":[%s,%s]}' "$CUST" "$1" \
    '{"itemcode":"ANT","qty":"1","unitprice":"35.00","tax":"ST-10"}' \
    '{"itemcode":"CABLE","qty":"2","unitprice":"12.50"}'
}

# ---------------------------------------------------------------------------------------------------
# (a) revoke through the CLI, seen by node B on its very next request

make_api_key REVUSER
REV_AK="$AK" REV_SK="$SK"
on B GET /agent
expect_status "(a) REVUSER's key on node B -> 200" 200
on B GET /agent
expect_status "(a) ... and again on node B (now from B's cache) -> 200" 200
on A GET /agent
expect_status "(a) REVUSER's key on node A -> 200" 200
check "(a) sqlacc apikey revoke REVUSER (the CLI, a third process)" sqlacc apikey revoke REVUSER
on B GET /agent
expect_problem "(a) node B refuses the revoked key on the very next request -> 401" 401 InvalidAccessKeyId
on A GET /agent
expect_problem "(a) node A refuses it too -> 401" 401 InvalidAccessKeyId

# A key made again: the new pair works on both nodes at once, the old one on neither.
gen_key REVUSER
NEW_AK="$AK" NEW_SK="$SK"
on B GET /agent
expect_status "(a) regenerated key on node B, first request -> 200" 200
on A GET /agent
expect_status "(a) regenerated key on node A -> 200" 200
AK="$REV_AK" SK="$REV_SK"
on B GET /agent
expect_problem "(a) the revoked pair stays refused on node B" 401 InvalidAccessKeyId
AK="$NEW_AK" SK="$NEW_SK"
check "(a) sqlacc apikey revoke REVUSER again" sqlacc apikey revoke REVUSER
on B GET /agent
expect_problem "(a) the regenerated key, revoked, is refused by node B at once" 401 InvalidAccessKeyId
AK="$MAIN_AK" SK="$MAIN_SK"
on B GET /agent
expect_status "(a) APIUSER's key is untouched on node B" 200

# Revoked through node A itself (its admin console's API), refused by node B on its next request.
make_api_key ADMREV
ADM_AK="$AK" ADM_SK="$SK"
add_user KEYADMIN 'two-nodes-admin-1'
on B GET /agent
expect_status "(a) ADMREV's key on node B -> 200" 200
JAR="$TMP/admin.jar"
http -X POST -c "$JAR" -H 'Content-Type: application/json' \
  --data-binary '{"username":"KEYADMIN","password":"two-nodes-admin-1"}' "$BASE_A/admin/login"
expect_status "(a) admin login on node A -> 200" 200
CSRF="$(json_eval 'd["data"][0]["csrf_token"]')"
http -X DELETE -b "$JAR" -H "X-CSRF-Token: $CSRF" "$BASE_A/admin/api/users/ADMREV/apikey"
expect_status "(a) revoke ADMREV's key through node A's admin API -> 200" 200
AK="$ADM_AK" SK="$ADM_SK"
on B GET /agent
expect_problem "(a) node B refuses the key revoked through node A on its very next request" 401 \
  InvalidAccessKeyId
AK="$MAIN_AK" SK="$MAIN_SK"

# ---------------------------------------------------------------------------------------------------
# (b) the same invoice updated through both nodes at once

ROUNDS=20
on A POST /salesinvoice "$(invoice_body 'two nodes: contended')"
expect_status "(b) create the contended invoice on node A -> 200" 200
DOCKEY="$(json_eval 'd["data"][0]["dockey"]' 2>/dev/null)"
UC0="$(json_eval 'd["data"][0]["updatecount"]' 2>/dev/null)"
if [ -z "$DOCKEY" ] || [ -z "$UC0" ]; then
  fail "(b) the created invoice has a dockey and an updatecount" "$(_last_exchange)"
  finish
fi
on B GET "/salesinvoice/$DOCKEY"
expect_json "(b) node B reads the invoice node A created" "d[\"data\"][0][\"updatecount\"] == $UC0"

# put_at NODE UC OUT : a PUT of the contended invoice with updatecount UC through NODE, released by the
# gate (a line on fd 3) so that both requests leave together; status and body to OUT.status/OUT.body.
put_at() {
  local node="$1" uc="$2" out="$3" base="BASE_$1" _
  read -r _ <&3
  curl -sS --max-time 30 --aws-sigv4 "aws:amz:$SCOPE" --user "$AK:$SK" -X PUT \
    -H 'Content-Type: application/json' \
    --data-binary "{\"description\":\"round by $node\",\"updatecount\":$uc}" \
    -o "$out.body" -w '%{http_code}' "${!base}/salesinvoice/$DOCKEY" >"$out.status" 2>"$out.err"
}

mkdir -p "$TMP/rounds"
mkfifo "$TMP/gate"
bad_rounds=""
wins_a=0 wins_b=0
uc="$UC0"
for ((r = 1; r <= ROUNDS; r++)); do
  next=$((uc + 1))
  # The gate: held open read-write here, so that neither the children's reads nor this open block;
  # each child reads one line (bash reads a pipe byte by byte), so both start only when both are told.
  exec 3<>"$TMP/gate"
  put_at A "$next" "$TMP/rounds/$r.A" &
  pa=$!
  put_at B "$next" "$TMP/rounds/$r.B" &
  pb=$!
  printf 'go\ngo\n' >&3
  wait "$pa" "$pb"
  exec 3>&-
  sa="$(cat "$TMP/rounds/$r.A.status")" sb="$(cat "$TMP/rounds/$r.B.status")"
  case "$sa/$sb" in
    200/409) loser=B; wins_a=$((wins_a + 1)) ;;
    409/200) loser=A; wins_b=$((wins_b + 1)) ;;
    *) loser="" ;;
  esac
  if [ -z "$loser" ]; then
    bad_rounds+="round $r: A $sa $(head -c 300 "$TMP/rounds/$r.A.body") $(cat "$TMP/rounds/$r.A.err")"$'\n'
    bad_rounds+="round $r: B $sb $(head -c 300 "$TMP/rounds/$r.B.body") $(cat "$TMP/rounds/$r.B.err")"$'\n'
  else
    msg="$(json_eval 'd.get("message")' "$TMP/rounds/$r.$loser.body" 2>&1)"
    if [ "$msg" != "$STALE" ]; then
      bad_rounds+="round $r: the 409 of node $loser says '$msg', expected '$STALE'"$'\n'
    fi
  fi
  # Both nodes must now show the same, new updatecount (neither serves a stale copy).
  want=$uc
  [ -n "$loser" ] && want=$next
  for node in B A; do
    on "$node" GET "/salesinvoice/$DOCKEY"
    got="$(json_eval 'd["data"][0]["updatecount"]' 2>/dev/null)"
    [ "$got" = "$want" ] || bad_rounds+="round $r: node $node reads updatecount '$got', expected $want"$'\n'
  done
  uc="${got:-$want}"      # (after a bad round, go on from what is stored)
done
if [ -z "$bad_rounds" ]; then
  pass "(b) $ROUNDS rounds of two simultaneous PUTs: exactly one 200 and one 409 '$STALE' each (A won $wins_a, B $wins_b)"
else
  fail "(b) $ROUNDS rounds of two simultaneous PUTs: exactly one 200 and one 409 '$STALE' each" "$bad_rounds"
fi
on B GET "/salesinvoice/$DOCKEY"
expect_json "(b) the invoice's updatecount rose by exactly $ROUNDS" "d[\"data\"][0][\"updatecount\"] == $UC0 + $ROUNDS"

# ---------------------------------------------------------------------------------------------------
# (c) invoices created through both nodes at once

# post_loop NODE LOOP : POSTS_PER_LOOP invoices through NODE, one after another; each reply kept as
# $TMP/creates/NODE.LOOP.I.{status,body}.
post_loop() {
  local node="$1" loop="$2" base="BASE_$1" i f
  for ((i = 1; i <= POSTS_PER_LOOP; i++)); do
    f="$TMP/creates/$node.$loop.$i"
    curl -sS --max-time 30 --aws-sigv4 "aws:amz:$SCOPE" --user "$AK:$SK" -X POST \
      -H 'Content-Type: application/json' --data-binary "$(invoice_body "two nodes: $node.$loop.$i")" \
      -o "$f.body" -w '%{http_code}' "${!base}/salesinvoice" >"$f.status" 2>"$f.err"
  done
}

mkdir -p "$TMP/creates"
pids=()
for ((l = 1; l <= LOOPS_PER_NODE; l++)); do
  post_loop A "$l" & pids+=($!)
  post_loop B "$l" & pids+=($!)
done
EXTRA_PIDS+=("${pids[@]}")     # (stopped by the EXIT trap if the script dies meanwhile)
wait "${pids[@]}"
EXTRA_PIDS=()
TOTAL=$((2 * LOOPS_PER_NODE * POSTS_PER_LOOP))

# The whole IV- series as the server lists it (both nodes must list the same).
on A GET '/salesinvoice?limit=1000'
expect_status "(c) list the invoices on node A -> 200" 200
cp "$BODY_FILE" "$TMP/list.A.json"
on B GET '/salesinvoice?limit=1000'
expect_status "(c) list the invoices on node B -> 200" 200
cp "$BODY_FILE" "$TMP/list.B.json"

out="$("$PY" - "$TMP/creates" "$TMP/list.A.json" "$TMP/list.B.json" "$TOTAL" <<'PYEOF' 2>&1
import json, os, re, sys
creates, list_a, list_b, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
acked, problems = [], []
for name in sorted(os.listdir(creates)):
    if not name.endswith('.status'):
        continue
    stem = os.path.join(creates, name[:-len('.status')])
    status = open(stem + '.status').read().strip()
    body = open(stem + '.body', 'rb').read().decode('utf-8', 'replace') if os.path.exists(stem + '.body') else ''
    if status != '200':
        problems.append('%s: HTTP %s %s %s' % (os.path.basename(stem), status, body[:300],
                                               open(stem + '.err').read().strip()))
        continue
    rec = json.loads(body)['data'][0]
    acked.append((rec['docno'], rec['dockey']))
print('acknowledged %d of %d creates' % (len(acked), total))
if len(acked) != total:
    problems.append('only %d of %d creates acknowledged' % (len(acked), total))
docnos = [a[0] for a in acked]
dockeys = [a[1] for a in acked]
if len(set(docnos)) != len(docnos):
    problems.append('duplicate docnos: %s' % sorted(x for x in set(docnos) if docnos.count(x) > 1))
if len(set(dockeys)) != len(dockeys):
    problems.append('duplicate dockeys')
bad = [x for x in docnos if not re.fullmatch(r'IV-\d{5}', x)]
if bad:
    problems.append('docnos outside the IV-NNNNN series: %s' % bad[:10])
listed = {}
for path in (list_a, list_b):
    d = json.load(open(path))
    listed[path] = sorted(r['docno'] for r in d['data'])
    if d['pagination']['total'] != len(d['data']):
        problems.append('%s: total %s but %d rows' % (path, d['pagination']['total'], len(d['data'])))
if listed[list_a] != listed[list_b]:
    problems.append('nodes A and B list different invoices')
series = listed[list_a]
nums = sorted(int(x[3:]) for x in series if re.fullmatch(r'IV-\d{5}', x))
if nums != list(range(1, len(nums) + 1)) or len(nums) != len(series):
    missing = sorted(set(range(1, (nums[-1] if nums else 0) + 1)) - set(nums))
    problems.append('the IV- series is not gap-free from IV-00001: %d listed, highest %s, missing %s'
                    % (len(series), nums[-1] if nums else None, missing[:20]))
not_listed = set(docnos) - set(series)
if not_listed:
    problems.append('acknowledged but not listed: %s' % sorted(not_listed)[:20])
print('IV- series: %d invoices, IV-%05d .. IV-%05d' % (len(nums), nums[0] if nums else 0, nums[-1] if nums else 0))
if problems:
    print('\n'.join(problems[:40]))
    sys.exit(1)
PYEOF
)"
rc=$?
log "$(head -n 2 <<<"$out" | tr '\n' ';')"
if [ "$rc" -eq 0 ]; then
  pass "(c) $TOTAL invoices created through A and B at once ($LOOPS_PER_NODE loops each): all 200, docnos unique and gap-free, both nodes list the same"
else
  fail "(c) $TOTAL invoices created through A and B at once: all 200, docnos unique and gap-free" "$out"
fi

# Each node reads what the other created (first and last of the other node's loop 1).
for pair in "A B" "B A"; do
  read -r maker reader <<<"$pair"
  for i in 1 "$POSTS_PER_LOOP"; do
    f="$TMP/creates/$maker.1.$i.body"
    key="$(json_eval 'd["data"][0]["dockey"]' "$f" 2>/dev/null)"
    on "$reader" GET "/salesinvoice/$key"
    expect_json "(c) node $reader reads invoice $maker.1.$i made by node $maker" \
      "d[\"data\"][0][\"description\"] == \"two nodes: $maker.1.$i\""
  done
done

on B GET '/trialbalance?date=2026-12-31'
expect_status "(c) GET /trialbalance on node B -> 200" 200
expect_json "(c) the trial balance balances (total debits = total credits, not zero)" \
  'd["totals"]["dr"] == d["totals"]["cr"] and d["totals"]["dr"] != "0.00"'
check "(c) sqlacc verify exits 0 while both nodes run" sqlacc verify

# (c2) A number of the client's own, on one node, that the other node's series would issue next:
# the other node must not issue it again from what it remembers of its series (409), but skip it.
on A POST /salesinvoice "$(invoice_body 'c2: numbered by A')"
expect_status "(c2) node A numbers an invoice -> 200" 200
last="$(printf '%s' "$BODY" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["docno"])')"
taken="$(printf 'IV-%05d' $((10#${last#IV-} + 1)))"
after="$(printf 'IV-%05d' $((10#${last#IV-} + 2)))"
on B POST /salesinvoice "$(invoice_body 'c2: numbered by the client' | sed "s/^{/{\"docno\":\"$taken\",/")"
expect_json "(c2) node B stores the client's $taken -> 200" "d['data'][0]['docno'] == '$taken'"
on A POST /salesinvoice "$(invoice_body 'c2: numbered by A again')"
expect_status "(c2) node A numbers the next invoice -> 200" 200
expect_json "(c2) ... as $after, skipping the client's $taken" "d['data'][0]['docno'] == '$after'"

stop_node A
expect_eq "node A exits 0 on SIGTERM" 0 "$NODE_EXIT"
stop_node B
expect_eq "node B exits 0 on SIGTERM" 0 "$NODE_EXIT"
check "sqlacc verify exits 0 after both nodes stopped" sqlacc verify

# (d) A node with another master key could not open the stored secrets (every request would look
# like a revoked key): it refuses to start, naming the problem.
other_key="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
out="$(SQLACC_MASTER_KEY="$other_key" timeout 20 "$SQLACC" --data "$DATA" serve --listen 127.0.0.1:0 2>&1)"
rc=$?
expect_eq "(d) a node with another master key exits 1 at start" 1 "$rc"
check "(d) ... saying every node needs the same master key" \
  grep -q "every node of a company needs the same master key" <<<"$out"
finish
