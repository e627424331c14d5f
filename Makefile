# Quick start: `make run` sets up and shows the routines; `make test` sets up and runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run demo test test-here lint bench clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# A real (non-editable) install, as a user gets it, with the sound extra
# (miniaudio, from a wheel: no compiler or system headers needed).
install: $(BIN)/python
	$(BIN)/python -m pip install -q '.[sound,test]'

run: install
	$(BIN)/spasm
	@echo
	@echo "(spasm is installed in $(BIN): add it to PATH, or run $(BIN)/spasm)"

demo: install
	$(BIN)/spasm routine desk-break

lint: install
	$(BIN)/ruff check spasm_cli tests bench noxfile.py
	$(BIN)/ruff format --check spasm_cli tests bench noxfile.py
	$(BIN)/mypy
	$(BIN)/lint-imports

# The whole suite on every supported Python on this machine (noxfile.py).
test: lint
	$(BIN)/nox

# The suite on the default Python only, in the setup venv: quicker while working.
test-here: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .nox build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
