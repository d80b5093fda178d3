# Moongate: every command a developer or CI needs, from a fresh machine.
# `make run` and `make test` install what is missing first; nothing else is needed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The stamp is newer than pyproject.toml once its dependencies are installed,
# so a second `make install` does nothing (the editable install picks up new
# modules by itself; only pyproject.toml changes need pip).
STAMP  := $(VENV)/.installed

.PHONY: install test run lint bench-vm bench-http clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# xdist: one worker per core (2 here).
test: $(STAMP)
	$(PY) -m pytest t -n auto -q

# The gateway on the default conf, in the foreground (Ctrl-C stops it);
# logs go to ./logs/ (the prefix is the repository).
run: $(STAMP)
	$(VENV)/bin/moongate -p . -c conf/moongate.yaml

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# bench/README.md: --write updates bench/RESULTS.md; `make bench-vm BENCH_ARGS=`
# only prints the table.
BENCH_ARGS ?= --write
bench-vm: $(STAMP)
	$(PY) bench/run_vm.py $(BENCH_ARGS)

# wrk against the gateway and OpenResty side by side (bench/README.md).
bench-http: $(STAMP)
	$(PY) bench/run_http.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
