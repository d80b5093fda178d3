"""pytest plugin: data-driven Lua tests in `t/**/*.t`, in the Test::Nginx style.

A .t file is free text (comments) up to its first block, then blocks:

    === TEST 1: a name
    --- lua
    print(1 + 1)
    --- out
    2

A block starts at a line `=== <name>`; its sections start at lines
`--- <word>` or `--- <word>: <inline text>`. A section's text is every line up
to the next section or block line. Only a single word counts as a section
header, so Lua comments such as `--- returns the sum` stay part of a program;
a comment of a single word (`--- hmm`) reads as an unknown section and fails
the block: write such a comment with two dashes.

Sections:
  lua         the program, run as the file `t.lua` would be (its first line is
              line 1; it ends with one newline)
  out         stdout, exactly; both sides lose their trailing newlines first
  out_like    a regex (re.S) that must match the whole stdout (same trimming)
  error       the uncaught Lua error message, exactly (newlines at both ends
              of either side are ignored); stdout is still checked by `out`
  error_like  a regex (re.S) searched for in the error message (unanchored, as
              Test::Nginx's *_like sections are; use ^...$ to anchor)
  stdin       what io.read sees: the section's lines, then one newline
  note        free text (where LuaJIT and PUC Lua differ, ...); ignored
  skip        the reason the block is skipped (documented gaps only)

A block without `error`/`error_like` must finish without an uncaught error;
os.exit ends a program normally. Each block is one test item,
`<file>::<block name>`, with a 20 s timeout.

Every Lua block also runs as `<block name> [jit]`, with tier 1 compiling each
region the first time it is entered (jit.opt.start("hotloop=1")): the
differential check that compiled code prints exactly what tier 0 prints.

A file whose preamble holds the line of BOTH_PATHS runs each gateway block in
nginx syntax twice: as written (lualib's FFI functions, the default), and as
`<block name> [builtin]` with `lua_load_resty_core off` (the Python builtins),
so the two implementations of the ngx API answer the same tests.
"""
from __future__ import annotations

import difflib
import io
import os
import re
import shutil
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import nginx_blocks

CHUNKNAME = "t.lua"
GATEWAY = Path(__file__).resolve().parent.parent / "gateway"
TIMEOUT_S = 20
MAXMCODE_KB = 1 << 20          # tier 1's bound on compiled code in test blocks (run_block)
LUA_SECTIONS = frozenset({"lua", "out", "out_like", "error", "error_like", "stdin", "note", "skip"})
SECTIONS = LUA_SECTIONS | nginx_blocks.GATEWAY_SECTIONS

BLOCK_LINE = re.compile(r"=== (.*?)\s*")
SECTION_LINE = re.compile(r"--- ([A-Za-z_]\w*)\s*(?::[ \t]*(.*?))?\s*")
BOTH_PATHS = "Each block runs on both paths: lua_load_resty_core on and off."


# -- parsing -------------------------------------------------------------------

@dataclass
class Block:
    """One test: its name, where it starts in the file, and its sections."""
    name: str
    line: int                                               # of the `===` line, 1-based
    sections: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)       # format errors, reported at run time
    forced_jit: bool = False    # the [jit] variant: tier 1 compiles at its lowest threshold

    def text(self, name: str) -> bytes:
        # Files are decoded with surrogateescape, so any byte of the .t file
        # (a Lua string with raw bytes, say) comes back as it was.
        return self.sections[name].encode("utf-8", "surrogateescape")


def parse_blocks(text: str) -> list[Block]:
    """Split a .t file into blocks; malformed blocks carry their problems."""
    blocks: list[Block] = []
    block: Block | None = None
    current: list[str] | None = None        # lines of the section being read
    for lineno, line in enumerate(text.splitlines(), 1):
        m = BLOCK_LINE.fullmatch(line)
        if m:
            block = Block(m.group(1) or f"line {lineno}", lineno)
            blocks.append(block)
            current = None
            continue
        if block is None:
            continue                        # the preamble: free text
        m = SECTION_LINE.fullmatch(line)
        if m:
            current = _start_section(block, m.group(1), m.group(2))
        elif current is not None:
            current.append(line)
        elif line.strip():
            block.problems.append(f"line {lineno}: text outside any section: {line!r}")
    _finish(blocks)
    return blocks


def _start_section(block: Block, name: str, inline: str | None) -> list[str]:
    """Open a section of `block`; the returned list collects its lines."""
    lines: list[str] = [inline] if inline else []
    if name not in SECTIONS:
        block.problems.append(f"unknown section '--- {name}' (known: {', '.join(sorted(SECTIONS))})")
    elif name in block.sections:
        block.problems.append(f"section '--- {name}' given twice")
    # Sections are stored as the lists they are filled into, then joined.
    block.sections.setdefault(name, lines)  # type: ignore[arg-type]
    return lines


def _finish(blocks: list[Block]) -> None:
    """Join section lines, check each block, and make names unique."""
    seen: dict[str, int] = {}
    for block in blocks:
        block.sections = {k: "\n".join(v) for k, v in block.sections.items()}  # type: ignore[arg-type]
        _check(block)
        count = seen.get(block.name, 0) + 1
        seen[block.name] = count
        if count > 1:
            # pytest and xdist identify items by name: keep ids unique.
            block.name = f"{block.name} (#{count})"


def _check(block: Block) -> None:
    s = block.sections
    if nginx_blocks.is_gateway_block(s):
        block.problems += nginx_blocks.check_sections(s)
        return
    if "lua" not in s:
        block.problems.append("no '--- lua' section")
    for a, b in (("out", "out_like"), ("error", "error_like")):
        if a in s and b in s:
            block.problems.append(f"'--- {a}' and '--- {b}' cannot be combined")
    if "skip" in s and not s["skip"].strip():
        block.problems.append("'--- skip' needs a reason")
    for name in ("out_like", "error_like"):
        if name in s:
            try:
                re.compile(s[name].strip("\n"))
            except re.error as exc:
                block.problems.append(f"'--- {name}' is not a valid regex: {exc}")


# -- running -------------------------------------------------------------------

@dataclass
class Outcome:
    """What a program did: its stdout and how it ended."""
    stdout: bytes
    error: bytes | None = None      # the uncaught error message (None: no error)
    traceback: str | None = None
    exit_code: int | None = None    # set when it ended through os.exit


def stdin_bytes(block: Block) -> bytes:
    """The `--- stdin` section as a file would hold it: its lines, then one newline
    (t/tools/luajit_expect.py feeds luajit the same bytes)."""
    if "stdin" not in block.sections:
        return b""
    return block.text("stdin").rstrip(b"\n") + b"\n"


def program_bytes(block: Block) -> bytes:
    """The `--- lua` section as the file t.lua would hold it: its lines, each
    ending in a newline (so `<eof>` errors name the line after the last, as
    luajit says for a file; t/tools/luajit_expect.py writes the same bytes)."""
    return block.text("lua").rstrip(b"\n") + b"\n"


def run_block(block: Block) -> Outcome:
    """Run the block's program in a fresh LuaState, in process."""
    # Imported here: a broken VM must fail the items, not the collection.
    from luavm.cli import error_text
    from luavm.state import LuaState
    from luavm.value import LuaError
    exit_exc = _lua_exit_class()

    st = LuaState()
    # one process runs many blocks, and the bound on compiled code is the
    # process's (luavm/jit/engine.py): at the default, later blocks would
    # find it spent and run on tier 0 alone, passing without tier 1
    st.jit_options.start(b"maxmcode=%d" % MAXMCODE_KB)
    if block.forced_jit:
        st.jit_options.start(b"hotloop=1")
    st.stdout = io.BytesIO()
    st.stdin = io.BytesIO(stdin_bytes(block))

    def output() -> bytes:
        st.close()      # as at a program's end: pending __gc finalizers run
        return st.stdout.getvalue()

    try:
        st.run(program_bytes(block), CHUNKNAME)
        _check_tier1(st)
    except exit_exc as exc:     # before LuaError, in case it is one
        return Outcome(output(), exit_code=getattr(exc, "code", 0))
    except LuaError as err:
        msg = error_text(st, err.value)
        tb = err.traceback
        if isinstance(tb, bytes):
            tb = tb.decode("utf-8", "replace")
        return Outcome(output(), msg if msg is not None else b"nil", tb)
    return Outcome(output())


def _check_tier1(st) -> None:
    """A program that tier 1 failed to compile for a fault of its own (an
    exception in typing or lowering, IR LLVM refuses) still prints the
    right output, as tier 0 runs it: the fault fails the block instead."""
    if st.jit is not None and st.jit.faults:
        raise AssertionError("tier 1 faulted: " + "; ".join(st.jit.faults))


def _lua_exit_class() -> type[BaseException]:
    """luavm.state.LuaExit, or a class nothing raises if it is not there yet."""
    try:
        from luavm.state import LuaExit
    except ImportError:
        class LuaExit(Exception):  # type: ignore[no-redef]
            pass
    return LuaExit


# -- checking ------------------------------------------------------------------

class BlockMismatch(Exception):
    """A block whose program did not behave as its sections say.

    Each problem is (title, details): the titles make the failure's first
    line, which pytest's short summary shows.
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(title for title, _ in problems))
        self.problems = problems

    def details(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0][1]
        return "\n\n".join(f"{title}:\n{text}" for title, text in self.problems)


def _show(b: bytes | None) -> str:
    return "" if b is None else b.decode("utf-8", "backslashreplace")


def _diff(what: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(_show(expected).splitlines(), _show(actual).splitlines(),
                                 f"expected {what}", f"actual {what}", lineterm="")
    return "\n".join(lines)


def check_outcome(block: Block, got: Outcome) -> list[tuple[str, str]]:
    """Compare a run with the block's expectations: (title, details) per mismatch."""
    s = block.sections
    problems = []
    out = got.stdout.rstrip(b"\n")
    if "out" in s and out != block.text("out").rstrip(b"\n"):
        problems.append(("stdout differs from --- out",
                         _diff("stdout", block.text("out").rstrip(b"\n"), out)))
    if "out_like" in s and not _regex(block, "out_like").fullmatch(out):
        problems.append(("stdout does not match --- out_like",
                         f"--- out_like\n{s['out_like'].strip()}\n--- actual stdout\n{_show(got.stdout)}"))
    problems += _check_error(block, got)
    return problems


def _check_error(block: Block, got: Outcome) -> list[tuple[str, str]]:
    s = block.sections
    if "error" not in s and "error_like" not in s:
        if got.error is None:
            return []
        first = _show(got.error).partition("\n")[0]
        return [(f"unexpected Lua error: {first}",
                 f"{_show(got.error)}\n{got.traceback or ''}".rstrip())]
    if got.error is None:
        how = "finished" if got.exit_code is None else f"called os.exit({got.exit_code})"
        return [("no Lua error", f"expected a Lua error, but the program {how} without one")]
    actual = got.error.strip(b"\n")
    if "error" in s:
        expected = block.text("error").strip(b"\n")
        if actual != expected:
            return [("error differs from --- error", _diff("error", expected, actual))]
    elif not _regex(block, "error_like").search(got.error):
        return [("error does not match --- error_like",
                 f"--- error_like\n{s['error_like'].strip()}\n--- actual error\n{_show(actual)}")]
    return []


def _regex(block: Block, name: str) -> re.Pattern[bytes]:
    return re.compile(block.text(name).strip(b"\n"), re.S)


def program_listing(block: Block) -> str:
    """The program with its Lua line numbers, as errors refer to them."""
    code = block.sections.get("lua", "")
    return "\n".join(f"{n:4} | {line}" for n, line in enumerate(code.splitlines(), 1))


def _vm_traceback(exc: BaseException) -> str:
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code is not LuaBlockItem.runtest.__code__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb or exc.__traceback__))


# -- pytest collection -----------------------------------------------------------

def pytest_configure(config: pytest.Config) -> None:
    """Tier 1's code cache (luavm/jit/codecache.py) in a directory of this
    test process, shared by the VMs and gateways it runs: the tests neither
    read nor fill the user's, and regions compiled alike in several tests
    come from the cache after the first.

    A compiled gateway module older than its source would be tested in
    its place: the run stops and says so."""
    stale = stale_compiled_modules()
    if stale:
        pytest.exit("compiled modules older than their sources (run `make install`, or `make pure` "
                    "to test the plain Python): " + ", ".join(stale), returncode=2)
    if "MOONGATE_JIT_CACHE" not in os.environ:
        os.environ["MOONGATE_JIT_CACHE"] = config._moongate_jit_cache = tempfile.mkdtemp(
            prefix="moongate-jit-")


def compiled_modules() -> list[Path]:
    """The gateway modules Cython compiled in place (setup.py COMPILED)."""
    return sorted(p for p in GATEWAY.rglob("*.cpython-*.so") if not p.name.startswith("_helpers."))


def stale_compiled_modules() -> list[str]:
    """Compiled modules built before a change of their .py, their .pxd, or
    a .pxd that theirs cimports (which types them too)."""
    stale = []
    for so in compiled_modules():
        stem = so.with_name(so.name.split(".", 1)[0])
        source = stem.with_suffix(".py")
        built = so.stat().st_mtime
        if not source.exists() or any(p.stat().st_mtime > built
                                      for p in [source, *_pxd_closure(stem.with_suffix(".pxd"))]):
            stale.append(str(so.relative_to(GATEWAY.parent)))
    return stale


def _pxd_closure(pxd: Path) -> list[Path]:
    """A module's .pxd and the ones it cimports, transitively (none if it has none)."""
    found: list[Path] = []
    todo = [pxd]
    while todo:
        p = todo.pop()
        if p in found or not p.exists():
            continue
        found.append(p)
        for module in re.findall(r"^from (gateway[\w.]*) cimport", p.read_text(), re.M):
            todo.append(GATEWAY.parent / (module.replace(".", "/") + ".pxd"))
    return found


def pytest_report_header(config: pytest.Config) -> str:
    count = len(compiled_modules())
    return f"gateway: {count} modules compiled by Cython" if count else "gateway: plain Python"


def pytest_unconfigure(config: pytest.Config) -> None:
    where = getattr(config, "_moongate_jit_cache", None)
    if where is not None:
        shutil.rmtree(where, ignore_errors=True)
        del os.environ["MOONGATE_JIT_CACHE"]


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".t":
        return TFile.from_parent(parent, path=file_path)
    return None


class TFile(pytest.File):
    """A .t file: one item per block."""

    def collect(self):
        text = self.path.read_bytes().decode("utf-8", "surrogateescape")
        preamble = text.split("\n=== ", 1)[0]
        both_paths = BOTH_PATHS in preamble
        for block in parse_blocks(text):
            yield self._item(block)
            if "lua" in block.sections:
                yield self._item(jit_variant(block))
            if both_paths:
                builtin = builtin_variant(block)
                if builtin is not None:
                    yield self._item(builtin)

    def _item(self, block: Block) -> BlockItem:
        kind = GatewayBlockItem if nginx_blocks.is_gateway_block(block.sections) else LuaBlockItem
        item = kind.from_parent(self, name=block.name, block=block)
        if self.config.pluginmanager.hasplugin("timeout"):
            item.add_marker(pytest.mark.timeout(TIMEOUT_S))
        if "skip" in block.sections and not block.problems:
            item.add_marker(pytest.mark.skip(reason=block.sections["skip"].strip()))
        return item


def jit_variant(block: Block) -> Block:
    """The differential check of tier 1: the same program and expectations
    with every region compiled as soon as it is entered (hotloop=1)."""
    return Block(f"{block.name} [jit]", block.line, block.sections, block.problems,
                 forced_jit=True)


def builtin_variant(block: Block) -> Block | None:
    """The block with `lua_load_resty_core off`, written on the first line of
    its http_config so that line numbers in messages stay the same; None for
    blocks that are not in nginx syntax or choose the path themselves."""
    sections = block.sections
    if "config" not in sections or "lua_load_resty_core" in sections.get("http_config", ""):
        return None
    http_config = sections.get("http_config", "")
    variant = dict(sections, http_config="lua_load_resty_core off; " + http_config)
    return Block(f"{block.name} [builtin]", block.line, variant, block.problems)


class BlockItem(pytest.Item):
    """One block of a .t file."""

    def __init__(self, *, block: Block, **kwargs) -> None:
        super().__init__(**kwargs)
        self.block = block

    def check_format(self) -> None:
        if self.block.problems:
            raise BlockMismatch([("malformed block", "\n".join(self.block.problems))])

    def reportinfo(self):
        return self.path, self.block.line - 1, f"{self.path.name}::{self.name}"


class LuaBlockItem(BlockItem):
    """A Lua block, run in process."""

    def runtest(self) -> None:
        self.check_format()
        problems = check_outcome(self.block, run_block(self.block))
        if problems:
            raise BlockMismatch(problems)

    def repr_failure(self, excinfo, style=None):
        exc = excinfo.value
        where = self.nodeid.split("::", 1)[0]       # the path from the rootdir
        if isinstance(exc, BlockMismatch):
            title, details = str(exc), exc.details()
        elif isinstance(exc, pytest.fail.Exception):
            title, details = str(exc), ""           # a timeout: its stack is noise
        else:
            # A Python exception escaping the VM (a VM bug): Python's own
            # traceback, from runtest down, without pytest's frames above it.
            title, details = f"VM crash: {exc!r}", _vm_traceback(exc)
        return (f"{title}\nat {where}:{self.block.line}: {self.block.name}\n"
                f"--- lua\n{program_listing(self.block)}\n\n{details}").rstrip()


class GatewayBlockItem(BlockItem):
    """A block with a `--- config`: run against a real gateway (t/nginx_blocks.py)."""

    def runtest(self) -> None:
        import tempfile
        self.check_format()
        with tempfile.TemporaryDirectory(prefix="mg-t-") as prefix:
            got = nginx_blocks.run(self.block.sections, Path(prefix))
        problems = nginx_blocks.check(self.block.sections, got)
        if problems:
            raise BlockMismatch(problems)

    def repr_failure(self, excinfo, style=None):
        exc = excinfo.value
        where = self.nodeid.split("::", 1)[0]
        details = exc.details() if isinstance(exc, BlockMismatch) else repr(exc)
        return f"{exc}\nat {where}:{self.block.line}: {self.block.name}\n\n{details}".rstrip()
