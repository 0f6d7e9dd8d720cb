# London Digital Maturity: every task a developer or CI runs.
# `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export DEMO_PASSWORD ?= london-digital-demo
# pytest-xdist workers for the test targets: `auto` is one per CPU (2 on this project's
# machines); `make test PYTEST_WORKERS=0` runs in one process, e.g. to use a debugger.
PYTEST_WORKERS ?= auto
# The service's own packages, for the linters.
APPS := maturity web reports surveys estate accounts boroughs audit
# What `make test-fast` leaves out: Chromium, hypothesis attacks, and anything slow
# (tests/browser, tests/fuzz and tests/bench are marked by folder in tests/conftest.py).
FAST_TESTS := not browser and not fuzz and not slow

.DEFAULT_GOAL := help
.PHONY: help run run-with-test-provider worker test test-fast lint typecheck templates-lint imports format assets db demo check-deploy lock clean screenshots bench bench-national loadtest pg-test security audit

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	@touch $@

static/build/.built: package.json package-lock.json scripts/build-assets.mjs $(wildcard static/scss/*.scss) $(BIN)/.installed
	@command -v node >/dev/null 2>&1 || { echo "Node.js 20 or newer is needed to build the GOV.UK Frontend styles: install it from your package manager (e.g. apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	PLOTLY_JS_VERSION="$$($(BIN)/python -c 'import plotly.offline as o; print(o.get_plotlyjs_version())')" node scripts/build-assets.mjs
	@touch $@

assets: static/build/.built ## Install and compile the front-end assets (GOV.UK Frontend, plotly.js)

db: $(BIN)/.installed ## Migrate the database and load the default questionnaire
	$(MANAGE) migrate --no-input
	$(MANAGE) load_questionnaire fixtures/questionnaires/london-digital-maturity-v1.yaml --publish --if-new
	$(MANAGE) load_questionnaire fixtures/questionnaires/london-digital-maturity-v2.yaml --publish --if-new

demo: db ## Load the demo accounts and assessments (development only)
	DEBUG=true $(MANAGE) seed_demo

run: assets ## Set everything up and serve the app with demo data on http://127.0.0.1:8000
	DEBUG=true $(MAKE) --no-print-directory demo
	@echo ""
	@echo "  London Digital Maturity is at http://$(HOST):$(PORT)/"
	@echo "  Demo accounts: lead-<slug>, contributor-<slug> (e.g. lead-camden), cdo, admin"
	@echo "  Demo password: $(DEMO_PASSWORD)"
	@echo "  cdo and admin also need a code: DEBUG=true $(BIN)/python manage.py demo_otp_code cdo"
	@echo "  A background-job worker runs beside the server (Ctrl-C stops both)."
	@echo ""
	DEBUG=true PYTHON=$(BIN)/python ./scripts/run-dev $(HOST):$(PORT)

run-with-test-provider: assets ## `make run` with organisation sign-in against the test OpenID provider (try it by hand)
	DEBUG=true $(MAKE) --no-print-directory demo
	DEBUG=true PYTHON=$(BIN)/python $(BIN)/python scripts/run-with-test-provider $(HOST):$(PORT)

worker: $(BIN)/.installed ## Run a background-job worker (exports made as jobs, reminder emails); `make run` starts one
	$(MANAGE) db_worker

test: assets lint ## Run the whole test suite: `make lint`, then every test (browser, fuzz, bench too), in parallel
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-fast: assets ## Quick feedback: unit, service and view tests in parallel (no browser, fuzz, slow or bench tests)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --reuse-db -m "$(FAST_TESTS)"

pg-test: assets ## Run the test suite against a throw-away PostgreSQL database on 127.0.0.1
	./scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS)

security: $(BIN)/.installed ## Python security linter (bandit) over every app: fails on any high-severity finding
	$(BIN)/bandit -q -r $(APPS) -x '*/migrations/*' --severity-level high --confidence-level medium

audit: $(BIN)/.installed ## Audit the pinned dependencies for known vulnerabilities (pip-audit; says when it cannot)
	$(BIN)/python scripts/audit-dependencies

screenshots: assets ## PNGs of the key pages as each role sees them, 1280 and 320 px wide, in screenshots/ (ARGS="--role cdo --page round")
	$(BIN)/python scripts/screenshots.py $(ARGS)

bench: assets ## Benchmarks at London scale on PostgreSQL: page times, query counts, export vs COPY, the report's PDF
	$(BIN)/python bench/generate.py --scale london
	$(BIN)/python bench/pages.py --scale london --requests 20
	$(BIN)/python bench/exports.py --scale london
	$(BIN)/python bench/report.py --scale london

bench-national: assets ## The same at national scale (400 authorities, 10 rounds, 80 questions; ~10 min)
	$(BIN)/python bench/generate.py --scale national
	$(BIN)/python bench/pages.py --scale national --requests 10
	$(BIN)/python bench/dashboards.py --scale national --requests 10
	$(BIN)/python bench/exports.py --scale national
	$(BIN)/python bench/goals.py --scale national --requests 10
	$(BIN)/python bench/estate.py --requests 30

loadtest: assets ## Load test (gunicorn, PostgreSQL, locust) with the lost-write check, then the worker-kill run, then two servers
	$(BIN)/python -m bench.loadtest.run
	$(BIN)/python -m bench.loadtest.run --kill-worker
	$(BIN)/python -m bench.loadtest.run --servers 2 --workers 2

lint: $(BIN)/.installed ## Every static check: ruff (lint and format), djLint, mypy and the import graph
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory templates-lint typecheck imports

templates-lint: $(BIN)/.installed ## Lint the Django templates with djLint (config in pyproject.toml; never reformats)
	$(BIN)/djlint templates --lint

typecheck: $(BIN)/.installed ## Type-check with mypy and django-stubs (the packages listed in pyproject.toml)
	$(BIN)/mypy

imports: $(BIN)/.installed ## Check the import graph: apps import only the layers below them, no cycles
	$(BIN)/lint-imports --no-cache --no-logo

format: $(BIN)/.installed ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: assets ## Django's deployment checks with production settings
	SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdefghijklmnop \
	  DEBUG=false ALLOWED_HOSTS=maturity.example.gov.uk \
	  CDO_OFFICE_EMAIL=digital-maturity@maturity.example.gov.uk CDO_OFFICE_PHONE="020 7123 4567" \
	  $(MANAGE) check --deploy --fail-level WARNING
	SECRET_KEY=collectstatic-only-not-a-real-secret-key DEBUG=false $(MANAGE) collectstatic --no-input --verbosity 0

lock: ## Re-resolve the dependencies in pyproject.toml into requirements.lock
	rm -rf /tmp/ldm-lock && $(PYTHON) -m venv /tmp/ldm-lock
	/tmp/ldm-lock/bin/pip install --quiet ".[dev]"
	/tmp/ldm-lock/bin/pip freeze --exclude london-digital-maturity > requirements.lock

clean: ## Remove the virtual environment, built assets and the local database
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3 .mypy_cache .import_linter_cache
