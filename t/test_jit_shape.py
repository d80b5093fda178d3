"""Regions linked from the code cache by their shape (luavm/jit/shape.py),
without lowering them: a process whose regions were compiled before
binds its own objects where lowering would have, and a region that
differs in anything lowering reads takes its own code."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Run a Lua script as `luavm -jv` would, where every region found by its
# shape is also lowered, as if it were not: the module's text must have the
# key the shape's entry names, and each symbol the object the recipe binds.
CHECKED = """
import runpy, sys
from luavm.jit import engine, shape as shapes
from luavm.jit.lower_table import bindings
plain = engine.Engine.compile_region
hits = []

def compile_region(self, shape, lower, names, limit, keep, nursery, optimised=False):
    entry = None if shape is None else self.cache.load(shape.key)
    if entry is not None:
        key, _, recipe = shapes.read_entry(entry)
        kept = len(keep)
        bound = shape.bind(recipe, list(keep), nursery)
        module = lower()
        assert self.cache.key(str(module)) == key, "the shape's entry names other code"
        lowered = {int(s.rsplit(".", 1)[1]): a for a, s in bindings(module).items()}
        made = {id(obj): obj for obj in keep[kept:]}
        assert sorted(lowered) == list(range(len(recipe)))
        for i, what in enumerate(recipe):
            if what.startswith("float "):
                assert made[lowered[i]].hex() == what[6:]
            else:
                assert lowered[i] == bound[i], (i, what)
        del keep[kept:]
        hits.append(shape.key)
    return plain(self, shape, lower, names, limit, keep, nursery, optimised)

engine.Engine.compile_region = compile_region
sys.argv = ["luavm", "-jv", "-Ohotloop=1", *sys.argv[1:]]
try:
    runpy.run_module("luavm", run_name="__main__")
finally:
    print(f"checked {len(hits)}", file=sys.stderr)
"""

PROGRAMS = [("fannkuch.lua", "6"), ("nbody.lua", "200"), ("spectral_norm.lua", "20"),
            ("methods.lua", "300"), ("tables.lua", "200"), ("strings.lua", "50"),
            ("binary_trees.lua", "6"), ("mandelbrot.lua", "20")]


def luavm(cache: Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), MOONGATE_JIT_CACHE=str(cache))
    command = ["-c", code] if code else ["-m", "luavm", "-jv", "-Ohotloop=1"]
    r = subprocess.run([sys.executable, *command, *args], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r


def traces(stderr: str) -> list[bool]:
    """Whether each compiled region came from the cache, in order."""
    return [cached == " (cached)" for cached in
            re.findall(r"\[TRACE +\d+ \S+ \w+\] [\d.]+ ms( \(cached\))?", stderr)]


@pytest.mark.parametrize("program,size", PROGRAMS)
def test_a_region_found_by_its_shape_binds_what_lowering_would(tmp_path, program, size) -> None:
    script = str(REPO / "bench" / "vm" / program)
    first = luavm(tmp_path, script, size)
    shapes = [p for p in tmp_path.iterdir() if p.name.startswith("shape-")]
    again = luavm(tmp_path, script, size, code=CHECKED)
    assert again.stdout == first.stdout
    checked = int(re.search(r"checked (\d+)", again.stderr).group(1))
    assert checked == len(shapes) >= 1, again.stderr
    assert traces(again.stderr) == [True] * len(traces(first.stderr))


SCALE = """
local t = {}
for i = 1, 100 do t[i] = { x = i, name = "n" .. i } end
local sum = 0
for i = 1, #t do sum = sum + t[i].x * %s + #t[i].name end
print(sum)
"""


def test_a_region_that_differs_in_a_constant_is_not_taken_for_another(tmp_path) -> None:
    script = tmp_path / "scale.lua"
    cache = tmp_path / "cache"
    outputs = []
    for factor in ("2", "3", "2"):
        script.write_text(SCALE % factor)
        r = luavm(cache, str(script))
        outputs.append((r.stdout, traces(r.stderr)))
    assert outputs == [("10392\n", [False, False]), ("15442\n", [True, False]),
                       ("10392\n", [True, True])]


# the same nodes and variables, met in the same order: only which
# parameter each reference names differs
SWAP = """
local function f(a, b) return %s * 2 - %s end
local t = 0
for i = 1, 300 do t = t + f(i, 3 * i) end
print(t)
"""


def test_a_region_whose_references_differ_is_not_taken_for_another(tmp_path) -> None:
    script = tmp_path / "swap.lua"
    cache = tmp_path / "cache"
    outputs = []
    for names in (("a", "b"), ("b", "a")):
        script.write_text(SWAP % names)
        r = luavm(cache, str(script))
        outputs.append((r.stdout, traces(r.stderr)))
    assert outputs == [("-45150\n", [False]), ("225750\n", [False])]


def test_an_entry_whose_code_is_gone_is_compiled_again(tmp_path) -> None:
    script = tmp_path / "scale.lua"
    script.write_text(SCALE % "2")
    cache = tmp_path / "cache"
    luavm(cache, str(script))
    for entry in cache.iterdir():
        if not entry.name.startswith("shape-"):
            entry.unlink()
    r = luavm(cache, str(script))
    assert (r.stdout, traces(r.stderr)) == ("10392\n", [False, False])
    r = luavm(cache, str(script))
    assert (r.stdout, traces(r.stderr)) == ("10392\n", [True, True])
