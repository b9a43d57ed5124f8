#!/usr/bin/env bash
# npm aws4 (header signing and signQuery presigned URLs) against a real `sqlacc serve`: see aws4_test.mjs.
# Needs tests/e2e/node_modules (scripts/setup, or `npm ci` in tests/e2e); skipped (77) without it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed"
  exit 77
fi
if [ ! -f "$E2E_DIR/node_modules/aws4/package.json" ]; then
  echo "SKIP: $E2E_DIR/node_modules/aws4 is missing: run scripts/setup (or: cd tests/e2e && npm ci)"
  exit 77
fi
log "node $(node --version), aws4 $(node -p 'require("'"$E2E_DIR"'/node_modules/aws4/package.json").version')"

start_server
make_api_key APIUSER
log "server at $BASE, access key $AK"

(cd "$E2E_DIR" && BASE="$BASE" AK="$AK" SK="$SK" node --test --test-reporter=tap aws4_test.mjs) >"$TMP/aws4.out" 2>&1
rc=$?
absorb_tap "$TMP/aws4.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/aws4.out"; then
  fail "node --test aws4_test.mjs exits 0" "exit status $rc; see the output above"
fi
finish
