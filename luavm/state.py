"""The embedding API: one Lua state (globals, libraries, loaded chunks).

    st = LuaState()                     # all standard libraries opened
    st.stdout = io.BytesIO()            # where print/io.write go (binary)
    f = st.load(b"return 1 + ...", "=t")   # compile a chunk -> Lua function
    st.call(f, 41.0)                    # -> (42.0,)  (a tuple of results)
    st.run(b"print('hi')", "t.lua")    # load + call; raises LuaError
    st.register("name", py_function)    # a Python builtin as a global
    st.to_lua(obj) / st.to_python(v)    # value conversion both ways

Chunk names follow Lua: "=name" is shown as name, "@file" as file, other
text as [string "..."]; a plain name given to `load`/`run` is taken as a
file name. A chunk error raises LuaError whose `.value` is the Lua error
object and whose `.traceback` is the Lua traceback text.
"""
from __future__ import annotations

import itertools
import math
import resource
import weakref
import sys

from . import forloop, runtime
from .compiler import compile_chunk
from .errors import to_lua_error
from .stdlib import base
from .stdlib.chunks import remember
from .jit.site import NR, RS
from .stdlib.os import LuaExit
from .value import (
    EMPTY, CData, LuaError, Multi, OpError, TAIL, TAIL_SLOT, Table, first, intern_keys, resolve,
    values,
)

__all__ = ["LuaState", "LuaError", "LuaExit"]

# Lua allows ~20,000 nested calls (LuaJIT overflows between 15,000 and
# 50,000); Python frames of tier-0 code are the Lua frames, plus helpers.
RECURSION_LIMIT = 60_000
STACK_BYTES = 1 << 30


def _deepen_stack() -> None:
    """Let the main thread's C stack grow far enough for RECURSION_LIMIT.

    Linux grows the main stack up to the current soft limit, so raising it
    here is enough; Python's own limit then turns runaway recursion into
    RecursionError (Lua's "stack overflow") long before the C stack ends.
    """
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        want = STACK_BYTES if hard == resource.RLIM_INFINITY else min(hard, STACK_BYTES)
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(resource.RLIMIT_STACK, (want, hard))
        limit = RECURSION_LIMIT
    except (ValueError, OSError):
        limit = 15_000
    if sys.getrecursionlimit() < limit:
        sys.setrecursionlimit(limit)


_deepen_stack()


def chunk_display_name(chunkname: str) -> str:
    """How Lua shows a chunk name in messages (LuaJIT's rule, LUA_IDSIZE 60):
    the source up to its first control character, cut to 45 bytes and
    marked "..." when anything follows."""
    if chunkname.startswith(("=", "@")):
        return chunkname[1:]
    n = 0
    while n < 48 and n < len(chunkname) and chunkname[n] >= " ":
        n += 1
    if n < len(chunkname):
        return f'[string "{chunkname[:min(n, 45)]}..."]'
    return f'[string "{chunkname}"]'


def _namespace() -> dict:
    """The globals of generated code: the runtime helpers it calls by name."""
    rt = runtime
    return {
        "__builtins__": {}, "EMPTY": EMPTY, "Multi": Multi, "TAIL": TAIL, "TS": TAIL_SLOT,
        "Table": Table, "first": first, "values": values, "resolve": resolve,
        "adjust": rt.adjust, "index": rt.index, "setindex": rt.setindex,
        "add": rt.add, "sub": rt.sub, "mul": rt.mul, "div": rt.div, "mod": rt.mod,
        "pow_": rt.pow_, "unm": rt.unm, "concat": rt.concat, "length": rt.length,
        "lt": rt.lt, "le": rt.le, "eq": rt.eq, "num_div": rt.num_div, "num_mod": rt.num_mod,
        "forloop": forloop.forloop, "forin": forloop.forin,
        "forin_results": forloop.forin_results, "GotoJump": rt.GotoJump,
        "forin2": forloop.forin2, "forin2_results": forloop.forin2_results,
        "forin_pairs": forloop.forin_pairs, "forin_ipairs": forloop.forin_ipairs,
        "PAIRS": base.pairs, "IPAIRS": base.ipairs,
        "zip": zip, "zip_longest": itertools.zip_longest,
        "table_list": rt.table_list, "table_items": rt.table_items, "drop_nils": rt.drop_nils,
        "multi_items": rt.multi_items, "cdata_int": rt.cdata_int,
        "CData": CData, "cdata_null": rt.cdata_null, "cdata_mixed": rt.cdata_mixed,
        "NR": NR, "RS": RS, "forskip": forloop.forskip,
        "float": float, "bytes": bytes, "bool": bool,
        "map": map, "range": range, "int": int, "_floor": math.floor, "_ceil": math.ceil,
        "_copysign": math.copysign, "_islice": itertools.islice, "_count": itertools.count,
    }


class LuaState:
    """A Lua state: its globals, its libraries, and the chunks it loads."""

    def __init__(self, open_libs: bool = True) -> None:
        self.stdout = sys.stdout.buffer
        self.stderr = sys.stderr.buffer
        self.stdin = sys.stdin.buffer
        self.globals = Table()
        self.namespace = _namespace()
        self.registry = Table()
        self.finalizers = 0       # userdata created that may carry __gc
        self.gc_objects = weakref.WeakSet()   # those still alive, finalized at close
        self.jit = None           # tier 1 (luavm.jit.control.Jit), set by the jit library
        if open_libs:
            from .stdlib.openlibs import open_all
            open_all(self)
            intern_keys(self.globals)

    # -- loading and calling --------------------------------------------------
    def compile(self, source: bytes, chunkname: str, env: Table | None = None):
        """Compile a chunk to its main function; raises LuaSyntaxError."""
        return self.factory(source, chunkname)(self.globals if env is None else env)

    def factory(self, source: bytes, chunkname: str):
        """Compile a chunk once; the result makes its main function for a
        given global environment (`factory(env)`), cheaply, as often as
        needed (the gateway runs each handler with a per-request env).
        Its `writes_globals` tells whether any function of the chunk
        assigns a global: one that does not cannot tell one empty
        environment from another, nor from the globals it reads through to,
        unless it asks for its environment (stdlib.fenv.stand_in)."""
        from .parser import parse
        display = chunk_display_name(chunkname)
        main = parse(source, display)
        # hot counters only while the compiler is on: `-joff` is tier 0 alone
        jit = self.jit if self.jit is not None and self.jit.enabled else None
        code, sites, writes_globals = compile_chunk(main, display, jit)
        remember(code, chunkname.encode("utf-8", "surrogateescape"))
        ns = self.namespace
        exec(code, ns)
        chunk = ns.pop("__chunk__")
        make = (lambda env: chunk(env, sites)) if sites else chunk
        make.writes_globals = writes_globals
        return make

    def load(self, source: bytes | str, chunkname: str = "=(load)"):
        """Compile a chunk; a plain chunk name is taken as a file name."""
        if isinstance(source, str):
            source = source.encode()
        if not chunkname.startswith(("=", "@")) and "\n" not in chunkname:
            chunkname = "@" + chunkname
        return self.compile(source, chunkname)

    def call(self, f, *args) -> tuple:
        """Call a Lua value; its results as a tuple. Errors raise LuaError.

        Hot path: every handler run of the gateway (runtime.call inlined)."""
        try:
            if not callable(f):
                raise OpError("call", f)
            r = f(*args)
            if r is TAIL:
                r = resolve(r)
            return r if r.__class__ is Multi else (r,)      # values(r), inline
        except LuaExit:
            raise
        except Exception as exc:      # LuaError, TypeError, OpError, RecursionError, ...
            raise to_lua_error(exc) from None

    def run(self, source: bytes | str, chunkname: str = "=(command line)", *args) -> tuple:
        """Load and run a chunk."""
        return self.call(self.load(source, chunkname), *args)

    def close(self) -> None:
        """End the state: drop its globals so pending __gc finalizers run."""
        for u in list(self.gc_objects):     # finalizers still see the globals
            u.finalize()
        self.globals.clear()
        self.registry.clear()
        if self.finalizers:     # a full collection only when __gc may be pending
            import gc
            gc.collect()

    def register(self, name: str, fn) -> None:
        self.globals[name.encode()] = fn

    # -- values -----------------------------------------------------------------
    def to_lua(self, obj):
        """A Python value as a Lua value (dicts and lists become tables)."""
        if obj is None or obj is True or obj is False:
            return obj
        if isinstance(obj, (int, float)):
            return float(obj)
        if isinstance(obj, str):
            return obj.encode()
        if isinstance(obj, (bytes, bytearray)):
            return bytes(obj)
        if isinstance(obj, dict):
            t = Table()
            for k, v in obj.items():
                runtime.rawset(t, self.to_lua(k), self.to_lua(v))
            return t
        if isinstance(obj, (list, tuple)):
            return runtime.table_list(tuple(self.to_lua(v) for v in obj))
        return obj

    def to_python(self, v):
        """A Lua value as a Python value (tables become dicts; numbers stay float)."""
        if v.__class__ is Table:
            from .value import lua_key
            return {self.to_python(lua_key(k)): self.to_python(x) for k, x in v.items()}
        return v
