"""The dict headers the lowering knows: a table's Keys (lower_table.Keys:
its keys object, entries base, entries used) read once for a run of reads
of that table, where LLVM would read them again after every store it
cannot tell from a dict's keys (an in-place float, an undo log entry).

Keys read in one block serve a later read while that block dominates it
and no call that may change a dict ran since (builder.py says both). A
table is the same when it is the same constant or input, or a local not
assigned since (the lowering forgets a local's Keys when it assigns it).
Hot path: nbody's `b.x, b.y, b.z, b.mass` read b's header once.
"""
from __future__ import annotations

from typing import NamedTuple

from llvmlite import ir

from . import lower_table as tables
from . import tir
from .builder import Builder


class Known(NamedTuple):
    block: ir.Block         # where they were read
    epoch: int              # the builder's epoch then
    keys: tables.Keys
    table: ir.Value         # the table they were read from


class KnownKeys:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.known: dict[tuple, Known] = {}     # a table's identity -> its Keys

    def of(self, e: tir.Expr, t) -> tables.Keys:
        """The Keys of table t, the value of e: read here, or those read
        before of the same table when they still hold."""
        b = self.b
        ident = _identity(e)
        known = self.known.get(ident)
        if known is not None and self._holds(known):
            return known.keys
        keys = tables.read_keys(b, t)
        if ident is not None:
            self.known[ident] = Known(b.block, b.epoch, keys, t)
        return keys

    def forget(self, var: tir.Var) -> None:
        """A local was assigned: it may hold another table."""
        self.known.pop(("var", var.index), None)     # as _identity names a local

    def _holds(self, known: Known) -> bool:
        return known.epoch == self.b.epoch and self.b.dominates(known.block, self.b.block)

    def across(self):
        """Keys that a call on a side path may change (a store's slow path)
        kept across it: the Keys known here are read again after the call
        by reread(), called there, which returns settle(kept, reread): at
        the join of the path that kept them (ending in block kept) and the
        one that read them again (ending in block reread), each table's
        Keys are the phis of the two, known from there on. Only phis may
        come before settle in the join."""
        b = self.b
        live = [(ident, known) for ident, known in self.known.items() if self._holds(known)]

        def reread():
            fresh = [tables.read_keys(b, known.table) for _, known in live]

            def settle(kept: ir.Block, reread: ir.Block) -> None:
                for (ident, known), new in zip(live, fresh):
                    keys = tables.Keys(*(tables.merge(b, old.type, (old, kept), (value, reread))
                                         for old, value in zip(known.keys, new)))
                    self.known[ident] = Known(b.block, b.epoch, keys, known.table)
            return settle
        return reread


def _identity(e: tir.Expr) -> tuple | None:
    """What makes two table expressions the same table (None: nothing)."""
    kind = type(e)
    if kind is tir.Load:
        return "var", e.var.index
    if kind is tir.Input:
        return "input", e.slot
    if kind is tir.Const:
        return "const", id(e.value)
    return None
