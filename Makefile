# Moongate: every command a developer or CI needs, from a fresh machine.
# `make run` and `make test` install what is missing first; nothing else is needed.

# The interpreter the venv is made with: Debian's python3.11 where it can
# make one (libpython linked into the executable, built with PGO and LTO: the
# same code needs ~15% less CPU a request than on a --enable-shared build such
# as pyenv's; bench/README.md), else python3; probed once per make run.
# `make install PYTHON=...` picks another.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' 2>/dev/null \
                    && echo /usr/bin/python3.11 || echo python3)
endif
VENV   := .venv
PY     := $(VENV)/bin/python
# The stamp is newer than pyproject.toml once its dependencies are installed,
# so a second `make install` does nothing (the editable install picks up new
# modules by itself; only pyproject.toml or setup.py changes need pip).
STAMP  := $(VENV)/.installed
# The C helpers (gateway/csrc) as cffi builds them, next to the sources: the
# editable install compiles them the first time, the rule below again when a
# C file changes (the same as `python3 gateway/csrc/build.py` by hand).
HELPERS := gateway/_helpers$(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
CSRC   := $(wildcard gateway/csrc/*.c gateway/csrc/*.h) gateway/csrc/build.py
# The hot-path modules compiled by Cython (setup.py COMPILED), in place next
# to their sources, by the rule below: the first time, and again when a
# gateway module or a .pxd changes (build_ext recompiles only the modules
# whose sources changed). The editable install above leaves them to it.
COMPILED := $(VENV)/.compiled
GATEWAY_SOURCES := $(wildcard gateway/*.py gateway/*.pxd gateway/ngx/*.py gateway/ngx/*.pxd gateway/config/model.py gateway/config/model.pxd)

.PHONY: install test run lint pure bench bench-vm bench-http bench-api bench-instr clean

install: $(STAMP) $(HELPERS) $(COMPILED)

$(STAMP): pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	MOONGATE_COMPILE=0 $(PY) -m pip install -q -e '.[test]'
	touch $@

$(HELPERS): $(CSRC) | $(STAMP)
	$(PY) gateway/csrc/build.py

$(COMPILED): $(GATEWAY_SOURCES) setup.py | $(STAMP)
	$(PY) setup.py -q build_ext --inplace
	touch $@

# The gateway as plain Python (for a profiler that reads Python frames,
# such as py-spy): the compiled modules removed; `make install` (and so
# `make test`, `make run`) compiles them again.
pure:
	find gateway -name '*.cpython-*.so' ! -name '_helpers.*' -delete
	rm -f $(COMPILED)

# xdist: one worker per core (2 here).
test: install
	$(PY) -m pytest t -n auto -q

# The gateway on the default conf, in the foreground (Ctrl-C stops it);
# logs go to ./logs/ (the prefix is the repository).
run: install
	$(VENV)/bin/moongate -p . -c conf/moongate.yaml

lint: install
	$(VENV)/bin/ruff check .

# bench/README.md: --write updates bench/RESULTS.md; `make bench-vm BENCH_ARGS=`
# only prints the table. `make bench` runs the three suites one after the
# other, even under -j (together, each would be the others' noise).
BENCH_ARGS ?= --write
bench: install
	$(MAKE) bench-vm
	$(MAKE) bench-http
	$(MAKE) bench-api

bench-vm: install
	$(PY) bench/run_vm.py $(BENCH_ARGS)
	$(PY) bench/run_vm.py --long $(BENCH_ARGS)

# wrk against the gateway and OpenResty side by side (bench/README.md).
bench-http: install
	$(PY) bench/run_http.py $(BENCH_ARGS)

# User-space instructions per request under callgrind, next to OpenResty's
# (bench/README.md; needs valgrind; prints its table only).
bench-instr: install
	$(PY) bench/run_instructions.py

# Loops over ngx.* on our FFI and builtin paths and on OpenResty (bench/README.md).
bench-api: install
	$(PY) bench/run_api.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache gateway/_helpers.*
	find gateway -name '*.cpython-*.so' -delete
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
