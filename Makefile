# AnchorDesk developer commands. Every target creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: run demo test lint format bench build clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

run: $(STAMP)  ## open the app (live mode)
	@$(BIN)/python -m app.system_libs
	$(BIN)/python -m app

demo: $(STAMP)  ## open the rehearsal demo in a window (no camera, mic or account needed)
	@$(BIN)/python -m app.system_libs
	$(BIN)/python -m app demo

test: $(STAMP)  ## lint, layer check and the whole test suite (offscreen)
	@$(BIN)/python -m app.system_libs --for test
	$(BIN)/ruff check app tests tools
	$(BIN)/ruff format --check app tests tools
	$(BIN)/lint-imports
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app tests tools
	$(BIN)/ruff format --check app tests tools
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix app tests tools
	$(BIN)/ruff format app tests tools

bench: $(STAMP)  ## speed and memory benchmarks (figures as JSON)
	$(BIN)/python -m app bench store --json

build: $(STAMP)  ## one-folder app with PyInstaller: dist/AnchorDesk (docs/installing.md)
	$(BIN)/python -m pip install --quiet -e '.[build]'
	$(BIN)/pyinstaller --noconfirm build.spec
	@du -sh dist/AnchorDesk* 2>/dev/null || true

clean:
	rm -rf build dist .pytest_cache .ruff_cache
