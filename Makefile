# The two commands: `make run` (set up and serve) and `make test` (set up and test).
# Everything a fresh machine needs is installed from here.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
export DEBUG ?= 1

.PHONY: run test serve worker setup venv deps dev-deps assets migrate seed superuser browser pdf-libs lint format bench bench-import bench-wagtail load wrk trial-deps relevance clean

run: setup pdf-libs seed serve

setup: deps assets migrate

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

deps: $(VENV)/.deps

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

dev-deps: $(VENV)/.dev-deps

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.deps $@

# GOV.UK Frontend styles, built with sass from the versions pinned in package-lock.json.
assets: static/dist/app.css

static/dist/app.css: package.json package-lock.json assets/copy.mjs $(wildcard assets/scss/*.scss)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

# pdf-libs first: manage.py's checks import the URLs, and so WeasyPrint, which needs Pango.
migrate: deps pdf-libs
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py load_seed

# An admin account. DEBUG=1 (exported above) lets manage.py start without a SECRET_KEY.
superuser: migrate
	$(BIN)/python manage.py createsuperuser

# The site and, beside it, the worker that reads PDF imports (on the Redis at RQ_REDIS_URL, by default
# the machine's own); Ctrl+C stops both.
serve:
	@echo "Serving on http://127.0.0.1:$(PORT)/ with a worker for PDF imports (Ctrl+C stops both)"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py rqworker imports & worker=$$!; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The PDF import worker alone (for a second terminal, or when the site is served another way).
worker:
	$(BIN)/python manage.py rqworker imports

# Debian's Chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium for browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-liberation >/dev/null; }

# Pango, which WeasyPrint needs to make PDFs (usually already there with chromium).
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null; }

test: dev-deps assets browser pdf-libs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=0 $(BIN)/python manage.py check --settings=reviews_site.test_settings
	DEBUG=0 $(BIN)/python manage.py makemigrations --check --dry-run --settings=reviews_site.test_settings
	DEBUG=0 $(BIN)/python -m pytest

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: dev-deps assets pdf-libs
	$(BIN)/python -m benchmarks $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.imports

# Pages per second importing a 20-page and a 100-page PDF made from the seed texts (target: 20); make bench ends with it.
bench-import: dev-deps pdf-libs
	$(BIN)/python -m benchmarks.imports

# Wagtail's database search backend over a corpus built with `python -m benchmarks --build-corpus` (README), in a
# virtual environment of its own: WAGTAIL_ARGS="--source-url postgres://.../p100 --database-url postgres://.../w100".
WAGTAIL_VENV := .venv-wagtail
bench-wagtail: $(WAGTAIL_VENV)/.deps
	$(WAGTAIL_VENV)/bin/python -m benchmarks.wagtail.run $(WAGTAIL_ARGS)

$(WAGTAIL_VENV)/.deps: requirements-wagtail.txt
	$(PYTHON) -m venv $(WAGTAIL_VENV)
	$(WAGTAIL_VENV)/bin/pip install --quiet -r requirements-wagtail.txt
	touch $@

# Requests per second per page from gunicorn on 127.0.0.1 under wrk, on a throw-away database (README: Load test).
load: dev-deps assets pdf-libs wrk
	$(BIN)/python -m benchmarks --load $(LOAD_ARGS)

# Debian's wrk for `make load`; where it cannot be installed, a slower Python client stands in.
wrk:
	@command -v wrk >/dev/null || ! command -v apt-get >/dev/null || { \
	  echo "Installing Debian's wrk for the load test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; } \
	    || echo "Could not install wrk: a Python client stands in"; }

# What deploy/trial.sh and its measures need (README: Past one machine): the site, wrk and Debian's haproxy.
trial-deps: dev-deps assets pdf-libs wrk
	@command -v haproxy >/dev/null || { \
	  echo "Installing Debian's haproxy for deploy/trial.sh"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq haproxy >/dev/null; }

# Search relevance on the judged questions (fixtures/relevance/questions.yaml): recall@5, MRR, nDCG@10.
relevance: dev-deps pdf-libs
	$(BIN)/python -m benchmarks --relevance $(RELEVANCE_ARGS)

clean:
	rm -rf $(VENV) $(WAGTAIL_VENV) node_modules static/dist staticfiles .pytest_cache
