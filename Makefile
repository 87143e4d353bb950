# Two commands do everything on a fresh machine:
#   make serve   set up, then serve the example site with live reload on http://127.0.0.1:8000/
#   make test    set up (including a headless Chromium), then run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build validate test test-tools lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

serve: setup
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict

validate: setup
	$(BIN)/ordinarily validate

# Chromium for the browser tests, and the other system tools tests use (faketime).
test-tools: setup
	bash scripts/ensure-test-tools.sh $(BIN)/python

lint: setup
	$(BIN)/ruff check plugins tests

test: setup test-tools
	$(BIN)/ruff check plugins tests
	$(BIN)/python -m pytest

clean:
	rm -rf site build dist $(VENV) tests/artifacts
