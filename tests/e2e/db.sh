# shellcheck shell=bash
# Direct access to the company database of an e2e run, as another process would have it, on either
# backend: the SQLite file ($DATA/companies/main.db, with Python's sqlite3) or the company's schema
# in the PostgreSQL database of SQLACC_DB (with psql). Source after lib.sh.

# db_sql SQL : runs SQL (one statement) on company 'main'; prints result rows as a|b|c.
db_sql() {
  if [ -n "${SQLACC_DB:-}" ]; then
    PGOPTIONS="-c search_path=sqlacc_main" psql "$SQLACC_DB" -AtqX -v ON_ERROR_STOP=1 -c "$1"
  else
    "$PY" - "$DATA/companies/main.db" "$1" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]).fetchall():
    print('|'.join('' if v is None else str(v) for v in r))
c.commit()
PYEOF
  fi
}

# db_stored_bytes : prints the files and directories that hold the run's stored data as bytes: the
# data dir, and on PostgreSQL a plain dump of the company's schema and the server's data directory
# (tables and write-ahead log; shared with other tests' databases, which only makes a search for a
# random secret stricter).
db_stored_bytes() {
  echo "$DATA"
  if [ -n "${SQLACC_DB:-}" ]; then
    pg_dump --no-owner -n sqlacc_main "$SQLACC_DB" >"$TMP/db_dump.sql" 2>"$TMP/db_dump.err" ||
      cat "$TMP/db_dump.err" >&2
    echo "$TMP/db_dump.sql"
    [ -n "${E2E_PG_DIR:-}" ] && [ -d "$E2E_PG_DIR/pgdata" ] && echo "$E2E_PG_DIR/pgdata"
  fi
}
