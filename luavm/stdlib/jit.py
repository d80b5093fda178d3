"""The `jit` module: LuaJIT's interface to its compiler (tier 1, luavm/jit).

Code written for OpenResty reads `jit.version`, `jit.os` and `jit.arch`, and
tunes the compiler with `jit.opt.start`, whose parameters are checked as
LuaJIT checks them and read by tier 1 (hotloop, hotexit, maxmcode).
`jit.on/off/flush/status` drive the state's compiler; `jit.v` prints what it
compiles, as LuaJIT's `require("jit.v").on(file)` does.
"""
from __future__ import annotations

import os
import sys
from importlib.util import find_spec

from ..auxlib import lua_error
from ..value import EMPTY, LuaError, Multi, Table, fmt_number, type_name

VERSION = b"LuaJIT 2.1.0-beta3 (luavm)"
VERSION_NUM = 20100.0

# jit.opt.start's flags and parameters with LuaJIT's defaults
FLAGS = ("fold", "cse", "dce", "fwd", "dse", "narrow", "loop", "abc", "sink", "fuse")
PARAMS = {
    "maxtrace": 1000, "maxrecord": 4000, "maxirconst": 500, "maxside": 100, "maxsnap": 500,
    "minstitch": 0, "hotloop": 56, "hotexit": 10, "tryside": 4, "instunroll": 4,
    "loopunroll": 15, "callunroll": 3, "recunroll": 2, "sizemcode": 32, "maxmcode": 512,
}
LEVELS = {0: (), 1: ("fold", "cse", "dce"), 2: FLAGS[:7] + ("abc",), 3: FLAGS}


def _arch() -> bytes:
    machine = os.uname().machine.lower()
    return {"x86_64": b"x64", "amd64": b"x64", "aarch64": b"arm64", "i686": b"x86"}.get(
        machine, machine.encode())


class JitOptions:
    """The optimisation flags and parameters of a state (jit.opt.start)."""

    def __init__(self) -> None:
        self.flags = set(FLAGS)
        self.params = dict(PARAMS)

    def start(self, *args) -> None:
        if not args:
            self.flags = set(FLAGS)
            return
        for arg in args:
            text = arg.decode("utf-8", "replace") if arg.__class__ is bytes else None
            if arg.__class__ is float and int(arg) in LEVELS:
                self.flags = set(LEVELS[int(arg)])
            elif text is None or not self._apply(text):
                shown = text if text is not None else "?"
                raise lua_error(f"unknown or malformed optimization flag '{shown}'", 0)

    def _apply(self, text: str) -> bool:
        if text.startswith("-O") and text[2:].isdigit() and int(text[2:]) in LEVELS:
            self.flags = set(LEVELS[int(text[2:])])
            return True
        name, eq, value = text.partition("=")
        if eq:
            if name not in PARAMS or not value.isdigit():
                return False
            self.params[name] = int(value)
            return True
        on = not name.startswith("-")
        name = name.lstrip("+-")
        if name not in FLAGS:
            return False
        (self.flags.add if on else self.flags.discard)(name)
        return True


def open_lib(state) -> Table:
    """The `jit` table; the state's compiler (luavm/jit) when llvmlite is
    installed (`jit.v` is preloaded by openlibs; `-jdump` is the CLI's)."""
    opts = state.jit_options = JitOptions()
    if find_spec("llvmlite") is not None:
        from ..jit.control import Jit
        state.jit = Jit(opts)
    jit = state.jit

    def on(*args):
        _switch(jit, True, args)
        return EMPTY

    def off(*args):
        _switch(jit, False, args)
        return EMPTY

    def flush(*_):
        if jit is not None:
            jit.flush()
        return EMPTY

    def status(*_):
        enabled = jit is not None and jit.enabled
        return Multi((enabled,) + tuple(f.encode() for f in FLAGS if f in opts.flags))

    def start(*args):
        opts.start(*args)
        return EMPTY

    lib = Table({
        b"version": VERSION, b"version_num": VERSION_NUM, b"os": os.uname().sysname.encode(),
        b"arch": _arch(), b"on": on, b"off": off, b"flush": flush, b"status": status,
        b"opt": Table({b"start": start}),
    })
    return lib


def _switch(jit, enable: bool, args: tuple) -> None:
    """jit.on/off: the whole compiler, or one function's regions
    (jit.off(f), or jit.off(true) for the calling function)."""
    if jit is None:
        if enable:
            raise lua_error("JIT compiler not available: llvmlite is not installed", 0)
        return
    if not args or args[0] is None:
        (jit.on if enable else jit.off)()
        return
    target = args[0]
    if target is True or target is False:
        code = sys._getframe(2).f_code
    else:
        code = getattr(target, "__code__", None)
        if code is None:    # LuaJIT names no function here
            raise lua_error("bad argument #1 to '?' (function expected, got "
                            f"{type_name(target)})", 0)
    jit.switch_function(code, enable, recursive=len(args) > 1 and args[1] is True)


def verbose_lib(state) -> Table:
    """`jit.v`: one line per compiled or failed region, to a file or stderr
    (LuaJIT's jit/v.lua: on(outfile), off(), start = on)."""
    holder = {}

    def on(outfile=None, *_):
        off()
        if state.jit is None:
            return EMPTY
        from ..jit.control import line_writer
        if outfile.__class__ is float:
            outfile = fmt_number(outfile)
        if outfile is None or outfile == b"-":
            state.jit.verbose = line_writer(state.stderr)
        elif outfile.__class__ is not bytes:
            raise LuaError(f"bad argument #1 to 'open' (string expected, got "
                           f"{type_name(outfile)})".encode())
        else:
            try:
                # appended to, not truncated: the gateway's tests share error.log with it
                holder["file"] = open(outfile, "ab")
            except OSError as exc:      # as jit/v.lua's assert(io.open(...)) words it
                raise LuaError(f"{outfile.decode('latin-1')}: {exc.strerror}".encode()) from None
            state.jit.verbose = line_writer(holder["file"])
        return EMPTY

    def off(*_):
        if state.jit is not None:
            state.jit.verbose = None
        f = holder.pop("file", None)
        if f is not None:
            f.close()
        return EMPTY

    return Table({b"on": on, b"off": off, b"start": on})
