# Inspection Portal — `make run` serves the demo, `make test` runs the suite.
# DATABASE_URL selects the database (default: SQLite file db.sqlite3).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000

.PHONY: run serve static setup install install-dev test check lint format messages vendor clean bench-ranking bench-bulletin bench-import bench-hostile bench-redlights bench-funds bench-regions bench-ledgers bench-load bench-visits system-pdf system-browser

run: setup
	@echo "Serving on http://$(HOST)/ — log in with a demo user listed above."
	@echo "A background worker (db_worker) runs household imports beside the server."
	$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST)

## Production-like: gunicorn + WhiteNoise on PostgreSQL (DATABASE_URL, default
## …/inspection_portal), DEBUG=0, migrate and collectstatic first; see scripts/serve.sh.
serve: install system-pdf
	GUNICORN_BIND=$(HOST) bash scripts/serve.sh

## collectstatic with production settings (the hashed, compressed files WhiteNoise serves).
static: install
	bash -c '. scripts/production-env.sh && $(PY) manage.py collectstatic --noinput --verbosity 0'

## Everything `make run` does except serving; safe to run again.
setup: install system-pdf
	$(PY) manage.py ensure_database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

install: $(VENV)/.installed-runtime
install-dev: $(VENV)/.installed-dev

$(VENV)/.created:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"' \
		|| { echo "error: $(PYTHON) is older than 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "error: could not create $(VENV): install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(PY) -m pip install -q --upgrade pip
	touch $@

$(VENV)/.installed-runtime: $(VENV)/.created requirements.txt
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## The whole suite on the database DATABASE_URL names (fails loudly if it cannot be reached).
test: install-dev system-pdf system-browser check
	$(PY) -m pytest $(PYTEST_ARGS)

## Debian packages: installed when run as root, otherwise a message naming them.
system-pdf:
	@bash scripts/system-packages.sh pdf

system-browser:
	@bash scripts/system-packages.sh browser

check: install-dev
	$(PY) manage.py ensure_database
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

## ruff (style and formatting) and the import contracts of pyproject.toml: an app
## importing an app above it, or two independent apps knowing each other, fails.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .

messages: install-dev
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

vendor:
	bash scripts/vendor-assets.sh

## Benchmarks (PostgreSQL; DATABASE_URL defaults to …/inspection_portal_bench)
bench-ranking: install static
	$(PY) -m benchmarks.ranking

bench-bulletin: install system-pdf static
	$(PY) -m benchmarks.bulletin

bench-import: install static
	$(PY) -m benchmarks.household_import

## The hostile-workbook corpus (tests/helpers/hostile.py), each file in its own process.
bench-hostile: install
	$(PY) -m benchmarks.hostile_import


bench-redlights: install static
	$(PY) -m benchmarks.redlights

## 20 000 villages, 1 000 000 expenditures: fund pages and the expenditure import (--small: quick).
bench-funds: install static
	$(PY) -m benchmarks.funds $(BENCH_ARGS)

## import_regions for the whole of Guangdong (26 842 villages), twice
bench-regions: install
	$(PY) -m benchmarks.regions

## The ledger archive: a streamed zip of 2 000 files, peak memory flat (tracemalloc).
bench-ledgers: install
	$(PY) -m benchmarks.ledger_zip

## 580 household visits (two 300 KB photos each) synced one by one to gunicorn, as the phone does.
bench-visits: install static
	$(PY) -m benchmarks.field_visits $(BENCH_ARGS)

## 50 logged-in users on gunicorn + PostgreSQL (…/inspection_portal_load), wrk, 2 × 60 s.
bench-load: install
	@command -v wrk >/dev/null || apt-get install -y wrk || { echo "error: wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) -m benchmarks.load

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
