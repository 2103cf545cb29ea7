#!/usr/bin/env bash
# Conformance of the Klantinteracties API against the OFFICIAL 0.9.0 specification, with schemathesis.
#
# Starts gunicorn (2 workers) on a free port against a fresh PostgreSQL database, makes a token with
# create_api_token, and runs a fixed command line: every operation, the coverage and fuzzing phases, 20
# examples per operation, seed 20260, the checks not_a_server_error, response_schema_conformance,
# content_type_conformance and negative_data_rejection. Exit status 0 only with zero failures.
#
#   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/voorkant bash scripts/conformance.sh
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/voorkant}
DB_URL="${BASE_URL%/*}/$(basename "${BASE_URL%%\?*}")_conformance"
SPEC=src/voorkant/klantinteracties/openapi/klantinteracties-0.9.0.yaml
REPORT_DIR=${CONFORMANCE_REPORT_DIR:-var/conformance}
EXAMPLES=${CONFORMANCE_EXAMPLES:-20}
mkdir -p "$REPORT_DIR"

export DJANGO_SETTINGS_MODULE=voorkant.settings SECRET_KEY=conformance-secret PROCESSING_LOG_KEY=conformance-log
export DEBUG=false STATIC_FROM_FINDERS=true ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL="$DB_URL" WORKER_REQUIRED=false

$PY - "$DB_URL" <<'PYEOF' || exit 1
import sys, psycopg, dj_database_url
cfg = dj_database_url.parse(sys.argv[1])
with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], password=cfg["PASSWORD"] or None,
                     dbname="postgres", autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
PYEOF
$PY manage.py migrate --noinput >/dev/null || exit 1
$PY manage.py klantinteracties_seed || exit 1
KEY=$($PY manage.py create_api_token conformance --scopes klantinteracties:write --vertrouwelijk 2>/dev/null) || exit 1
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

.venv/bin/gunicorn voorkant.wsgi:application --workers 2 --bind "127.0.0.1:$PORT" --log-level warning \
  --pythonpath src >"$REPORT_DIR/gunicorn.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null' EXIT
for _ in $(seq 1 50); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.2
done

.venv/bin/schemathesis run "$SPEC" \
  --url "http://127.0.0.1:$PORT/klantinteracties/api/v1" \
  -H "Authorization: Token $KEY" \
  --phases coverage,fuzzing \
  --checks not_a_server_error,response_schema_conformance,content_type_conformance,negative_data_rejection \
  --max-examples "$EXAMPLES" --seed 20260 --workers 2 --no-color \
  --generation-database none \
  --report junit --report-dir "$REPORT_DIR" "$@"
