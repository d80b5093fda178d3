"""Tier 1's code cache (luavm/jit/codecache.py) across processes: a region
compiled by one `luavm` run is linked from the cache by the next, with the
addresses of this process (Python objects, C functions) bound to it; a
damaged entry or an unsafe directory is never loaded from."""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Three regions: a table constructor with string keys and a concatenation
# (the runtime module, string constants), field reads by name, and an FFI
# call (a C function's address, which differs between processes).
PROGRAM = """\
local ffi = require "ffi"
ffi.cdef[[ int abs(int x); ]]
local abs = ffi.C.abs
local points = {}
for i = 1, 200 do points[i] = { x = i, y = -i, name = "p" .. i } end
local sum, len = 0, 0
for i = 1, #points do
  local p = points[i]
  sum = sum + p.x * 2 + p.y
  len = len + #p.name
end
local acc = 0
for i = 1, 300 do acc = acc + abs(-i) end
print(sum, len, acc)
"""
OUTPUT = "20100\t692\t45150\n"          # luajit's
TRACES = [(1, 5), (2, 7), (3, 13)]
# what the cache holds after a run: object code for the regions and the
# runtime module, and an index entry by shape (shape.py) for each but the
# region with the FFI call (C types have no shape)
ENTRIES = (len(TRACES) + 1, 3)


def entries(cache: Path) -> tuple[int, int]:
    """How many entries of object code, and of shapes, the cache holds."""
    names = [p.name for p in cache.iterdir()]
    shapes = sum(name.startswith("shape-") for name in names)
    return len(names) - shapes, shapes


def run(tmp_path: Path, cache: str | None, **more: str) -> tuple[str, list[tuple[int, int, bool]]]:
    """stdout, and each compiled region's (trace, line, from the cache);
    cache None: MOONGATE_JIT_CACHE unset."""
    script = tmp_path / "prog.lua"
    script.write_text(PROGRAM)
    env = dict(os.environ, PYTHONPATH=str(REPO), MOONGATE_JIT_CACHE=cache or "", **more)
    if cache is None:
        del env["MOONGATE_JIT_CACHE"]
    r = subprocess.run([sys.executable, "-m", "luavm", "-jv", "-Ohotloop=1", str(script)],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "NYI" not in r.stderr and "blacklisted" not in r.stderr, r.stderr
    traces = [(int(n), int(line), cached == " (cached)") for n, line, cached in
              re.findall(r"\[TRACE +(\d+) \S+:(\d+) loop\] [\d.]+ ms( \(cached\))?", r.stderr)]
    return r.stdout, traces


def test_a_second_process_links_the_regions_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert run(tmp_path, str(cache)) == (OUTPUT, [(n, line, False) for n, line in TRACES])
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert entries(cache) == ENTRIES
    names = sorted(cache.iterdir())
    assert run(tmp_path, str(cache)) == (OUTPUT, [(n, line, True) for n, line in TRACES])
    assert sorted(cache.iterdir()) == names


def test_a_process_that_finds_every_region_cached_does_not_load_llvm(tmp_path: Path) -> None:
    from luavm.jit import objload
    if objload.host() is None:
        pytest.skip("cached code is linked by MCJIT off x86-64 Linux")
    cache = tmp_path / "cache"
    script = tmp_path / "prog.lua"
    code = ("import runpy, sys; sys.argv = ['luavm', '-Ohotloop=1', sys.argv[1]]\n"
            "try: runpy.run_module('luavm', run_name='__main__')\n"
            "finally: print('llvm' if 'llvmlite.binding' in sys.modules else 'no llvm')")
    env = dict(os.environ, PYTHONPATH=str(REPO), MOONGATE_JIT_CACHE=str(cache))
    for loaded in ("llvm", "no llvm"):
        script.write_text(PROGRAM)
        r = subprocess.run([sys.executable, "-c", code, str(script)], env=env,
                           capture_output=True, text=True, timeout=60)
        assert (r.returncode, r.stdout) == (0, OUTPUT + loaded + "\n"), r.stderr


def test_a_damaged_entry_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(tmp_path, str(cache))
    for entry in cache.iterdir():
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF            # one byte of the machine code
        entry.write_bytes(bytes(data))
    assert run(tmp_path, str(cache)) == (OUTPUT, [(n, line, False) for n, line in TRACES])
    assert run(tmp_path, str(cache)) == (OUTPUT, [(n, line, True) for n, line in TRACES])
    for entry in cache.iterdir():
        entry.write_bytes(entry.read_bytes()[:40])      # cut short
    assert run(tmp_path, str(cache)) == (OUTPUT, [(n, line, False) for n, line in TRACES])


def test_a_directory_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "shared"
    cache.mkdir()
    cache.chmod(0o777)
    for _ in range(2):
        assert run(tmp_path, str(cache)) == (OUTPUT, [(n, line, False) for n, line in TRACES])
    assert list(cache.iterdir()) == []


def test_the_default_directory_is_under_xdg_cache_home_and_off_turns_it_off(tmp_path: Path) -> None:
    home = tmp_path / "xdg"
    assert run(tmp_path, "off", XDG_CACHE_HOME=str(home)) == (
        OUTPUT, [(n, line, False) for n, line in TRACES])
    assert not home.exists()
    run(tmp_path, None, XDG_CACHE_HOME=str(home))
    assert run(tmp_path, None, XDG_CACHE_HOME=str(home)) == (
        OUTPUT, [(n, line, True) for n, line in TRACES])
    assert entries(home / "moongate" / "jit") == ENTRIES


def test_no_home_means_no_cache_rather_than_one_in_the_working_directory(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    script = tmp_path / "prog.lua"
    script.write_text(PROGRAM)
    env = {k: v for k, v in os.environ.items()
           if k not in ("HOME", "XDG_CACHE_HOME", "MOONGATE_JIT_CACHE")}
    env.update(PYTHONPATH=str(REPO), XDG_CACHE_HOME="relative/cache")
    code = ("import os, pwd, runpy, sys; pwd.getpwuid = lambda uid: (_ for _ in ()).throw(KeyError());"
            "sys.argv = ['luavm', '-Ohotloop=1', sys.argv[1]]; runpy.run_module('luavm', run_name='__main__')")
    r = subprocess.run([sys.executable, "-c", code, str(script)], cwd=work, env=env,
                       capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout) == (0, OUTPUT), r.stderr
    assert list(work.iterdir()) == []
