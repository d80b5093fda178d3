"""The `jit` module: LuaJIT's interface to its compiler, for tier 0.

Code written for OpenResty reads `jit.version`, `jit.os` and `jit.arch`, and
tunes the compiler with `jit.opt.start`. Until tier 1 (luavm/jit, issue 7)
exists, nothing is compiled: `jit.status()` says the compiler is off,
`jit.off` and `jit.flush` have nothing to do, and `jit.on` says why it cannot
turn on. The optimisation parameters are checked as LuaJIT checks them and
kept on the state for tier 1.
"""
from __future__ import annotations

import os

from ..auxlib import lua_error
from ..value import EMPTY, Multi, Table

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
    opts = state.jit_options = JitOptions()

    def on(*_):
        raise lua_error("JIT compiler not available: luavm runs tier 0 only", 0)

    def off(*_):
        return EMPTY

    def flush(*_):
        return EMPTY

    def status(*_):
        return Multi((False,) + tuple(f.encode() for f in FLAGS if f in opts.flags))

    def start(*args):
        opts.start(*args)
        return EMPTY

    return Table({
        b"version": VERSION, b"version_num": VERSION_NUM, b"os": os.uname().sysname.encode(),
        b"arch": _arch(), b"on": on, b"off": off, b"flush": flush, b"status": status,
        b"opt": Table({b"start": start}),
    })
