# Two commands do everything on a fresh machine:
#   make serve   set up, then serve the site with live reload on http://127.0.0.1:8000/
#                (FEED=1: with the Open Referral UK feed, which serve otherwise leaves out)
#   make test    set up (including a headless Chromium), then run every test
#
# The site is the council's own, at the top of a fork (where ordinarily.yml is). The engine's
# repository has none there, so there the commands use the Anytown example in example/.
# PROJECT=DIR uses another folder.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
PROJECT ?= $(if $(wildcard ordinarily.yml),.,example)

.PHONY: project site-url screenshots setup serve edit update-cms build validate check-content stale-report diff publish test test-fast test-tools lint clean

setup: $(STAMP)

# The folder of the site the commands use, and the site's address (for the workflows).
project:
	@echo $(PROJECT)

site-url: setup
	@$(BIN)/python -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["site"]["url"])' \
	  $(PROJECT)/ordinarily.yml

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# --dirty: each save rebuilds only what the saved file affects (adapter/mkdocs_incremental.py;
# docs/architecture.md, "Rebuilding under make serve").
# The Open Referral UK feed (api/oruk/) is left out while editing, since nothing on the site
# needs it: make serve FEED=1 writes it too. make build and make publish always write it.
serve: setup
	@echo "Serving the site in $(PROJECT)/"
	ORDINARILY_FEED=$(FEED) $(BIN)/mkdocs serve --livereload --dirty --dev-addr 127.0.0.1:8000 --config-file $(PROJECT)/mkdocs.yml

# The site with its web forms on /admin/ saving straight into the project's files: decap-server
# (Decap CMS's local backend, from the npm registry; the one command that needs Node) on
# http://localhost:8081 and the site on http://127.0.0.1:8000/admin/ (docs/maintainers.md).
DECAP_SERVER_VERSION := 3.11.3
edit: setup
	@command -v npx >/dev/null || { echo "make edit needs Node.js (npx) for decap-server: https://nodejs.org/"; exit 1; }
	@echo "Forms on http://127.0.0.1:8000/admin/ save into $(PROJECT)/ (Ctrl+C stops both)"
	trap 'kill 0' EXIT; \
	  (cd $(PROJECT) && npx --yes decap-server@$(DECAP_SERVER_VERSION)) & \
	  ORDINARILY_CMS_LOCAL=1 $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000 \
	    --config-file $(PROJECT)/mkdocs.yml

# make update-cms VERSION=3.16.3: vendor that Decap CMS release from the npm registry, checked
# against the registry's integrity hash (scripts/update_cms.py; no Node needed).
update-cms: setup
	$(BIN)/python scripts/update_cms.py $(or $(VERSION),$(error give VERSION, e.g. 3.16.3))

# make build PREVIEW=12 builds pull request 12's preview, for /previews/pr-12/.
# The site is written to site/ at the top of the repository either way.
build: setup
	ORDINARILY_PREVIEW=$(PREVIEW) $(BIN)/mkdocs build --strict --config-file $(PROJECT)/mkdocs.yml \
	  --site-dir $(CURDIR)/site

validate: setup
	$(BIN)/ordinarily validate $(PROJECT)

# Spelling, reading ease, abbreviations and review dates (see docs/co-production.md).
check-content: setup
	$(BIN)/ordinarily check-content $(PROJECT)

# Entries past their review date, as Markdown (the scheduled workflow posts it in an issue).
stale-report: setup
	@$(BIN)/ordinarily check-content --only stale --format markdown $(PROJECT)

# make diff BASE=2026-27 [HEAD=main] [FORMAT=json]: what changed, in plain English.
diff: setup
	@$(BIN)/ordinarily diff $(or $(BASE),$(error give BASE, a git ref or folder)) $(HEAD) \
	  $(if $(FORMAT),--format $(FORMAT)) --project $(PROJECT)

# make publish                      build main and deploy it to the root of the Pages branch
# make publish EDITION=2026-27      archive that tag under /editions/2026-27/, then redeploy the root
# make publish PREVIEW=12 SITE=dir  deploy a built preview under /previews/pr-12/ (REMOVE=1 removes it)
publish: setup
	$(BIN)/ordinarily publish $(if $(EDITION),--edition $(EDITION)) \
	  $(if $(PREVIEW),--preview $(PREVIEW)) $(if $(SITE),--site $(SITE)) \
	  $(if $(REMOVE),--remove) --remote $(or $(REMOTE),origin) --project $(PROJECT)

# Chromium for the browser tests, and the other system tools tests use (faketime).
test-tools: setup
	bash scripts/ensure-test-tools.sh $(BIN)/python

# Style, and the engine's import rules (which folder may import which: docs/architecture.md).
lint: setup
	$(BIN)/ruff check plugins tests scripts benchmarks
	$(BIN)/lint-imports --no-cache

# The engine's tests run on the example; in a fork, the council's own site is checked too.
# Every core runs tests (pytest-xdist); a test file's tests stay in one process, so each file's
# module fixtures (a built site, a git history) are made once.
# Tests marked `serial` (the benchmark's smoke run, which times builds and a serve loop) run
# alone afterwards; `make test` fails if either step fails, and always runs both.
PYTEST := $(BIN)/python -m pytest -n auto --dist loadfile

test: setup test-tools lint
	status=0; $(PYTEST) -m "not serial" || status=$$?; \
	  $(BIN)/python -m pytest -m serial || status=$$?; \
	  exit $$status
	$(if $(filter example,$(PROJECT)),,$(BIN)/ordinarily validate $(PROJECT))

# The quick tier while you work: the unit tests, without the browser and build tests that
# `make test` adds (README.md, "Tests"). A test that builds without its mark fails here.
test-fast: setup lint
	ORDINARILY_TEST_TIER=fast $(PYTEST) -m "not build" -q

# Remake the maintainers' guide's screenshots from the example (needs Chromium: make test-tools).
screenshots: setup test-tools
	$(BIN)/python scripts/maintainers_screenshots.py

clean:
	rm -rf site build dist $(VENV) tests/artifacts
