"""The runtime module: what every region calls, compiled once per process.

Code that is too big to copy into each region (a whole dict probe, a
logged store, the undo log's walks) lives here; engine.py compiles this
module before the first region that uses it and makes its functions known
to the JIT linker by name, and regions declare them (lower_table.runtime).
"""
from __future__ import annotations

from llvmlite import ir

from . import lower_cache, lower_table, lower_undo

FUNCTIONS = [*lower_table.RUNTIME, *lower_undo.RUNTIME, *lower_cache.RUNTIME]
GLOBALS = lower_undo.GLOBALS


def runtime_module(triple: str) -> ir.Module:
    module = ir.Module(name=lower_table.RUNTIME_MODULE)
    module.triple = triple
    fn = lower_table.runtime(module, "lua_get_num")
    lower_table.define_get_num(ir.IRBuilder(fn.append_basic_block("entry")), *fn.args)
    fn = lower_table.runtime(module, "lua_get_name")
    lower_table.define_get_name(ir.IRBuilder(fn.append_basic_block("entry")), *fn.args)
    lower_undo.define(module)
    lower_cache.define(module)
    return module


def uses_runtime(module: ir.Module) -> bool:
    """Whether a region's module calls or writes the runtime module."""
    return any(name in module.globals for name in (*FUNCTIONS, *GLOBALS))
