# Casetracker: `make run` (app with demo data on SQLite + local Celery) and `make test`.
SHELL := /bin/bash
SYSTEM_PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
TIER ?= S

.PHONY: run test install bench lint clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# A fresh clone to a running app: database, reference data, demo data, then the web
# server and a Celery worker with embedded beat. Ctrl-C stops all of them.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference_data
	$(PY) manage.py import_codes data/public/eoir-lookup-tables.csv data/public/arts-status-codes.csv --show 0
	$(PY) manage.py seed_demo --if-empty
	HOST=$(HOST) PORT=$(PORT) bin/run-local

# Tests keep their broker folder and SQLite files apart from a running `make run`.
test: install
	CT_VAR_DIR=$(CURDIR)/var/test $(PY) -m pytest

# Seeds tier TIER (S, M or L) if needed, measures ours beside the stock peers, prints a
# table and writes var/bench/latest.json. Meant for PostgreSQL: set DATABASE_URL.
# Its own virtualenv: the peers (django-import-export) never enter the app's.
BENCH_VENV := .venv-bench

$(BENCH_VENV)/.installed: requirements.txt bench/requirements.txt
	test -x $(BENCH_VENV)/bin/python || $(SYSTEM_PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements.txt -r bench/requirements.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	DEBUG=0 $(BENCH_VENV)/bin/python bench/run.py --tier $(TIER)

clean:
	rm -rf var/celery var/casetracker.sqlite3* var/test-*.sqlite3*
