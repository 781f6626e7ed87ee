# Two commands for a fresh machine (see README):
#   make site   builds site/ with every briefing page and its printable PDF sheet
#   make test   installs the test tools (Chromium, Java, axe-core, vnu) if missing and runs every test
# Everything is installed into .venv/ and node_modules/ inside this folder.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package at the exact version and hash the suite passed with (README: "Locked installs").
LOCK := requirements/lock.txt
PIP_TOOLS := pip-tools==7.6.2
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test validate serve bench clean test-tools lock

# The lock first (exact versions, hashes checked), then the project itself without resolving again.
$(BIN)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Refresh the lock from pyproject.toml's ranges (newest versions that satisfy them), then run
# `make test` on it before committing. Dependabot proposes the same refreshes as pull requests.
lock:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check '$(PIP_TOOLS)'
	$(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --extra test --strip-extras \
	  --no-emit-find-links --no-emit-index-url --output-file $(LOCK) pyproject.toml

site: $(BIN)/.installed
	$(BIN)/sevenminute validate briefings
	$(BIN)/mkdocs build --strict

validate: $(BIN)/.installed
	$(BIN)/sevenminute check briefings

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve --livereload

test-tools:
	bash scripts/install-test-tools.sh

test: $(BIN)/.installed test-tools
	$(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	$(BIN)/python scripts/bench.py --sizes 10,100,1000

clean:
	rm -rf site .cache
