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
results=()
# record <name> <exit code>: remembers the outcome for the closing summary (5 = pytest collected nothing).
# With a JUnit file as third argument the line carries pytest's counts.
record() {
  local counts=""
  [ -n "${3:-}" ] && [ -f "$3" ] && counts=" ($($PY scripts/junit_counts.py "$3"))"
  case $2 in
    0) results+=("$1: geslaagd$counts") ;;
    5) results+=("$1: GEEN TESTS GEVONDEN"); status=1 ;;
    *) results+=("$1: MISLUKT (exitcode $2)$counts"); status=1 ;;
  esac
}

echo "== ruff"
.venv/bin/ruff check . && .venv/bin/ruff format --check .
record "ruff" $?

echo "== migraties"
DATABASE_URL="sqlite:///:memory:" $PY manage.py makemigrations --check --dry-run >/dev/null
rc=$?; [ $rc -eq 0 ] || echo "Modelwijzigingen zonder migratie."
record "migraties" $rc

echo "== tests op SQLite"
rm -f var/junit-sqlite.xml var/junit-postgresql.xml
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $PY -m pytest -m "not browser and not postgres_only" \
  --junitxml=var/junit-sqlite.xml "$@"
record "tests op SQLite" $? var/junit-sqlite.xml

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
  # Conformance runs before the PostgreSQL test run, so the run ends with pytest's own count of tests.
  # Conformance of the Klantinteracties API against the official spec (schemathesis, fixed seed, 20 examples
  # per operation; a few minutes). VOORKANT_CONFORMANCE=0 leaves it out of a local run; CI always runs it.
  if [ "${VOORKANT_CONFORMANCE:-1}" = "1" ] || [ "${VOORKANT_REQUIRE_FULL:-0}" = "1" ]; then
    echo "== conformance Klantinteracties-API (schemathesis)"
    rm -f var/conformance/junit-*.xml
    TEST_DATABASE_URL="$PG_URL" CONFORMANCE_REPORT_DIR=var/conformance bash scripts/conformance.sh
    rc=$?; record "conformance Klantinteracties-API (per operatie)" $rc "$(ls var/conformance/junit-*.xml 2>/dev/null | tail -1)"
  else
    skipped+=("conformance Klantinteracties-API: VOORKANT_CONFORMANCE=0")
  fi
  echo "== tests op PostgreSQL${marker:+ (zonder browser)}"
  if [ -n "$marker" ]; then
    DATABASE_URL="$PG_URL" $PY -m pytest -m "$marker" --junitxml=var/junit-postgresql.xml "$@"
  else
    DATABASE_URL="$PG_URL" DJANGO_ALLOW_ASYNC_UNSAFE=true $PY -m pytest --junitxml=var/junit-postgresql.xml "$@"
  fi
  rc=$?; record "tests op PostgreSQL${marker:+ (zonder browser)}" $rc var/junit-postgresql.xml
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
echo "== SAMENVATTING"
for r in "${results[@]}"; do echo "- $r"; done
[ $status -eq 0 ] && echo "make test: geslaagd" || echo "make test: MISLUKT"
exit $status
