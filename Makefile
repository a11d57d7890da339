# Wakuncar GIS. `make run` sets everything up and serves the app; `make test`
# sets up the same and runs the whole suite. Both are idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_SYS ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
STAMP      := .setup
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Local database, used unless DATABASE_URL points elsewhere.
DB_NAME    ?= wakuncar
DB_USER    ?= wakuncar
DB_PASS    ?= wakuncar
export DATABASE_URL ?= postgis://$(DB_USER):$(DB_PASS)@127.0.0.1:5432/$(DB_NAME)
export DEMO_PASSWORD ?= wakuncar-demo
HOST       ?= 127.0.0.1
PORT       ?= 8000

OS_PACKAGES := postgresql postgresql-15-postgis-3 gdal-bin libgdal-dev libgeos-dev \
	libproj-dev binutils libpq-dev gettext chromium \
	libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils

.PHONY: help run dev test setup os-packages venv node database migrate demo static \
	lint format bench backup restore clean

help:
	@echo "make run    set up everything and serve http://$(HOST):$(PORT) (gunicorn)"
	@echo "make test   set up everything and run the whole test suite"
	@echo "make dev    the same with Django's development server (reloads, DEBUG)"
	@echo "make backup / make restore FILE=backups/...   database and uploaded files"

# `make run` serves as in production (gunicorn, DEBUG off, compressed and
# hashed static files) over plain HTTP on this machine. Behind a TLS proxy, set
# SECURE_SSL_REDIRECT=1 SESSION_COOKIE_SECURE=1 CSRF_COOKIE_SECURE=1
# SECURE_HSTS_SECONDS=31536000 BEHIND_TLS_PROXY=1 and a real SECRET_KEY.
run: export DEBUG ?= 0
run: export SECURE_SSL_REDIRECT ?= 0
run: export SESSION_COOKIE_SECURE ?= 0
run: export CSRF_COOKIE_SECURE ?= 0
run: export SECURE_HSTS_SECONDS ?= 0
run: export HOST := $(HOST)
run: export PORT := $(PORT)
run: setup demo static
	@echo
	@echo "Wakuncar GIS: http://$(HOST):$(PORT)/"
	@echo "Demo logins (password: $(DEMO_PASSWORD)): admin, lurah-rejomulyo, surveyor-rejomulyo, planner"
	@echo
	$(VENV)/bin/gunicorn --config wakuncar/gunicorn.conf.py wakuncar.wsgi

# runserver, with the background worker (raster uploads) beside it until it ends.
dev: setup demo
	$(PY) -m wakuncar.worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Hashed, compressed copies that WhiteNoise serves with far-future caching.
static: export DEBUG ?= 0
static:
	WAKUNCAR_COMPRESSED_STATIC=1 $(PY) manage.py collectstatic --no-input -v 0

test: setup lint
	$(VENV)/bin/pytest

setup: os-packages venv node database migrate

# Installs only what is missing, so a set-up machine pays nothing here.
os-packages:
	@missing=$$(for p in $(OS_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; \
	done); \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "Installing OS packages:" $$missing; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: $(STAMP)/venv
$(STAMP)/venv: requirements.txt
	@mkdir -p $(STAMP)
	[ -x $(PY) ] || $(PYTHON_SYS) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	@touch $@

# Front-end libraries pinned in package-lock.json; Django serves them, no CDN.
node: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --legacy-peer-deps
	@touch $@

database:
	@DATABASE_URL="$(DATABASE_URL)" DB_NAME="$(DB_NAME)" DB_USER="$(DB_USER)" \
		DB_PASS="$(DB_PASS)" SUDO="$(SUDO)" bash scripts/database.sh

# Every catalogue: the project's locale/ and each app's own <app>/locale/.
PO_FILES := $(shell find . -path ./.venv -prune -o -path ./node_modules -prune -o \
	-path '*/locale/*/LC_MESSAGES/django.po' -print)

migrate: $(PO_FILES:.po=.mo)
	$(PY) manage.py migrate --no-input -v 0

%.mo: %.po
	msgfmt --check -o $@ $<

demo:
	$(PY) manage.py load_demo

lint: node
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	npx --no-install eslint .

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Each bench/bench_*.py measures one target against ogr2ogr or raw SQL in the
# same run and prints its figures; the README quotes the latest ones.
bench: setup
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# pg_dump (custom format) and the uploaded files, in backups/ (git-ignored).
backup: setup
	$(PY) manage.py backup --dir backups

# make restore FILE=backups/wakuncar-YYYYmmdd-HHMMSS.tar: replaces the
# database's contents and the uploaded files with the backup's.
restore: setup
	@[ -n "$(FILE)" ] || { echo "make restore FILE=backups/<backup>.tar"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) $(STAMP) node_modules
