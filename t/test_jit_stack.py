"""Compiled code runs in the stack it starts with: a numeric `for` inside a
loop region keeps its counters in the function's own stack slots, not in
stack taken each time the inner loop starts (which LLVM cannot give back
before the region returns: 32 bytes a turn, hundreds of MB over a long
loop). Measured as the growth of the process's peak memory between a short
and a long run of the same program."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROGRAM = """\
local p, w = {}, {}
local m = 4
for i = 1, m do p[i] = i; w[i] = 0 end
local s, n, turns = 0, 0, tonumber(arg[1])
while n < turns do
  n = n + 1
  if p[1] ~= 0 then
    for i = 1, m do w[i] = p[i] end
  end
  for j = n % 3, 2 do s = s + j end
  s = s + w[m]
end
print(n, s)
"""


def peak_kb(tmp_path: Path, turns: int) -> tuple[str, int]:
    """stdout and the peak resident memory (KB) of one run in a child."""
    script = tmp_path / "loops.lua"
    script.write_text(PROGRAM)
    code = ("import resource, subprocess, sys;"
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=60);"
            "print(r.stdout + r.stderr, end='');"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    r = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "luavm", str(script),
                        str(turns)], env=env, capture_output=True, text=True, timeout=90)
    *out, peak = r.stdout.splitlines()
    return "\n".join(out), int(peak)


def test_inner_loops_of_a_long_region_take_no_new_stack(tmp_path: Path) -> None:
    out, short = peak_kb(tmp_path, 200_000)
    assert out == "200000\t1333333"              # luajit's
    out, long = peak_kb(tmp_path, 3_000_000)
    assert out == "3000000\t20000000"
    assert long - short < 20_000, (short, long)      # KB; 2.8M turns x 32+ bytes before
