#!/usr/bin/env bash
# Debian's python3-botocore (SigV4Auth header signing, SigV4QueryAuth presigned URLs) against a real
# `sqlacc serve`: see botocore_test.py. Run with /usr/bin/python3: the pyenv python3 on PATH cannot see
# Debian's dist-packages.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$@"

if ! /usr/bin/python3 -c 'import botocore' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 cannot import botocore (apt-get install python3-botocore)"
  exit 77
fi
log "botocore $(/usr/bin/python3 -c 'import botocore; print(botocore.__version__)')"

start_server
make_api_key APIUSER
log "server at $BASE, access key $AK"

BASE="$BASE" AK="$AK" SK="$SK" /usr/bin/python3 -B "$E2E_DIR/botocore_test.py" >"$TMP/botocore.out" 2>&1
rc=$?
absorb_tap "$TMP/botocore.out"
if [ "$rc" -ne 0 ] && ! grep -q '^not ok ' "$TMP/botocore.out"; then
  fail "botocore_test.py exits 0" "exit status $rc (crashed?); see the output above"
fi
check "sqlacc verify: the books balance after the concurrent writes" sqlacc verify
finish
