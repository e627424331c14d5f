# Quick start: `make run` sets up and shows the routines; `make test` sets up and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run demo test lint bench clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# A real (non-editable) install, as a user gets it, with the sound extra where
# simpleaudio can be built (it needs a C compiler and the ALSA headers) and
# without it where it cannot: spasm then uses a system player or the bell.
install: $(BIN)/python
	$(BIN)/python -m pip install -q '.[test]'
	@$(BIN)/python -m pip install -q '.[sound]' 2>/dev/null \
	  && echo "sound extra (simpleaudio) installed" \
	  || echo "sound extra not built (no ALSA headers?): spasm will use aplay/paplay or the bell"

run: install
	$(BIN)/spasm list
	@echo
	@echo "Try: $(BIN)/spasm routine breathing    (or: make demo)"

demo: install
	$(BIN)/spasm routine desk-break

lint: install
	$(BIN)/ruff check spasm_cli tests bench
	$(BIN)/ruff format --check spasm_cli tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
