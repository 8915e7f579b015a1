# The README's two set-up commands: `make report` (the demo report) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

.PHONY: report test benchmark lab
report: $(VENV)/.installed
	$(VENV)/bin/veerkracht build

test: $(VENV)/.installed
	$(PY) -m pytest

lab: $(VENV)/.installed
	$(VENV)/bin/veerkracht lab

benchmark: $(VENV)/.installed
	$(PY) benchmarks/benchmark.py
