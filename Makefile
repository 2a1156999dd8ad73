# leakhelp — the two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: install dev demo test lint typecheck bench clean wheel-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEVSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

install: $(STAMP)

dev: $(DEVSTAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/mypy

typecheck: $(DEVSTAMP)
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

# Build the wheel, install it where no compiler can run (Python 3.11 and 3.13
# when found), and run the tour against the installed wheel.
wheel-test:
	tests/wheel_tour.sh

bench: $(DEVSTAMP)  # the baselines use the dev extras (Meta's C++ PDQ)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
