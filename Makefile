# One command sets up and starts the product (make run); one sets up and runs the tests (make test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH := torch==2.13.0

FRONTEND := src/mlcoach/web/frontend
BUNDLE := src/mlcoach/web/static/dist/app.js
DOCS_BUNDLE := src/mlcoach/web/static/dist/swagger-ui/swagger-ui-bundle.js
NPM ?= npm

.PHONY: run test check lint typecheck layers content-check bench clean assets

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, from the CPU wheel on disk, so nothing pulls the multi-GB CUDA build
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[ml,dev]"
	$(BIN)/python -c "import torch; assert torch.__version__.startswith('2.13.0'), torch.__version__"
	touch $(STAMP)

# Browser assets (CodeMirror, htmx, Swagger UI for /docs) from the npm registry at the locked
# versions, bundled by esbuild or copied into the gitignored static/dist/; nothing is fetched
# when the app runs.
assets: $(BUNDLE) $(DOCS_BUNDLE)

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	$(NPM) ci --prefix $(FRONTEND) --no-audit --no-fund

$(BUNDLE): $(FRONTEND)/node_modules/.package-lock.json $(wildcard $(FRONTEND)/src/*.js)
	$(NPM) run --prefix $(FRONTEND) --silent build:app

$(DOCS_BUNDLE): $(FRONTEND)/node_modules/.package-lock.json $(FRONTEND)/copy-docs-assets.mjs
	$(NPM) run --prefix $(FRONTEND) --silent build:docs

run: $(STAMP) assets
	$(BIN)/mlcoach db upgrade
	$(BIN)/mlcoach serve

test: $(STAMP) assets
	$(BIN)/python -m pytest
	$(BIN)/mlcoach content check

check: lint typecheck layers

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

layers: $(STAMP)
	$(BIN)/lint-imports

content-check: $(STAMP)
	$(BIN)/mlcoach content check

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(FRONTEND)/node_modules $(dir $(BUNDLE))
