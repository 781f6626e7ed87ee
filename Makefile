# Two commands for a fresh machine (see README):
#   make site   builds site/ with every briefing page and its printable PDF sheet
#   make test   installs the test tools (Chromium, Java, axe-core, vnu) if missing and runs every test
# Everything is installed into .venv/ and node_modules/ inside this folder.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test validate serve bench clean test-tools

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

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
