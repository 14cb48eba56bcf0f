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
# Local work runs in development mode, chosen here explicitly: without it the settings are
# production's and refuse to start without real secrets. `make serve` is production.
export CONDUIT_ENV ?= development
# The contract's Node tools (Spectral, the TypeScript SDK generator) live in clients/.
NODE_BIN := clients/node_modules/.bin
export SCARF_ANALYTICS := false
VITE_PORT ?= 5173

# The SPA (frontend/): npm ci when the lock file changes, a build when its sources change.
FRONTEND := frontend
NODE_DEPS := $(FRONTEND)/node_modules/.installed
SPA_BUILD := $(FRONTEND)/dist/index.html
SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f ! -name '*.test.ts' ! -name '*.test.tsx' 2>/dev/null) \
	$(addprefix $(FRONTEND)/,index.html vite.config.ts tsconfig.json package.json)

.PHONY: help install clients run dev test pytest lint format openapi openapi-check openapi-baseline \
	serve sdk sdk-python migrate demo frontend-install spa client client-check typecheck vitest e2e \
	bundle-size frontend-test bench bench-events wrk fuzz

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

run: demo spa ## Serve SPA + API + docs on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
	$(VENV)/bin/uvicorn core.config.asgi:application --host $(HOST) --port $(PORT) \
		--loop uvloop --http httptools --lifespan off --timeout-graceful-shutdown 5 --no-proxy-headers

# Production: see docs/deploy.md (nginx in front, never uvicorn exposed directly).
serve: export CONDUIT_ENV := production
serve: install ## Production server: WORKERS processes (default: cores), SIGHUP restarts them one by one
	$(PY) -m core.config.serve --host $(HOST) --port $(PORT)

dev: demo frontend-install ## API on :8000 (reloading) + Vite dev server on :5173 proxying /api to it
	@echo "SPA with hot reload: http://$(HOST):$(VITE_PORT)  (API: http://$(HOST):$(PORT)/api)"
	@trap 'kill 0' EXIT; \
	$(VENV)/bin/uvicorn core.config.asgi:application --host $(HOST) --port $(PORT) --reload \
		--reload-dir core --reload-dir api --reload-dir schemas --lifespan off --no-proxy-headers & \
	cd $(FRONTEND) && CONDUIT_API=http://$(HOST):$(PORT) VITE_PORT=$(VITE_PORT) npx vite

$(NODE_DEPS): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	@touch $@

frontend-install: $(NODE_DEPS) ## Install the SPA's npm packages (npm ci)

$(SPA_BUILD): $(SPA_SOURCES) $(NODE_DEPS)
	cd $(FRONTEND) && npm run build

spa: $(SPA_BUILD) ## Build the SPA into frontend/dist (only when its sources changed)

client: $(NODE_DEPS) ## Regenerate the SPA's typed API client from openapi.json
	cd $(FRONTEND) && npm run generate:api

client-check: $(NODE_DEPS) ## Fail if the generated client is stale against openapi.json
	cd $(FRONTEND) && npm run check:api

typecheck: $(NODE_DEPS) ## TypeScript type-check of the SPA and its tests (tsc --noEmit)
	cd $(FRONTEND) && npm run typecheck

vitest: $(NODE_DEPS) ## The SPA's unit tests (Vitest)
	cd $(FRONTEND) && npm test

bundle-size: $(SPA_BUILD) ## Gzipped JS of the first page load (fails above 180 kB)
	cd $(FRONTEND) && npm run size

e2e: $(SPA_BUILD) install ## Browser tests (Playwright, Debian's Chromium) against a real uvicorn
	cd $(FRONTEND) && npx playwright test

frontend-test: client-check typecheck vitest bundle-size e2e ## Every SPA check and test

lint: install clients ## ruff (lint + format check), mypy, import layers (import-linter), Spectral on openapi.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(NODE_BIN)/spectral lint openapi.json --ruleset clients/spectral.yaml --fail-severity warn

format: install ## Format and autofix the code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

openapi: install ## Regenerate openapi.json from the app, and the TypeScript SDK and SPA client from it
	$(PY) manage.py openapi
	$(MAKE) --no-print-directory sdk client

sdk: clients ## Regenerate the TypeScript SDK (clients/typescript/src) from openapi.json
	$(NODE_BIN)/openapi-ts --file clients/typescript/openapi-ts.config.mjs

sdk-python: install ## Generate the Python SDK into clients/python/build/conduit-client
	rm -rf clients/python/build
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/openapi-python-client generate --path openapi.json \
		--config clients/python/openapi-python-client.yml --meta uv \
		--output-path clients/python/build/conduit-client

openapi-baseline: install ## Record openapi.json as the released contract of the current version
	cp openapi.json tests/contract/baselines/openapi-$$($(PY) -c 'from core.domain.version import VERSION; print(VERSION)').json

openapi-check: install ## Fail if openapi.json is stale
	$(PY) manage.py openapi --check

pytest: install clients wrk ## The pytest suite on the configured database (SQLite unless DATABASE_URL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

fuzz: install ## Longer contract fuzzing (FUZZ_EXAMPLES=300 cases per operation; FUZZ_SEED)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(VENV)/bin/pytest tests/test_fuzz.py -s

test: lint openapi-check pytest frontend-test ## Every check and test

# wrk (Debian's package) drives the load in `make bench` and in its smoke test.
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

bench: install wrk ## Benchmark on PostgreSQL (BENCH_DATABASE_URL; seeds it): see README "Performance"
	$(PY) bench/run.py $(BENCH_ARGS)

bench-events: install ## Live events: 10,000 idle SSE streams, delivery latency (1 worker, 2 via Redis)
	$(PY) bench/events.py $(BENCH_ARGS)
