#!/usr/bin/env bash
# Every benchmark in bench/ (bench/bench_*.py), one after the other, against PostgreSQL (see bench/README.md).
# Results: a table per benchmark on stdout, JSON in var/bench/. Exits non-zero if any benchmark failed.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || exit 1
status=0
for bench in bench/bench_*.py; do
  echo "== ${bench}"
  .venv/bin/python "$bench" || { echo "MISLUKT: ${bench}"; status=1; }
done
exit $status
