"""The IR builder of compiled code: llvmlite's, keeping what the lowering
needs to reuse a value across the code it builds.

The lowering reads a table's keys header once for a run of reads of that
table (lower_keys.py), which LLVM cannot do itself: it cannot tell an
in-place float store or an undo log entry from a dict's keys. A value read
in block S may serve in block C when two things hold:

- S dominates C. The builder records the edges of branch and cbranch
  (the only terminators the lowering makes that go on: a switch's cases,
  added after it is made, would escape the record), so a block's
  predecessors are known as it is built; C is dominated when every
  predecessor is (a bounded walk back, which a long way answers no).
  An edge added later can only enter a loop's head or a label, and the
  lowering treats both as a new start (`fresh`).
- No call that may change a dict ran since the read: each such call makes
  a new epoch. Calls that change no dict (PURE: reads, allocation of an
  object the collector does not track, intrinsics) keep it. A call in an
  out-of-line block that never comes back (a guard's exit) is lowered
  inside `aside`, which keeps the epoch it found.
"""
from __future__ import annotations

from contextlib import contextmanager

from llvmlite import ir

# C functions and runtime functions that change no dict and run no Lua code
PURE = frozenset({
    "lua_get_num", "lua_get_name", "PyDict_GetItemWithError", "PyErr_Clear",
    "PyFloat_FromDouble", "PyLong_AsDouble", "Py_IncRef", "PyBytes_FromStringAndSize",
    "lua_cache_grow", "realloc"})
MAX_WALK = 256          # blocks visited to prove a dominance


class Builder(ir.IRBuilder):
    def __init__(self, block: ir.Block | None = None) -> None:
        super().__init__(block)
        self.epoch = 0
        self.preds: dict[ir.Block, list[ir.Block]] = {}
        self.dominated: dict[ir.Block, set] = {}        # block -> blocks it dominates

    def call(self, fn, args, name="", cconv=None, tail=False, fastmath=(), attrs=(),
             arg_attrs=None):
        # a call through a pointer (FFI) is not named by its callee
        callee = fn.name if isinstance(fn, ir.Function) else ""
        if not (callee in PURE or callee.startswith("llvm.")):
            self.epoch += 1
        return super().call(fn, args, name, cconv, tail, fastmath, attrs, arg_attrs)

    def branch(self, target):
        self._edge(target)
        return super().branch(target)

    def cbranch(self, cond, truebr, falsebr):
        self._edge(truebr)
        self._edge(falsebr)
        return super().cbranch(cond, truebr, falsebr)

    def _edge(self, target: ir.Block) -> None:
        self.preds.setdefault(target, []).append(self.block)

    def fresh(self) -> None:
        """Nothing read before is reused after this point (a loop's head, a
        label: edges from code not built yet will come here)."""
        self.epoch += 1

    @contextmanager
    def aside(self):
        """Build code that leaves and never comes back here: its calls do
        not end the epoch of the code around it."""
        epoch, here = self.epoch, self.block
        try:
            yield
        finally:
            self.epoch = epoch
            self.position_at_end(here)

    def dominates(self, s: ir.Block, c: ir.Block) -> bool:
        """Whether every way into c built so far passes through s: walking
        back from c never reaches a block without predecessors but through
        s (no when that takes long to prove). Every block such a walk
        visits is dominated by s too, and kept as such: the next walk
        stops there."""
        known = self.dominated.setdefault(s, {s})
        seen: set = set()
        todo = [c]
        while todo:
            block = todo.pop()
            if block in known or block in seen:
                continue
            if len(seen) >= MAX_WALK:
                return False
            seen.add(block)
            preds = self.preds.get(block)
            if not preds:
                return False    # the entry (or an unreached block) without passing s
            todo.extend(preds)
        known |= seen
        return True
