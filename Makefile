# Filière — the two commands of the README: `make demo` and `make test`.
# Both work on a fresh machine with Python 3.11: they create .venv and install what they need.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_WS := demo-workspace
DEMO_CASE := demo-agadez-sebha

.PHONY: demo test lint format locale postgres-packages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/filiere --workspace $(DEMO_WS) case create $(DEMO_CASE) --country NE --exist-ok \
		--title "DEMO — réseau Niamey–Agadez–Sebha (données fictives)"
	$(BIN)/filiere --workspace $(DEMO_WS) ingest --case $(DEMO_CASE) examples/sample-case/evidence
	$(BIN)/filiere --workspace $(DEMO_WS) case show $(DEMO_CASE)
	$(BIN)/filiere --workspace $(DEMO_WS) evidence list --case $(DEMO_CASE)
	$(BIN)/filiere --workspace $(DEMO_WS) mentions --case $(DEMO_CASE) --type phone
	$(BIN)/filiere --workspace $(DEMO_WS) mentions --case $(DEMO_CASE) --type money
	$(BIN)/filiere --workspace $(DEMO_WS) case create demo-network --country NE --exist-ok \
		--title "DEMO — réseau Bamako–Agadez–Sebha (données fictives)"
	$(BIN)/filiere --workspace $(DEMO_WS) ingest --case demo-network examples/network-case/evidence
	$(BIN)/filiere --workspace $(DEMO_WS) resolve --case demo-network
	$(BIN)/filiere --workspace $(DEMO_WS) analyze --case demo-network
	$(BIN)/filiere --workspace $(DEMO_WS) audit verify

# The test suite runs on SQLite and on a real PostgreSQL server started by the tests themselves
# (tests/support/postgres.py) from the machine's postgresql package, installed here when missing.
test: $(VENV)/.dev-installed postgres-packages
	$(BIN)/ruff check src tests bench examples
	$(BIN)/ruff format --check src tests bench examples
	$(BIN)/pytest

postgres-packages:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then \
		echo "PostgreSQL server binaries: present"; \
	else \
		echo "Installing PostgreSQL from the machine's packages"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; \
	fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench examples

format: $(VENV)/.dev-installed
	$(BIN)/ruff format src tests bench examples

# Refresh the message catalogs after changing user-facing text: extract, merge, compile (commit the results).
locale: $(VENV)/.dev-installed
	$(BIN)/pybabel extract --no-location --sort-output -k _ -k ngettext:1,2 -o src/filiere/locale/filiere.pot src/filiere
	$(BIN)/pybabel update --no-fuzzy-matching -D filiere -i src/filiere/locale/filiere.pot -d src/filiere/locale
	$(BIN)/pybabel compile -D filiere -d src/filiere/locale

bench: $(VENV)/.installed
	$(BIN)/python bench/ingest_cdr.py --rows 1000000 --rows 10000000

clean:
	rm -rf $(DEMO_WS) .pytest_cache .ruff_cache .hypothesis
