# Two commands for a newcomer: `make run` and `make test`. Both install what is
# missing first, and a second run only does what changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Python's venv module (not in Debian's python3 package), WeasyPrint's libraries,
# HarfBuzz subsetting (50x faster PDFs), Chinese fonts (Noto CJK, plus 花园明朝 and
# BabelStone Han for the rare name characters of CJK Ext B–G), gettext for
# translations, Chromium for the browser tests, poppler and zbar to read PDFs and
# scan their QR codes in the tests.
APT_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
	fonts-hanazono fonts-babelstone-han \
	gettext chromium chromium-driver poppler-utils libzbar0
STAMPS := .make

.PHONY: install run test test-fast lint format lock benchmarks system-deps

install: system-deps $(VENV)/.installed $(STAMPS)/messages

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# A newcomer's machine runs the tests too, so it gets the site's pins and the tools';
# production installs requirements.lock alone (README, Production deployment).
$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	touch $@

$(STAMPS)/messages: $(VENV)/.installed $(shell find locale -name '*.po' 2>/dev/null)
	mkdir -p $(STAMPS)
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	touch $@

run: export DEBUG ?= 1
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not e2e"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run --settings=portal.settings.test

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: $(VENV)/.installed
	$(VENV)/bin/pip-compile --quiet --strip-extras --output-file requirements.lock requirements.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --output-file requirements-dev.lock requirements-dev.in

benchmarks: install
	$(PY) benchmarks/run_all.py
