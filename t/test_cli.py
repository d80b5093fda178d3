"""The `luavm` command on uncaught errors: exit status, stdout and stderr.

Each case runs `python3 -m luavm ARGS` in a temporary directory holding the
case's files, with the case's stdin, and compares stdout, stderr and the exit
status exactly. Every expectation is what `luajit` prints, with `luajit:`
read as `luavm:`; `test_luajit_agrees` runs the same cases through `luajit`
(when installed) so that an expectation cannot drift from the reference.
The address of the C frame below the main chunk (`[C]: at 0x...`) differs
from run to run and is compared as `0xADDR`.

Known gaps, not covered here: a function reached by a tail call is shown as
`function <file:line>` where LuaJIT names it after its caller's call site
(t/vm/traceback_threads.t, TEST 14), and a builtin without a name reads
`[builtin#N]` with our numbering, not LuaJIT's.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LUAJIT = shutil.which("luajit")
REPO = Path(__file__).resolve().parent.parent
ADDRESS = re.compile(r"\[C\]: at 0x[0-9a-f]+")


@dataclass
class Case:
    name: str
    args: list[str]
    stderr: str = ""
    status: int = 1
    stdout: str = ""
    files: dict[str, str] = field(default_factory=dict)
    stdin: str = ""


NESTED = """\
local function inner(t)
  return t.x.y
end
local function middle(t)
  local r = inner(t)
  return r
end
function outer()
  middle({})
end
outer()
"""

CASES = [
    Case("error in a local function of -e",
         ["-e", 'local function f() error("boom") end f()'], """\
luavm: (command line):1: boom
stack traceback:
	[C]: in function 'error'
	(command line):1: in function 'f'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("runtime error in nested functions of a script", ["nested.lua"], """\
luavm: nested.lua:2: attempt to index field 'x' (a nil value)
stack traceback:
	nested.lua:2: in function 'inner'
	nested.lua:5: in function 'middle'
	nested.lua:9: in function 'outer'
	nested.lua:11: in main chunk
	[C]: at 0xADDR
""", files={"nested.lua": NESTED}),
    Case("script arguments, then an error", ["args.lua", "a", "b"], """\
luavm: args.lua:2: bad argument #1 to 'rep' (number expected, got table)
stack traceback:
	[C]: in function 'rep'
	args.lua:2: in main chunk
	[C]: at 0xADDR
""", stdout="a\tb\n",
         files={"args.lua": 'print(...)\nlocal s = ("x"):rep({})\n'}),
    Case("stdin named by -", ["-"], """\
luavm: stdin:1: attempt to call local 'x' (a nil value)
stack traceback:
	stdin:1: in main chunk
	[C]: at 0xADDR
""", stdin="local x = nil; x()\n"),
    # luajit.c ignores the status of stdin run for want of a script
    Case("stdin run for want of a script exits with status 0", [], """\
luavm: stdin:1: x
stack traceback:
	[C]: in function 'error'
	stdin:1: in main chunk
	[C]: at 0xADDR
""", status=0, stdout="1\n", stdin='print(1) error("x")\n'),
    Case("a syntax error in a script has no traceback", ["syn.lua"], """\
luavm: syn.lua:3: ')' expected (to close '(' at line 2) near '<eof>'
""", files={"syn.lua": "local x =\nprint(1\n"}),
    Case("a syntax error in -e has no traceback", ["-e", "x("], """\
luavm: (command line):1: unexpected symbol near '<eof>'
"""),
    Case("a shebang line keeps the line numbers", ["bang.lua"], """\
luavm: bang.lua:3: attempt to index local 'x' (a nil value)
stack traceback:
	bang.lua:3: in main chunk
	[C]: at 0xADDR
""", files={"bang.lua": "#!/usr/bin/env luajit\nlocal x\nx.y = 1\n"}),
    Case("a table error object has no message and no traceback",
         ["-e", "error({code = 1})"], "luavm: (error object is not a string)\n"),
    Case("a boolean error object", ["-e", "error(true)"],
         "luavm: (error object is not a string)\n"),
    Case("an error object's __tostring gives the message",
         ["-e", 'error(setmetatable({}, {__tostring = function() return "custom" end}))'], """\
luavm: custom
stack traceback:
	[C]: in function 'error'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("a number from __tostring is the message",
         ["-e", "error(setmetatable({}, {__tostring = function() return 1 end}))"], """\
luavm: 1
stack traceback:
	[C]: in function 'error'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("__tostring returning nothing prints nothing",
         ["-e", "error(setmetatable({}, {__tostring = function() end}))"]),
    Case("__tostring returning a table",
         ["-e", "error(setmetatable({}, {__tostring = function() return {} end}))"],
         "luavm: (error object is not a string)\n"),
    Case("__tostring raising an error",
         ["-e", 'error(setmetatable({}, {__tostring = function() error("no") end}))'],
         "luavm: error in error handling\n"),
    Case("error() prints nothing", ["-e", "error()"]),
    Case("error(nil) prints nothing", ["-e", "error(nil)"]),
    Case("a number error object gets the position", ["-e", "error(42)"], """\
luavm: (command line):1: 42
stack traceback:
	[C]: in function 'error'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("error at level 0 has no position", ["-e", 'error("x", 0)'], """\
luavm: x
stack traceback:
	[C]: in function 'error'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("error at level 2 blames the caller", ["lvl.lua"], """\
luavm: lvl.lua:2: no field foo
stack traceback:
	[C]: in function 'error'
	lvl.lua:1: in function '__index'
	lvl.lua:2: in function 'use'
	lvl.lua:3: in main chunk
	[C]: at 0xADDR
""", files={"lvl.lua": (
        'local t = setmetatable({}, {__index = function(t, k) error("no field " .. k, 2) end})\n'
        "local function use() return t.foo end\n"
        "use()\n")}),
    Case("a builtin's error through a method call", ["-e", 'local s = "abc"; s:rep({})'], """\
luavm: (command line):1: bad argument #1 to 'rep' (number expected, got table)
stack traceback:
	[C]: in function 'rep'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("assert from a local function", ["-e", "local function check(v) assert(v) end check(nil)"], """\
luavm: (command line):1: assertion failed!
stack traceback:
	[C]: in function 'assert'
	(command line):1: in function 'check'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("an arithmetic metamethod's error", ["-e", (
        "local t = setmetatable({v = {}}, {__add = function(a, b) return a.v + b end})"
        " print(t + 1)")], """\
luavm: (command line):1: attempt to perform arithmetic on field 'v' (a table value)
stack traceback:
	(command line):1: in function '__add'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("an error in a generic for's iterator",
         ["-e", 'for k in function() error("gen") end do end'], """\
luavm: (command line):1: gen
stack traceback:
	[C]: in function 'error'
	(command line):1: in function '(for generator)'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("an error in table.sort's comparator",
         ["-e", 'table.sort({3, 2, 1}, function(a, b) error("cmp") end)'], """\
luavm: (command line):1: cmp
stack traceback:
	[C]: in function 'error'
	(command line):1: in function <(command line):1>
	[C]: in function 'sort'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("an error out of a coroutine.wrap function",
         ["-e", 'local f = coroutine.wrap(function() error("in co") end) f()'], """\
luavm: (command line):1: (command line):1: in co
stack traceback:
	[C]: in function 'f'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("an error in a chunk from loadstring",
         ["-e", 'local f = loadstring("local a = nil; return a.b", "=mychunk") f()'], """\
luavm: mychunk:1: attempt to index local 'a' (a nil value)
stack traceback:
	mychunk:1: in function 'f'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("a deep stack is cut after 11 levels, the last 10 shown", ["-e", (
        'local function rec(n) if n == 0 then error("bottom") end rec(n - 1) end rec(30)')],
         "luavm: (command line):1: bottom\nstack traceback:\n\t[C]: in function 'error'\n"
         + "\t(command line):1: in function 'rec'\n" * 10 + "\t...\n"
         + "\t(command line):1: in function 'rec'\n" * 8
         + "\t(command line):1: in main chunk\n\t[C]: at 0xADDR\n"),
    Case("an error caught by pcall is not reported", ["-e", (
        'print(pcall(error, "inner")) local x = nil; x.y = 1')], """\
luavm: (command line):1: attempt to index local 'x' (a nil value)
stack traceback:
	(command line):1: in main chunk
	[C]: at 0xADDR
""", stdout="false\tinner\n"),
    Case("xpcall's handler sees the error's stack", ["-e", (
        'print(xpcall(function() error("a") end, debug.traceback))')],
         status=0, stdout="""\
false	(command line):1: a
stack traceback:
	[C]: in function 'error'
	(command line):1: in function <(command line):1>
	[C]: in function 'xpcall'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("an error in -e stops before the script", ["-e", 'error("first")', "never.lua"], """\
luavm: (command line):1: first
stack traceback:
	[C]: in function 'error'
	(command line):1: in main chunk
	[C]: at 0xADDR
"""),
    Case("a missing script", ["nofile.lua"],
         "luavm: cannot open nofile.lua: No such file or directory\n"),
    Case("os.exit sets the status and prints nothing", ["-e", "print(1) os.exit(3)"],
         status=3, stdout="1\n"),
    Case("no error: status 0", ["-e", "print(1 + 1)"], status=0, stdout="2\n"),
]


def run(cmd: list[str], case: Case, cwd: Path, env: dict | None = None) -> tuple[int, str, str]:
    for name, text in case.files.items():
        (cwd / name).write_text(text)
    proc = subprocess.run(cmd + case.args, cwd=cwd, env=env, input=case.stdin.encode(),
                          capture_output=True, timeout=60)
    out = ADDRESS.sub("[C]: at 0xADDR", proc.stdout.decode())
    err = ADDRESS.sub("[C]: at 0xADDR", proc.stderr.decode())
    return proc.returncode, out, err


def luavm_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_luavm(case: Case, tmp_path: Path) -> None:
    got = run([sys.executable, "-m", "luavm"], case, tmp_path, luavm_env())
    assert got == (case.status, case.stdout, case.stderr)


@pytest.mark.skipif(LUAJIT is None, reason="luajit is not installed")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_luajit_agrees(case: Case, tmp_path: Path) -> None:
    status, out, err = run([LUAJIT], case, tmp_path)
    err = re.sub(rf"^{re.escape(LUAJIT)}:", "luavm:", err, flags=re.M)   # luajit.c's argv[0]
    assert (status, out, err) == (case.status, case.stdout, case.stderr)
