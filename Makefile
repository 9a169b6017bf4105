# csinspect — two commands on a fresh machine:
#   make run    set up everything, build the SQLite database from the official data, serve the web app
#   make test   ruff, mypy and the whole test suite (starts its own PostgreSQL and headless Chromium)
# and, without root or any service: make check (lint, types, and the tests that need no PostgreSQL or browser)

PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
# uv installs the exact versions of uv.lock (the versions the tests passed with); it lives in its own venv
UV_VERSION := 0.13.9
TOOLS   := .tools
UV      := $(TOOLS)/bin/uv
SHARED  ?= ../shared
HOST    ?= 127.0.0.1
PORT    ?= 8000
# Debian packages the tests need: a real PostgreSQL server, a real browser, Pango for WeasyPrint, poppler for PDF checks
APT_PACKAGES := postgresql chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 poppler-utils fonts-dejavu-core

.PHONY: run test check setup venv assets system-deps lint typecheck pytest pytest-local lock wheel bench clean

# The official files: ../shared when present, else downloaded from their public addresses; without either
# (no ../shared, no internet) a demonstration set with made-up figures, so the app still runs end to end.
DEMO    ?= .demo
run: venv assets
	$(BIN)/csinspect db init
	@if [ -d "$(SHARED)/data/official" ]; then \
		$(BIN)/csinspect data load $(SHARED)/data/official; \
	elif $(BIN)/csinspect data fetch --dest $(DEMO)/fetched; then \
		$(BIN)/csinspect data load $(DEMO)/fetched; \
	else \
		echo "csinspect: no official files (no $(SHARED), no download): loading a DEMONSTRATION set with made-up figures"; \
		$(BIN)/csinspect data demo $(DEMO) && $(BIN)/csinspect data load $(DEMO)/official && \
		$(BIN)/csinspect ingest $(DEMO)/reports; \
	fi
	@if [ -d "$(SHARED)/corpus/pdf" ]; then $(BIN)/csinspect ingest $(SHARED)/corpus/pdf $(SHARED)/seeds --workers 2; fi
	$(BIN)/csinspect serve --host $(HOST) --port $(PORT) --warm

test: system-deps venv assets lint typecheck pytest

check: venv assets lint typecheck pytest-local

setup: system-deps venv assets

venv: $(VENV)/.installed

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --extra dev --python $(PYTHON)
	touch $@

# Dependency updates are a deliberate change: edit pyproject.toml, run `make lock`, commit uv.lock.
lock: $(UV)
	$(UV) lock

# GOV.UK Frontend comes from the npm registry and is copied into the package's static folder
assets: src/csinspect/web/static/govuk/.built

src/csinspect/web/static/govuk/.built: package.json
	npm ci --no-audit --no-fund --silent
	bash scripts/build-assets.sh
	touch $@

system-deps:
	@bash scripts/system-deps.sh $(APT_PACKAGES)

lint: venv
	$(BIN)/ruff check src tests benchmarks scripts build_support
	$(BIN)/ruff format --check src tests benchmarks scripts build_support

typecheck: venv
	$(BIN)/mypy

pytest: venv
	bash scripts/with-postgres.sh $(BIN)/pytest -n 2 -q

# the tests that need neither the PostgreSQL server nor Chromium (no root needed)
pytest-local: venv
	$(BIN)/pytest -n 2 -q -m "not postgres and not browser"

# a wheel with the built GOV.UK assets in it (the build fails loudly without them)
wheel: venv assets
	$(UV) build --wheel --out-dir dist

# Benchmarks print their figures (targets in each script's docstring); the web one needs the national data loaded.
bench: venv
	$(BIN)/python benchmarks/frameworks_bench.py
	$(BIN)/python benchmarks/official_load.py $(SHARED)/data/official
	$(BIN)/python benchmarks/ingest.py $(SHARED)/corpus/pdf --workers 2
	$(BIN)/python benchmarks/profile.py --official $(SHARED)/data/official
	$(BIN)/python benchmarks/returns.py large
	$(BIN)/python benchmarks/returns.py national
	$(BIN)/python benchmarks/reports.py
	$(BIN)/csinspect db init && $(BIN)/csinspect data load $(SHARED)/data/official >/dev/null
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) $(TOOLS) $(DEMO) node_modules src/csinspect/web/static/govuk .pytest_cache .mypy_cache .ruff_cache dist build
