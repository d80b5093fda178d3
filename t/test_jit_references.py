"""Tier 1 keeps Python's reference counts right: a loop region that hands
back a string it did not make (an outer local) takes no reference for tier
0, so tier 0 must not drop one. A count one too low frees a string that the
code still holds; CPython's debug allocator (PYTHONMALLOC=debug) makes the
collector trip over such memory at once instead of some runs later."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROGRAM = b"""\
local function lenloop(n, repl)
  local s = "four"
  local sum = 0
  for i = 1, n do
    if i == 250 then s = repl end
    sum = sum + #s
  end
  return sum
end
print(pcall(lenloop, 300, "seven"))
print(pcall(lenloop, 300, 17))
print(pcall(lenloop, 300, nil))
print(pcall(lenloop, 249, nil))
"""

# the program three times in one process, each in a new state, collecting after each
CHILD = """
import gc, io, sys
from luavm.state import LuaState
program = sys.stdin.buffer.read()
for _ in range(3):
    st = LuaState()
    st.stdout = io.BytesIO()
    st.run(program, "t.lua")
    st.close()
    out = st.stdout.getvalue()
    del st
    gc.collect()
sys.stdout.buffer.write(out)
"""


def run_checked(program: bytes) -> str:
    """The program's output, run under the debug allocator (a crash fails)."""
    r = subprocess.run([sys.executable, "-c", CHILD], input=program, capture_output=True,
                       cwd=REPO, env=dict(os.environ, PYTHONMALLOC="debug", PYTHONPATH=str(REPO)),
                       timeout=120)
    assert r.returncode == 0, r.stderr.decode(errors="replace")[-2000:]
    return r.stdout.decode()


def test_a_string_a_loop_hands_back_stays_alive() -> None:
    assert run_checked(PROGRAM) == EXPECTED


# A string read from a table into an outer local, then the table's entry
# replaced in a later turn: the local would point at a freed string, so such
# a loop stays in tier 0 (typer._check_fresh).
BORROWED = b"""\
local t = {}
local function f(n)
  local s = ""
  local acc = 0
  for i = 1, n do
    if i % 3 == 1 then s = t[1] end
    t[1] = "y" .. i
    acc = acc + #s
  end
  return acc
end
for k = 1, 3 do
  t[1] = "x" .. k
  io.write(f(300), " ")
end
"""


def test_a_string_borrowed_from_a_table_across_turns_stays_alive() -> None:
    assert run_checked(BORROWED) == "1086 1086 1086 "


EXPECTED = ("true\t1251\n"
            "false\tt.lua:6: attempt to get length of local 's' (a number value)\n"
            "false\tt.lua:6: attempt to get length of local 's' (a nil value)\n"
            "true\t996\n")
