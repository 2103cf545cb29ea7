#!/usr/bin/env bash
# Install, migrate, load the demo once and serve Voorkant on SQLite with a background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

export DEBUG=${DEBUG:-true}
export DEMO_MODE=${DEMO_MODE:-true}
export EMAIL_BACKEND=${EMAIL_BACKEND:-voorkant.core.mail.UndeliverableEmailBackend}
PORT=${PORT:-8000}
PY=.venv/bin/python

$PY manage.py migrate --noinput
if [ ! -f var/.demo-loaded ]; then
  echo "Demogegevens laden (eenmalig) ..."
  # The demo year ends today so "today" and "this week" on the dashboard have figures.
  $PY manage.py import_upl
  # The kennisbank's demo content: the 179 Rijksoverheid VAC with their shipped vectors (no model run).
  $PY manage.py import_knowledge --vac
  $PY manage.py knowledge_embed
  $PY manage.py generate_demo_data --contacts "${DEMO_CONTACTS:-20000}" --seed 1 --until "$(date +%F)"
  touch var/.demo-loaded
fi
$PY manage.py demo_logins

if $PY manage.py help worker >/dev/null 2>&1; then
  $PY manage.py worker &
  worker_pid=$!
  trap 'kill $worker_pid 2>/dev/null || true' EXIT
fi
echo "Voorkant draait op http://127.0.0.1:${PORT}/ (stoppen: Ctrl+C)"
$PY manage.py runserver "127.0.0.1:${PORT}"
