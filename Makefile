# Thin entry points; the work is in scripts/ and manage.py.
.PHONY: run test bench lint install demo

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

bench:
	@bash scripts/bench.sh

lint:
	@bash scripts/install.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check .

install:
	@bash scripts/install.sh
