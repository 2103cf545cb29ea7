#!/usr/bin/env bash
# The whole suite: lint, migrations check, tests on SQLite, then on PostgreSQL with the browser tests.
# Says plainly what it skipped; with VOORKANT_REQUIRE_FULL=1 (CI) a skipped PostgreSQL or browser run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit 1
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=voorkant.settings
export SECRET_KEY=test-secret-key PROCESSING_LOG_KEY=test-log-key DEBUG=false STATIC_FROM_FINDERS=true
status=0
skipped=()

echo "== ruff"
.venv/bin/ruff check . || status=1
.venv/bin/ruff format --check . || status=1

echo "== migraties"
DATABASE_URL="sqlite:///:memory:" $PY manage.py makemigrations --check --dry-run >/dev/null || { echo "Modelwijzigingen zonder migratie."; status=1; }

echo "== tests op SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $PY -m pytest -m "not browser and not postgres_only" "$@"
rc=$?; [ $rc -eq 0 ] || status=1

PG_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/voorkant}
if $PY - "$PG_URL" <<'PYEOF'
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
try:
    psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None,
                    dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL niet bereikbaar: {exc}", file=sys.stderr); sys.exit(1)
PYEOF
then
  marker="not browser"
  if [ -x /usr/bin/chromium ]; then
    marker=""
  else
    skipped+=("browsertests: /usr/bin/chromium ontbreekt (apt-get install chromium)")
  fi
  echo "== tests op PostgreSQL${marker:+ (zonder browser)}"
  if [ -n "$marker" ]; then
    DATABASE_URL="$PG_URL" $PY -m pytest -m "$marker" "$@"
  else
    DATABASE_URL="$PG_URL" DJANGO_ALLOW_ASYNC_UNSAFE=true $PY -m pytest "$@"
  fi
  rc=$?; [ $rc -eq 0 ] || status=1
  # Conformance of the Klantinteracties API against the official spec (schemathesis, fixed seed, 20 examples
  # per operation; a few minutes). VOORKANT_CONFORMANCE=0 leaves it out of a local run; CI always runs it.
  if [ "${VOORKANT_CONFORMANCE:-1}" = "1" ] || [ "${VOORKANT_REQUIRE_FULL:-0}" = "1" ]; then
    echo "== conformance Klantinteracties-API (schemathesis)"
    TEST_DATABASE_URL="$PG_URL" bash scripts/conformance.sh || status=1
  else
    skipped+=("conformance Klantinteracties-API: VOORKANT_CONFORMANCE=0")
  fi
else
  skipped+=("PostgreSQL-run (ook browser-, conformance- en zoekkwaliteitstests): geen server op $PG_URL")
fi

if [ ${#skipped[@]} -gt 0 ]; then
  echo "== OVERGESLAGEN"
  for s in "${skipped[@]}"; do echo "- $s"; done
  if [ "${VOORKANT_REQUIRE_FULL:-0}" = "1" ]; then
    echo "VOORKANT_REQUIRE_FULL=1: een overgeslagen onderdeel telt als fout."
    status=1
  fi
fi
exit $status
