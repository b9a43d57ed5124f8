#!/usr/bin/env bash
# The admin console in headless Chromium (Debian `chromium`, npm playwright-core): login, create a
# user, generate a key, Test Connection, Copy cURL (then runs it), download the Postman collection,
# revoke, and the refused password login of an API-key user. See admin_console.mjs.
# Screenshots go to $TMP/screens; set ADMIN_SCREENS_DIR=docs/screens (relative to the repository) to
# refresh the ones the README shows.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "SKIP: $CHROMIUM is missing: install Debian's chromium (scripts/setup does)"
  exit 77
fi
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed"
  exit 77
fi
if [ ! -f "$E2E_DIR/node_modules/playwright-core/package.json" ]; then
  echo "SKIP: $E2E_DIR/node_modules/playwright-core is missing: run scripts/setup (or: cd tests/e2e && npm ci)"
  exit 77
fi

SCREENS="$TMP/screens"
if [ -n "${ADMIN_SCREENS_DIR:-}" ]; then
  case "$ADMIN_SCREENS_DIR" in /*) SCREENS="$ADMIN_SCREENS_DIR" ;; *) SCREENS="$REPO_ROOT/$ADMIN_SCREENS_DIR" ;; esac
fi
log "node $(node --version), $("$CHROMIUM" --version 2>/dev/null | head -n1), playwright-core $(node -p 'require("'"$E2E_DIR"'/node_modules/playwright-core/package.json").version')"

start_server
add_user ADMIN admin-pass-1
log "server at $BASE; screenshots in $SCREENS"

(cd "$E2E_DIR" && BASE="$BASE" ADMIN_USER=ADMIN ADMIN_PASS=admin-pass-1 SCREENS="$SCREENS" CHROMIUM="$CHROMIUM" \
  node --test --test-reporter=tap --test-concurrency=1 admin_console.mjs) >"$TMP/console.out" 2>&1
rc=$?
absorb_tap "$TMP/console.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/console.out"; then
  fail "node --test admin_console.mjs exits 0" "exit status $rc; see the output above"
fi
for f in 01-login 02-maintain-user 03-new-user 04-key-generated 05-test-connection 06-copy-curl \
  07-api-user-refused 08-revoked; do
  if [ -s "$SCREENS/$f.png" ]; then pass "screenshot $f.png"; else fail "screenshot $f.png" "missing in $SCREENS"; fi
done
finish
