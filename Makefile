# Filière — the two commands of the README: `make demo` and `make test`.
# Both work on a fresh machine with Python 3.11: they create .venv and install what they need.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_WS := demo-workspace
DEMO_CASE := demo
DEMO_CASE_DIR := demo-case
DEMO_SEED := 7
DEMO_REPORT := demo-report.html

.PHONY: demo test lint format locale postgres-packages browser-packages office-packages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

# The main job on a generated medium case (every file says it is generated): generate, ingest (extraction
# runs with it), resolve, analyse, write the case report (HTML and PDF) and the GraphML export. Idempotent.
demo: $(VENV)/.installed
	$(BIN)/filiere generate $(DEMO_CASE_DIR) --seed $(DEMO_SEED) --size medium --lang fr --force
	$(BIN)/filiere --workspace $(DEMO_WS) case create $(DEMO_CASE) --exist-ok \
		--country $$($(BIN)/python -c "import json; print(json.load(open('$(DEMO_CASE_DIR)/truth.json'))['case_country'])") \
		--title "DEMO — cas généré, données fictives / generated case, fictional data"
	$(BIN)/filiere --workspace $(DEMO_WS) ingest --case $(DEMO_CASE) $(DEMO_CASE_DIR)/evidence
	$(BIN)/filiere --workspace $(DEMO_WS) resolve --case $(DEMO_CASE)
	$(BIN)/filiere --workspace $(DEMO_WS) analyze --case $(DEMO_CASE)
	$(BIN)/filiere --workspace $(DEMO_WS) report --case $(DEMO_CASE) --out $(DEMO_REPORT)
	$(BIN)/filiere --workspace $(DEMO_WS) report --case $(DEMO_CASE) --out demo-report.pdf
	$(BIN)/filiere --workspace $(DEMO_WS) export --case $(DEMO_CASE) --out demo-network.graphml
	$(BIN)/filiere --workspace $(DEMO_WS) audit verify
	@echo ""
	@echo "Rapport / report: $(DEMO_REPORT), demo-report.pdf; Gephi: demo-network.graphml (answer key: $(DEMO_CASE_DIR)/truth.json)"
	@echo "Interface web / web UI: $(BIN)/filiere --workspace $(DEMO_WS) serve  →  http://127.0.0.1:8000/cases/$(DEMO_CASE)"

# The test suite runs on SQLite and on a real PostgreSQL server started by the tests themselves
# (tests/support/postgres.py) from the machine's postgresql package, installed here when missing; the web
# workbench's browser tests drive the machine's Debian Chromium (never a browser download), installed likewise.
test: $(VENV)/.dev-installed postgres-packages browser-packages office-packages
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

browser-packages:
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium: present"; \
	else \
		echo "Installing Chromium from the machine's packages"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

# MLA requests are checked by opening their DOCX in LibreOffice (headless) in the tests; the PDF uses DejaVu.
office-packages:
	@if command -v soffice >/dev/null 2>&1 && [ -d /usr/share/fonts/truetype/dejavu ]; then \
		echo "LibreOffice and DejaVu fonts: present"; \
	else \
		echo "Installing LibreOffice Writer (headless) and DejaVu fonts from the machine's packages"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			libreoffice-writer-nogui fonts-dejavu-core; \
	fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench examples

format: $(VENV)/.dev-installed
	$(BIN)/ruff format src tests bench examples

# Refresh the message catalogs after changing user-facing text: extract (Python and the web templates, see
# babel.cfg), merge, compile (commit the results).
locale: $(VENV)/.dev-installed
	$(BIN)/pybabel extract --no-location --width 110 --sort-output -F babel.cfg -k _ -k ngettext:1,2 \
		-o src/filiere/locale/filiere.pot src/filiere
	$(BIN)/pybabel update --no-fuzzy-matching --width 110 -D filiere -i src/filiere/locale/filiere.pot -d src/filiere/locale
	$(BIN)/pybabel compile -D filiere -d src/filiere/locale

bench: $(VENV)/.installed
	$(BIN)/python bench/ingest_cdr.py --rows 1000000 --rows 10000000

clean:
	rm -rf $(DEMO_WS) $(DEMO_CASE_DIR) $(DEMO_REPORT) demo-report.pdf demo-network.graphml .pytest_cache .ruff_cache .hypothesis
