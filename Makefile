# Two entry points, as the README says: `make run` (install and start the dashboard on the shipped
# data) and `make test` (install and run every test). Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test bench snapshot system-deps

$(VENV)/.app-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

system-deps:
	bash scripts/install-system-deps.sh

run: $(VENV)/.app-installed system-deps
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev-installed system-deps
	$(PY) -m pytest

bench: $(VENV)/.dev-installed system-deps
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

snapshot: $(VENV)/.app-installed
	$(PY) -m abs.snapshot build ../shared/insee-raw
