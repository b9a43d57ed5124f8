#!/usr/bin/env bash
# HTTP layer end-to-end suite (see http_test.py): bash tests/e2e/test_http.sh /path/to/sqlacc
set -u
if [ $# -lt 1 ]; then
  echo "usage: $0 /path/to/sqlacc [unittest args]" >&2
  exit 2
fi
exec /usr/bin/python3 "$(dirname "$0")/http_test.py" "$@"
