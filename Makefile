# Two commands on a fresh machine: `make run` (the app) and `make test` (ruff, then every test).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-python bench clean

# The app's packages (torch first, the CPU build where it can be fetched: see scripts/install_requirements.py).
$(VENV)/.app: requirements.txt scripts/install_requirements.py
	$(PYTHON) -m venv $(VENV)
	$(PY) scripts/install_requirements.py
	touch $@

# The test tools on top.
$(VENV)/.dev: $(VENV)/.app requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.app
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m pytest

# The whole suite on another Python, in its own venv: make test-python PYTHON_VERSION=3.13
PYTHON_VERSION ?= 3.13
# (a pyenv install first: pyenv's shim for python3.13 may exist and still refuse to run)
OTHER_PYTHON = $(firstword $(wildcard $(HOME)/.pyenv/versions/$(PYTHON_VERSION)*/bin/python) \
                           $(shell command -v python$(PYTHON_VERSION)))
test-python:
	$(MAKE) test PYTHON="$(OTHER_PYTHON)" VENV=.venv-$(PYTHON_VERSION)

bench: $(VENV)/.app
	$(PY) benchmarks/bench_trace.py

clean:
	rm -rf $(VENV) .venv-3.* .pytest_cache .hypothesis
