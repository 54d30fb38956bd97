# Two entry points for a newcomer: `make demo` and `make test` (see README.md).
# Both create .venv and install bvduty into it from this checkout; nothing else is needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
RUNTIME := $(VENV)/.installed

.PHONY: demo test install clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# bvduty and its five runtime dependencies only: what a council officer needs.
$(RUNTIME): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $(RUNTIME)

# Everything the test suite uses: linters, type checker, browser driver, Word and PDF writers.
$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP) $(RUNTIME)

install: $(STAMP)

## Install, then run bvduty on the shipped example assessment: check it, show the heatmap and
## the gaps, and write the committee paper to out/paper.html.
demo: $(RUNTIME)
	$(BIN)/bvduty validate
	$(BIN)/bvduty heatmap
	$(BIN)/bvduty gaps
	mkdir -p out
	$(BIN)/bvduty report --format html --output out/paper.html
	@echo "Committee paper written to out/paper.html"

## Install, then run the whole suite: lint, format check, strict types, tests under coverage
## (worker and child processes included; fails below fail_under in pyproject.toml).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	./scripts/install-test-deps
	rm -f .coverage .coverage.*
	$(BIN)/python -m coverage run -m pytest
	$(BIN)/python -m coverage combine --quiet
	$(BIN)/python -m coverage report

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage .coverage.* htmlcov
