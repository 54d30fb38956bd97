# Two entry points for a newcomer: `make demo` and `make test` (see README.md).
# Both create .venv and install bvduty into it from this checkout; nothing else is needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Install, then run bvduty on the shipped example assessment.
demo: $(STAMP)
	$(BIN)/bvduty validate
	$(BIN)/bvduty heatmap
	$(BIN)/bvduty gaps

## Install, then run the whole suite: lint, format check, strict types, tests.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	./scripts/install-test-deps
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
