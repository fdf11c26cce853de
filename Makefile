# Quick start: `make check` (the whole contract check) and `make test` (the tests).
# Both create .venv and install on first use; nothing else is needed but Python 3.11.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPECTRAL_VERSION := 6.16.3
SPECTRAL := .tools/node_modules/.bin/spectral

.PHONY: install check test generate lint spectral bench realworld clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(STAMP)

check: install
	$(BIN)/qrcontract check

test: install
	$(BIN)/pytest

generate: install
	$(BIN)/qrcontract generate

$(SPECTRAL):
	npm install --prefix .tools --no-fund --no-audit --silent @stoplight/spectral-cli@$(SPECTRAL_VERSION)

spectral: $(SPECTRAL)

lint: install spectral
	$(BIN)/ruff check generator generated tests bench scripts
	$(BIN)/ruff format --check generator generated tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/openapi-spec-validator spec/*.yaml
	$(SPECTRAL) lint --ruleset .spectral.yaml --fail-severity error spec/*.yaml

bench: install
	$(BIN)/python bench/run.py

# Published documents and real recordings (runs only where ../shared/realworld exists).
realworld: install
	$(BIN)/python scripts/realworld.py

clean:
	rm -rf $(VENV) .tools build *.egg-info
