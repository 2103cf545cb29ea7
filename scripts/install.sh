#!/usr/bin/env bash
# Install pinned Python and npm dependencies from the lock files; skipped when the locks did not change.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/static

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  command -v "$PYTHON" >/dev/null || { echo "Voorkant heeft Python 3.11 nodig ($PYTHON niet gevonden)." >&2; exit 1; }
  "$PYTHON" -m venv .venv
fi
lock_sum=$(sha256sum requirements.lock | cut -d' ' -f1)
if [ ! -f .venv/.lock-installed ] || [ "$(cat .venv/.lock-installed)" != "$lock_sum" ]; then
  echo "Python-pakketten installeren uit requirements.lock ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
  echo "$lock_sum" > .venv/.lock-installed
fi

npm_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.lock-installed ] || [ "$(cat node_modules/.lock-installed)" != "$npm_sum" ]; then
  command -v npm >/dev/null || { echo "Voorkant heeft npm (Node.js) nodig voor de front-endbibliotheken." >&2; exit 1; }
  echo "Front-endpakketten installeren uit package-lock.json ..."
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_sum" > node_modules/.lock-installed
fi
