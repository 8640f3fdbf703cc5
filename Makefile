# BOPS quick start:  make run   (demo on SQLite at http://127.0.0.1:8000)
#                    make test  (the whole suite; PostgreSQL when DATABASE_URL is set)
#                    make bench (p50/p95 and query counts at regional and national scale;
#                                PostgreSQL, see docs/running-at-scale.md)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench load-test clean

$(STAMP): pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)
	DEBUG=1 $(PY) manage.py compilemessages --ignore "$(VENV)" --ignore node_modules -v 0
	@# axe-core for the browser accessibility tests (package.json, package-lock.json).
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	  else echo "npm not found: the axe-core accessibility checks will be skipped"; fi; \
	fi

run: install
	DEBUG=1 BOPS_ALLOW_SYNTHETIC_IDS=1 $(PY) manage.py migrate --no-input -v 0
	DEBUG=1 BOPS_ALLOW_SYNTHETIC_IDS=1 $(PY) manage.py seed_demo --if-empty
	DEBUG=1 BOPS_ALLOW_SYNTHETIC_IDS=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: install
	PYTHON=$(PY) scripts/bench

load-test: install
	PYTHON=$(PY) scripts/load-test

clean:
	rm -rf $(VENV) staticfiles bops.sqlite3
