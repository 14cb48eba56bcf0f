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

# The TypeScript SDK package (clients/typescript, `conduit-sdk`) and the Vue starter built on it
# (clients/vue-example): workspaces of clients/, one npm ci. The SDK is rebuilt when it changes.
SDK := clients/typescript
SDK_BUILD := $(SDK)/dist/lib/index.js
SDK_SOURCES := $(shell find $(SDK)/src $(SDK)/lib -name '*.ts' ! -name '*.test.ts' 2>/dev/null) \
	$(addprefix $(SDK)/,package.json tsconfig.json tsconfig.build.json)
VUE_EXAMPLE := clients/vue-example

# The SPA (frontend/): npm ci when the lock file changes, a build when its sources change. It
# uses the SDK package (a file dependency on clients/typescript, resolved from its dist/).
FRONTEND := frontend
NODE_DEPS := $(FRONTEND)/node_modules/.installed
SPA_BUILD := $(FRONTEND)/dist/index.html
SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f ! -name '*.test.ts' ! -name '*.test.tsx' 2>/dev/null) \
	$(addprefix $(FRONTEND)/,index.html vite.config.ts tsconfig.json package.json) $(SDK_BUILD)

.PHONY: help install clients run dev test pytest lint format openapi openapi-check openapi-baseline \
	serve sdk sdk-build sdk-pack sdk-size sdk-test sdk-python vue-example vue-example-test clients-test \
	migrate demo frontend-install spa typecheck eslint fmt-check vitest e2e \
	bundle-size frontend-test bench bench-instructions bench-events wrk fuzz docs

help: ## List the tasks
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

$(UV):
	@test -n "$(BOOTSTRAP_PYTHON)" || { echo "Python $(PY_VERSION) not found (pyenv install $(PY_VERSION))"; exit 1; }
	$(BOOTSTRAP_PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# Bytecode compiled once here: with PYTHONDONTWRITEBYTECODE set (as on these machines) nothing
# is ever cached, and every process the tests start (servers, workers, commands) compiled
# Django, Ninja, Pydantic, ... again: ~1.8 s of CPU each.
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(BOOTSTRAP_PYTHON)
	@touch $@

install: $(VENV)/.synced ## Install what is missing (Python env)

clients/node_modules/.installed: clients/package.json clients/package-lock.json \
		clients/typescript/package.json clients/vue-example/package.json
	cd clients && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clients: clients/node_modules/.installed ## Install the contract's Node tools, the SDK's and the Vue starter's packages (npm ci in clients/)

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

dev: demo frontend-install $(SDK_BUILD) ## API on :8000 (reloading) + Vite dev server on :5173 proxying /api to it
	@echo "SPA with hot reload: http://$(HOST):$(VITE_PORT)  (API: http://$(HOST):$(PORT)/api)"
	@trap 'kill 0' EXIT; \
	$(VENV)/bin/uvicorn core.config.asgi:application --host $(HOST) --port $(PORT) --reload \
		--reload-dir core --reload-dir api --reload-dir schemas --lifespan off --no-proxy-headers & \
	cd $(FRONTEND) && CONDUIT_API=http://$(HOST):$(PORT) VITE_PORT=$(VITE_PORT) npx vite

$(NODE_DEPS): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json clients/node_modules/.installed
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	@touch $@

frontend-install: $(NODE_DEPS) ## Install the SPA's npm packages (npm ci; the SDK's first)

$(SPA_BUILD): $(SPA_SOURCES) $(NODE_DEPS) $(SDK_BUILD)
	cd $(FRONTEND) && npm run build

spa: $(SPA_BUILD) ## Build the SPA into frontend/dist (only when its sources changed)

typecheck: $(NODE_DEPS) $(SDK_BUILD) ## TypeScript type-check of the SPA and its tests (tsc --noEmit)
	cd $(FRONTEND) && npm run typecheck

eslint: $(NODE_DEPS) $(SDK_BUILD) ## ESLint (typescript-eslint type-aware; React hooks in the SPA) on the SPA and clients/' hand-written TS: no finding allowed
	cd $(FRONTEND) && npm run lint
	cd clients && npm run lint:ts

fmt-check: $(NODE_DEPS) ## Fail if the SPA's or clients/' hand-written sources are not Prettier-formatted (`make format` fixes them)
	cd $(FRONTEND) && npm run fmt-check
	cd clients && npm run fmt-check

vitest: $(NODE_DEPS) $(SDK_BUILD) ## The SPA's unit tests (Vitest)
	cd $(FRONTEND) && npm test

bundle-size: $(SPA_BUILD) ## Gzipped JS of the first page load (fails above 180 kB)
	cd $(FRONTEND) && npm run size

e2e: $(SPA_BUILD) install ## Browser tests (Playwright, Debian's Chromium) against a real uvicorn
	cd $(FRONTEND) && npx playwright test

# The static checks and unit tests are single-threaded: two at a time (output kept per check),
# then the browser tests.
frontend-test: ## Every SPA check and test
	$(MAKE) --no-print-directory -j2 --output-sync=target fmt-check eslint typecheck vitest bundle-size
	$(MAKE) --no-print-directory e2e

# Spectral lints openapi.json in tests/contract/test_lint.py (with a test that each project rule
# fires), so it is not repeated here.
lint: install ## ruff (lint + format check), mypy (app, tests, bench), import layers (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

format: install $(NODE_DEPS) ## Format and autofix the code (ruff; Prettier on the SPA)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	cd $(FRONTEND) && npm run format
	cd clients && npm run format

openapi: install ## Regenerate openapi.json from the app, and the TypeScript SDK (which the SPA uses) from it
	$(PY) manage.py openapi
	$(MAKE) --no-print-directory sdk

sdk: clients ## Regenerate the TypeScript SDK (clients/typescript/src) from openapi.json, at its version
	$(NODE_BIN)/openapi-ts --file $(SDK)/openapi-ts.config.mjs
	@cd $(SDK) && v="$$(node -p "require('../../openapi.json').info.version")" && \
	if [ "$$(node -p "require('./package.json').version")" != "$$v" ]; then \
		npm pkg set version="$$v" && cd .. && npm install --package-lock-only --no-audit --no-fund --loglevel=error; \
	fi

$(SDK_BUILD): $(SDK_SOURCES) clients/node_modules/.installed
	cd clients && npm run sdk:build

sdk-build: $(SDK_BUILD) ## Build the SDK package: ESM + type declarations in clients/typescript/dist

sdk-pack: sdk-build ## The SDK as an installable tarball: clients/typescript/conduit-sdk-<version>.tgz
	cd $(SDK) && npm pack --loglevel=error

sdk-size: sdk-build ## What the SDK adds to an app's bundle, per entry (minified, gzipped)
	cd $(SDK) && node scripts/size.mjs

sdk-test: clients ## The SDK's unit tests (Vitest: the live events client)
	cd clients && npm run sdk:test

sdk-python: install ## Build the Python SDK's wheel into clients/python/dist (version: openapi.json's)
	rm -rf clients/python/build clients/python/dist
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) clients/python/generate.py clients/python/build/conduit-client
	$(UV) build --wheel --out-dir clients/python/dist clients/python/build/conduit-client
	@ls clients/python/dist/*.whl

vue-example: sdk-build ## Type-check and build the Vue starter into clients/vue-example/dist
	cd $(VUE_EXAMPLE) && npm run build

vue-example-test: vue-example install ## The Vue starter in Debian's Chromium (Playwright) against a real uvicorn
	cd $(VUE_EXAMPLE) && npx playwright test

clients-test: sdk-test vue-example-test ## The SDK's unit tests and the Vue starter's browser test

openapi-baseline: install ## Record openapi.json as the released contract of the current version
	cp openapi.json tests/contract/baselines/openapi-$$($(PY) -c 'from core.domain.version import VERSION; print(VERSION)').json

openapi-check: install ## Fail if openapi.json is stale
	$(PY) manage.py openapi --check

# pytest-xdist: PYTEST_WORKERS processes (0: none), each with its own databases and Redis
# namespace (tests/conftest.py); a test file runs on one worker, so its servers start once.
PYTEST_WORKERS ?= 2
pytest: install clients wrk ## The pytest suite on the configured database (SQLite unless DATABASE_URL)
	$(PY) -m compileall -q -j 0 core api schemas tests bench  # this tree's bytecode (see .synced)
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

fuzz: install ## Longer contract fuzzing (FUZZ_EXAMPLES=300 cases per operation; FUZZ_SEED)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(VENV)/bin/pytest tests/test_fuzz.py -s

# The documentation site (docs/, MkDocs + Material): strict, so a broken internal link or anchor
# fails the build; docs/hooks.py generates its benchmark tables from bench/results and refuses a
# page that loads anything from another host.
docs: install ## Build the docs site into .artifacts/site (strict; offline)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

# openapi.json's drift is checked in pytest (tests/test_project.py), like `make openapi-check`.
test: lint docs pytest frontend-test clients-test ## Every check and test

# wrk (Debian's package) drives the load in `make bench` and in its smoke test.
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

bench: install wrk ## Benchmark on PostgreSQL (BENCH_DATABASE_URL; seeds it): see docs/performance.md
	$(PY) bench/run.py $(BENCH_ARGS)

bench-instructions: install ## Instructions per request (valgrind), this tree beside BENCH_ARGS="--baseline DIR"
	$(PY) bench/instructions.py $(BENCH_ARGS)

bench-events: install ## Live events: 10,000 idle SSE streams, delivery latency (1 worker, 2 via Redis)
	$(PY) bench/events.py $(BENCH_ARGS)
