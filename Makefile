# Newsroom's two set-up commands: `make run` and `make test`.
# Everything is installed into .venv from the pinned requirements files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run; pytest-django creates and drops its own test_<name> database.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install browser-deps run test test-postgres fuzz bench lint format

$(INSTALLED): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(INSTALLED)

install: $(INSTALLED)

# axe-core for the browser tests' accessibility audits and the Nu HTML Checker
# (vnu-jar, run with Java) for the pages' validity, from npm. Without npm (or
# Chromium, or Java) those tests are skipped and pytest says why.
browser-deps:
	@if [ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ]; then :; \
	elif command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the browser tests' accessibility checks will be skipped"; fi

run: $(INSTALLED)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_story
	$(BIN)/python manage.py create_local_editor
	@echo "Serving Newsroom on http://$(HOST):$(PORT)/"
	@echo "  editors' admin: http://$(HOST):$(PORT)/admin/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(INSTALLED) browser-deps
	$(BIN)/pytest

test-postgres: $(INSTALLED) browser-deps
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

# Schemathesis over every API operation: at least 500 generated cases with the
# default of 40 examples an operation (`make test` runs 10 an operation).
FUZZ_EXAMPLES ?= 40
fuzz: $(INSTALLED)
	SCHEMATHESIS_MAX_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -p no:cacheprovider articles/tests/test_api_fuzz.py

# Requests per second and p50/p99 of the pages and API answers beside a
# minimal Django view, with wrk, on PostgreSQL and SQLite archives of 1,000 and
# 10,000 stories (`make bench SIZES=1000,10000,100000` for 100,000); any other
# option in BENCH_ARGS (`python -m bench.run --help`). Results in bench/results/
# (bench/README.md).
SIZES ?= 1000,10000
BENCH_ARGS ?=
bench: $(INSTALLED)
	$(BIN)/python -m bench.run --sizes $(SIZES) $(BENCH_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
