# The two commands a newcomer needs: `make run` and `make test`.
PYTHON_VERSION := $(shell cat .python-version)
PYENV_PYTHON := $(HOME)/.pyenv/versions/$(PYTHON_VERSION)/bin/python
PYTHON ?= $(shell [ -x $(PYENV_PYTHON) ] && echo $(PYENV_PYTHON) || command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrations-check install install-dev clean

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

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check .

migrations-check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

test: lint migrations-check
	$(BIN)/pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles dist
