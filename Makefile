# The README's two set-up commands: `make report` (the demo report) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

.PHONY: report test benchmark lab mutate
report: $(VENV)/.installed
	$(VENV)/bin/veerkracht build

test: $(VENV)/.installed
	$(PY) -m pytest

lab: $(VENV)/.installed
	$(VENV)/bin/veerkracht lab

benchmark: $(VENV)/.installed
	$(PY) benchmarks/benchmark.py

# Mutation testing of veerkracht_lib/analysis/ with the fast unit tests (tests/test_unit_*.py); not in CI.
# Starts afresh each time; prints the score per module and fails below 90 % (docs/mutation.md).
mutate: $(VENV)/.installed
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2
	$(PY) tests/mutation_score.py
