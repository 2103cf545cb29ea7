#!/usr/bin/env bash
# Run every benchmark in bench/ (files starting with "_" are helpers) and print its figures.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit 1
status=0
for script in bench/*.py; do
  name=$(basename "$script")
  case "$name" in _*) continue ;; esac
  echo "== $name"
  .venv/bin/python "$script" || { echo "$name mislukt"; status=1; }
done
exit $status
