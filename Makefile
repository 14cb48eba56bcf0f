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
# The contract's Node tools (Spectral, the TypeScript SDK generator) live in clients/.
NODE_BIN := clients/node_modules/.bin
export SCARF_ANALYTICS := false

.PHONY: help install clients run test pytest lint format openapi openapi-check openapi-baseline \
	sdk sdk-python migrate demo fuzz

help: ## List the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(UV):
	@test -n "$(BOOTSTRAP_PYTHON)" || { echo "Python $(PY_VERSION) not found (pyenv install $(PY_VERSION))"; exit 1; }
	$(BOOTSTRAP_PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(BOOTSTRAP_PYTHON)
	@touch $@

install: $(VENV)/.synced ## Install what is missing (Python env)

clients/node_modules/.installed: clients/package.json clients/package-lock.json
	cd clients && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clients: clients/node_modules/.installed ## Install the contract's Node tools (npm ci in clients/)

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --verbosity 1

demo: migrate ## Load the small demo dataset (once)
	$(PY) manage.py demo

run: demo ## Serve API + docs on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
	$(VENV)/bin/uvicorn core.asgi:application --host $(HOST) --port $(PORT) \
		--loop uvloop --http httptools --lifespan off --timeout-graceful-shutdown 5

lint: install clients ## ruff (lint + format check), mypy, and Spectral on openapi.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(NODE_BIN)/spectral lint openapi.json --ruleset clients/spectral.yaml --fail-severity warn

format: install ## Format and autofix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

openapi: install ## Regenerate openapi.json from the app, and the TypeScript SDK from it
	$(PY) manage.py openapi
	$(MAKE) --no-print-directory sdk

sdk: clients ## Regenerate the TypeScript SDK (clients/typescript/src) from openapi.json
	$(NODE_BIN)/openapi-ts --file clients/typescript/openapi-ts.config.mjs

sdk-python: install ## Generate the Python SDK into clients/python/build/conduit-client
	rm -rf clients/python/build
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/openapi-python-client generate --path openapi.json \
		--config clients/python/openapi-python-client.yml --meta uv \
		--output-path clients/python/build/conduit-client

openapi-baseline: install ## Record openapi.json as the released contract of the current version
	cp openapi.json tests/contract/baselines/openapi-$$($(PY) -c 'from core.version import VERSION; print(VERSION)').json

openapi-check: install ## Fail if openapi.json is stale
	$(PY) manage.py openapi --check

pytest: install clients ## The pytest suite on the configured database (SQLite unless DATABASE_URL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

fuzz: install ## Longer contract fuzzing (FUZZ_EXAMPLES=300 cases per operation; FUZZ_SEED)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(VENV)/bin/pytest tests/test_fuzz.py -s

test: lint openapi-check pytest ## Every check and test
