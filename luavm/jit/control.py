"""The compiler of one Lua state: on/off, parameters, trace numbers, logs.

`compile` runs the passes on a hot site: typing (typer.py) -> typed IR
(tir.py) -> LLVM IR (lower.py) -> native code (engine.py) -> a dispatcher
variant (site.py). `-jv` (or jit.v) lines and `-jdump` listings go to the
writers set here, in LuaJIT's words.
"""
from __future__ import annotations

import ctypes
import sys
import weakref

from .. import ast
from ..codeinfo import CODEINFO
from . import effects, tir
from .site import UNSEEN, WAIT, JitSite, Variant, region_kind


CALLERS_SEEN = 3        # Lua functions up the stack searched for a calling loop


class Jit:
    def __init__(self, options) -> None:
        self.options = options        # stdlib/jit.py JitOptions: hotloop, hotexit, maxmcode...
        self.enabled = True
        self.verbose = None           # a function taking a line (-jv, jit.v)
        self.dump = None              # a function taking a line (-jdump)
        self.traces = 0
        self.sites: weakref.WeakSet = weakref.WeakSet()
        self.off_code: set[int] = set()     # id(code) of functions switched off (jit.off(f))
        self.loops: dict[int, weakref.WeakSet] = {}     # id(ast.Function) -> its loop sites
        # tier 1's own faults while compiling (each a bug, which tier 0 hides
        # by running the code): the tests check that there are none
        self.faults: list[str] = []

    def param(self, name: str) -> int:
        return self.options.params[name]

    def threshold(self, site) -> int:
        return max(self.param("hotloop") - 1, 0)

    def new_site(self, site) -> JitSite:
        js = JitSite(site, self)
        self.sites.add(js)
        if site.kind == "loop":
            self.loops.setdefault(id(site.func), weakref.WeakSet()).add(js)
        return js

    def calling_loop(self, js: JitSite) -> JitSite | None:
        """The innermost loop, in one of the few Lua functions that called
        js's function, whose region was never tried and would hold this
        call: compiling that one first spares compiling js twice (once on
        its own, once inside the caller's region)."""
        func = js.site.func
        frame = sys._getframe(1)
        callers = 0
        while frame is not None and callers <= CALLERS_SEEN:
            info = CODEINFO.get(id(frame.f_code))
            if info is not None and info.tree is not None:
                fn = info.tree[0]
                if fn is not func:
                    callers += 1
                    found = self._loop_at(fn, frame.f_lineno)
                    if found is not None:
                        return found
            frame = frame.f_back
        return None

    def _loop_at(self, fn: ast.Function, line: int) -> JitSite | None:
        best = None
        for js in self.loops.get(id(fn), ()):
            site = js.site
            if (site.func is fn and site.line <= line <= js.last_line() and js.untried()
                    and (best is None or site.line > best.site.line)):
                best = js
        return best

    # -- on, off, flush --
    def on(self) -> None:
        self.enabled = True
        for js in list(self.sites):
            if (js.done or js.count >= WAIT) and not js.failures:
                js.reset()

    def off(self) -> None:
        self.enabled = False

    def flush(self) -> None:
        for js in list(self.sites):
            js.reset()

    def switch_function(self, code, enable: bool, recursive: bool) -> None:
        """jit.on/off(f): the regions of one function (and, recursive, of
        the functions nested in it)."""
        from ..codeinfo import CODEINFO
        info = CODEINFO.get(id(code))
        if info is None or info.tree is None:
            return
        node = info.tree[0]
        (self.off_code.discard if enable else self.off_code.add)(id(code))
        inner = {id(n) for n in ast.nodes(node.body) if type(n) is ast.Function}
        for js in list(self.sites):
            fid = id(js.site.func)
            if fid == id(node) or (recursive and fid in inner):
                if enable:
                    js.reset()
                else:
                    js.finish()
                    js.variants.clear()

    # -- compiling --
    def compile(self, js: JitSite, args: tuple, env):
        """A Variant; None when the site cannot compile; UNSEEN when these
        entry values do not show enough to type it."""
        from .lower_table import TAG
        from .typer import Nyi, Unseen, type_region
        site = js.site
        number = self.traces + 1
        prefix = f"r{TAG}"      # the same in every process: engine.py names the module
        try:
            region = type_region(site, args, env, f"{prefix}_root", self.off_code)
            for f in region.functions[1:]:
                f.name = f"{prefix}_{f.name}"
            return self._native(js, region, number, prefix)
        except Unseen as exc:
            self.report_nyi(js, exc.reason, exc.line, exc.chunk)
            return UNSEEN
        except Nyi as exc:
            self.report_nyi(js, exc.reason, exc.line, exc.chunk)
        except _Refused as exc:
            self.report_nyi(js, str(exc), site.line)
        except Exception as exc:   # a fault of tier 1 itself: tier 0 runs the code
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            reason = f"compile failed: {type(exc).__name__}: {first}"
            self.faults.append(f"{self.where(js)}: {reason}")
            self.report_nyi(js, reason, site.line)
        return None

    def _native(self, js: JitSite, region, number: int, prefix: str) -> Variant:
        from .engine import CodeLimit, engine
        from .shape import region_shape
        eng = engine()
        root = region.functions[0]
        resume = max(len(region.slots), 2 + len(root.outs))
        # the strings and tables a run makes (lower_string.py)
        nursery = [] if effects.makes_objects(region.functions) else None
        # no shape to walk for where it would never be looked up: no cache,
        # or -jdump (which compiles, to show the optimised IR)
        shape = (region_shape(region.functions, region.keep, nursery, resume, prefix, eng.triple)
                 if eng.caching and self.dump is None else None)
        module = None

        def lower():        # not called when the cache has the region by its shape
            from .lower import lower_region
            nonlocal module
            module = lower_region(region.functions, prefix, eng.triple, resume, nursery,
                                  region.keep)
            return module
        try:
            (addr,), optimised, ms = eng.compile_region(
                shape, lower, [root.name], self.param("maxmcode") * 1024, region.keep, nursery,
                optimised=self.dump is not None)
        except CodeLimit:
            raise _Refused("machine code limit reached (maxmcode)") from None
        self.traces = number
        js.trace = number
        slots = {id(r): k for k, r in enumerate(region.slots)}
        checks = [(reader, want, slots.get(id(reader), -1)) for reader, want in region.guards]
        size = resume + 1 + len(root.outs)
        variant = Variant(checks, (ctypes.c_double * size)(), _ENTRY(addr),
                          "function" if root.kind == "function" else "loop",
                          root.ret or tir.NONE, [v.type for v in root.outs], number, resume,
                          nursery, region.keep)
        self.report_trace(js, ms, optimised is None)
        if self.dump is not None:       # optimised: lowered and compiled, never linked
            self.dump_region(js, region, str(module), optimised)
        return variant

    # -- logs --
    def where(self, js: JitSite, line: int | None = None, chunk: str | None = None) -> str:
        return f"{chunk or js.site.chunkname}:{js.site.line if line is None else line}"

    def report_trace(self, js: JitSite, ms: float, cached: bool) -> None:
        if self.verbose is not None:
            self.verbose(f"[TRACE {js.trace:3d} {self.where(js)} {region_kind(js.site)}] "
                         f"{ms:.1f} ms{' (cached)' if cached else ''}")

    def report_nyi(self, js: JitSite, reason: str, line: int, chunk: str | None = None) -> None:
        """Why a site did not compile: the reason's line may be in another
        chunk (a function the region calls)."""
        if self.verbose is not None:
            self.verbose(f"[TRACE --- {self.where(js)} -- {reason} at "
                         f"{self.where(js, line, chunk)}]")

    def report_blacklisted(self, js: JitSite) -> None:
        if self.verbose is not None:
            self.verbose(f"[TRACE --- {self.where(js)} -- blacklisted]")

    def dump_region(self, js: JitSite, region, llvm_ir: str, optimised: str) -> None:
        out = self.dump
        out(f"---- TRACE {js.trace} start {self.where(js)}")
        out(f"---- TRACE {js.trace} IR")
        for reader, want in region.guards:
            kind = want.__name__ if isinstance(want, type) else "identity"
            out(f"guard {reader.what or reader.key}: {kind}")
        for f in region.functions:
            for line in tir.listing(f):
                out(line)
        out(f"---- TRACE {js.trace} LLVM IR")
        for line in optimised.splitlines():
            out(line)
        out(f"---- TRACE {js.trace} stop -> {region_kind(js.site)}")


def line_writer(stream):
    """A writer of -jv/-jdump lines to a binary stream, flushed per line."""
    def write(line: str) -> None:
        stream.write(line.encode("utf-8", "replace") + b"\n")
        stream.flush()
    return write


class _Refused(Exception):
    pass


# The native entry `int32_t root(double *io)`, called with the GIL held (a
# PYFUNCTYPE keeps it): native code reads tables through the C API.
_ENTRY = ctypes.PYFUNCTYPE(ctypes.c_int32, ctypes.c_void_p)
