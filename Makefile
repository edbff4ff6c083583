# Outreach: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
STAMP := $(VENV)/.installed-stamp
# axe-core for the accessibility tests, from package-lock.json (never fetched while tests run)
NODE_STAMP := node_modules/.installed-stamp
# two workers (one PostgreSQL database each, see tests/conftest.py); PYTEST_ARGS= runs serially
PYTEST_ARGS ?= -n 2
# e.g. PIP_AUDIT_ARGS=--strict to fail when a package could not be looked up
PIP_AUDIT_ARGS ?=
BENCH_ARGS ?=

.PHONY: install system-deps system-deps-test run test bench lint migrate audit translations i18n

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh run

system-deps-test:
	@bash scripts/system-deps.sh test

install: system-deps $(STAMP) translations

# extract the strings, update every catalog, compile (see scripts/i18n.py)
i18n: $(STAMP)
	$(PY) scripts/i18n.py

# .mo files are built from the committed .po catalogs, never committed
translations: $(STAMP)
	@$(PY) -c 'from outreach.core.i18n import compile_catalogs; compile_catalogs()'

migrate: install
	$(FLASK) db upgrade
	$(FLASK) seed

run: migrate
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests: sudo apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

test: system-deps-test $(STAMP) translations $(NODE_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Security: no high-severity finding from bandit; no known vulnerability in the installed
# packages (pip-audit asks the PyPI advisory database, so it needs the network).
audit: $(STAMP)
	$(VENV)/bin/bandit -q -r outreach -lll
	$(VENV)/bin/pip-audit --skip-editable --progress-spinner off $(PIP_AUDIT_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check outreach tests bench
	$(VENV)/bin/ruff format --check outreach tests bench
