# Conduit: `make run` serves the app, `make test` runs every check. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_VERSION := $(shell cat .python-version)
# A Python of the pinned version: pyenv's shim (it reads .python-version), else pyenv's install.
BOOTSTRAP_PYTHON := $(firstword $(foreach p,$(shell command -v python$(PY_VERSION)) $(wildcard $(HOME)/.pyenv/versions/$(PY_VERSION)*/bin/python3),$(p)))
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test pytest lint format openapi openapi-check migrate demo fuzz

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(UV):
	@test -n "$(BOOTSTRAP_PYTHON)" || { echo "Python $(PY_VERSION) not found (pyenv install $(PY_VERSION))"; exit 1; }
	$(BOOTSTRAP_PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(BOOTSTRAP_PYTHON)
	@touch $@

install: $(VENV)/.synced ## Install what is missing (Python env)

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --verbosity 1

demo: migrate ## Load the small demo dataset (once)
	$(PY) manage.py demo

run: demo ## Serve API + docs on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
	$(VENV)/bin/uvicorn core.asgi:application --host $(HOST) --port $(PORT) \
		--loop uvloop --http httptools --lifespan off --timeout-graceful-shutdown 5

lint: install ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install ## Format and autofix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

openapi: install ## Regenerate openapi.json from the app
	$(PY) manage.py openapi

openapi-check: install ## Fail if openapi.json is stale
	$(PY) manage.py openapi --check

pytest: install ## The pytest suite on the configured database (SQLite unless DATABASE_URL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

fuzz: install ## Longer contract fuzzing (FUZZ_EXAMPLES=300 cases per operation; FUZZ_SEED)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(VENV)/bin/pytest tests/test_fuzz.py -s

test: lint openapi-check pytest ## Every check and test
