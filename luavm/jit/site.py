"""The dispatcher: hot counters, entry guards and native calls.

Tier 0 gives each region (region.py) a JitSite and ticks its `count` down:
at every call of a function region, every turn of a loop region, every
entry of a loop that cannot compile. When the count goes below zero tier 0
calls `enter` with the values the region needs, and `enter` either runs
native code and returns its results, or returns NR ("not run") and tier 0
goes on by itself.

Hot path: `enter` of a compiled site runs on every call of a compiled
function from tier 0; the guards are a flat list checked in one loop.
"""
from __future__ import annotations

import ctypes

from .. import ast
from ..value import EMPTY, CData
from . import tir
from .typer import Known, Unpure

NR = type("NotRun", (), {"__repr__": lambda self: "NR", "__slots__": ()})()
RS = type("Resume", (), {"__repr__": lambda self: "RS", "__slots__": ()})()
# A done site (it never compiles, or must not) still ticks: it counts down
# from DONE, and each time it runs out enter only sets it back. Counts stay
# among the ints CPython keeps one object of (-5..256), so a tick allocates
# nothing; a big count would allocate a new int at every tick.
DONE = 256
WAIT = 1 << 59          # a loop waits for the region of the loop it is in
MAX_VARIANTS = 4        # compiled type signatures per site
MAX_PENALTY = 4         # failed compiles before a site is blacklisted
MAX_UNSEEN = 16         # compiles tried again at once, for want of a sample
UNSEEN = type("Unseen", (), {"__repr__": lambda self: "UNSEEN", "__slots__": ()})()


class JitSite:
    __slots__ = ("count", "site", "jit", "variants", "failures", "unseen", "trace",
                 "parent", "waiting", "end_line", "done", "__weakref__")

    def __init__(self, site, jit) -> None:
        self.site = site          # region.Site: the syntax tree and what tier 0 hands over
        self.jit = jit            # control.Jit of the state
        self.count = jit.threshold(site)
        self.variants: list[Variant] = []
        self.failures = 0
        self.unseen = 0
        self.trace = 0
        self.parent: JitSite | None = None     # the site of the loop this loop is in
        self.waiting: list[JitSite] = []        # inner loops waiting for this one
        self.end_line = 0                       # a loop's last line (last_line)
        self.done = False                       # never entered again (finish)

    def enter(self, args: tuple, env):
        """Run the region natively if a compiled variant's guards hold; NR
        when tier 0 must run it."""
        if self.done:
            self.count = DONE
            return NR
        jit = self.jit
        if not jit.enabled:
            self.finish()
            return NR
        if self.variants:
            self.count = 0      # every call enters again, with no count below -5 (DONE)
            for variant in self.variants:
                r = variant.run(args, env)
                if r is not MISS:
                    # hot path: a function's result (never a plain tuple) goes back at once
                    return self.ran(r) if r is NR or r.__class__ is tuple else r
        if self.site.kind == "nyi":
            jit.report_nyi(self, self.site.reason, self.site.reason_line)
            self.finish()
            return NR
        if len(self.variants) >= MAX_VARIANTS:
            self.finish()
            self.release()
            return NR
        outer = self.parent
        if outer is not None and not outer.untried():
            outer = None
        if outer is None and self.short_entry(args):
            outer = jit.calling_loop(self)
        if outer is not None and self not in outer.waiting:
            # the region of the loop this one runs in (enclosing it, or
            # calling its function) holds this one: compile that, at its
            # next turn, instead of this one now and that one later
            outer.waiting.append(self)
            outer.count = 0
            self.count = WAIT
            return NR
        variant = jit.compile(self, args, env)
        if variant is UNSEEN and self.unseen < MAX_UNSEEN:
            self.unseen += 1        # other values may show the types: soon again
            self.count = jit.threshold(self.site)
            return NR
        if variant is None or variant is UNSEEN:
            self.penalise()
            self.release()
            return NR
        self.variants.append(variant)
        self.count = jit.threshold(self.site)
        r = variant.run(args, env)
        return NR if r is MISS else self.ran(r)

    def short_entry(self, args: tuple) -> bool:
        """A numeric for that runs fewer than hotloop turns per entry (its
        start, limit and step come first in args): it got hot over several
        entries, and this one ends soon, so waiting for the loop that calls
        its function costs little."""
        if type(self.site.node) is not ast.NumFor:
            return False
        start, stop, step = args[0], args[1], args[2]
        if start.__class__ is not float or stop.__class__ is not float or \
                step.__class__ is not float or not step:
            return False
        return (stop - start) / step + 1 < self.jit.param("hotloop")

    def last_line(self) -> int:
        """The last line a loop site's code is on."""
        if not self.end_line:
            node = self.site.node
            self.end_line = max(getattr(n, "line", 0) or 0 for n in ast.nodes(node))
        return self.end_line

    def untried(self) -> bool:
        """Whether compiling this site was never tried yet."""
        return (not self.variants and not self.failures and self.count < WAIT and not self.trace
                and not self.done)

    def finish(self) -> None:
        """The site is done: tier 0 runs it from now on (reset undoes this)."""
        self.done = True
        self.count = DONE

    def release(self) -> None:
        """This region does not run: the inner loops waiting for it count again."""
        for inner in self.waiting:
            if inner.count > WAIT >> 1:     # still waiting (its ticks count down from WAIT)
                inner.count = self.jit.threshold(inner.site)
        self.waiting.clear()

    def ran(self, r):
        """A native run's result, counting its exit if it had one."""
        if r is NR or (r.__class__ is tuple and r[0] is RS):
            self.exited()
        return r

    def penalise(self) -> None:
        """A failed compile: wait longer each time, then give up."""
        self.failures += 1
        if self.failures >= MAX_PENALTY:
            self.jit.report_blacklisted(self)
            self.finish()
        else:
            self.count = self.jit.threshold(self.site) << (2 * self.failures)

    def exited(self) -> None:
        """Native code gave up (a guard failed inside, or deep recursion):
        tier 0 runs this entry; after hotexit such exits the site is done."""
        self.failures += 1
        if self.failures >= self.jit.param("hotexit"):
            self.jit.report_blacklisted(self)
            self.finish()
            self.variants.clear()
            self.release()
        else:
            self.count = self.jit.threshold(self.site)

    def reset(self) -> None:
        self.done = False
        self.variants.clear()
        self.failures = 0
        self.unseen = 0
        self.waiting.clear()
        self.count = self.jit.threshold(self.site)


MISS = object()     # a variant's guards do not hold


class Variant:
    """One compiled type signature of a site.

    A loop's native code returns after the loop, or exits: at once (NR:
    tier 0 runs this turn), or after some turns, when it leaves at
    io[resume] the number of turns it ran and after it the outer locals as
    they were at the start of the next turn (RS: tier 0 takes them and
    runs that turn)."""
    __slots__ = ("checks", "io", "address", "fp", "kind", "ret", "outs", "trace", "resume",
                 "nursery", "keep")

    def __init__(self, checks: list, io, fp, kind: str, ret: str, outs: list,
                 trace: int, resume: int, nursery: list, keep: list) -> None:
        self.checks = checks      # (reader, expected class or Known, buffer slot or -1)
        self.io = io              # the entry buffer (ctypes double[])
        self.address = ctypes.addressof(io)
        self.fp = fp              # the native entry: int32_t (*)(double *), GIL held
        self.kind = kind
        self.ret = ret
        self.outs = outs          # types of a loop's outer locals handed back
        self.trace = trace
        self.resume = resume      # a loop's slot of the turns it ran before an exit
        self.nursery = nursery    # the strings a run made, released after it (or None)
        self.keep = keep          # the objects the code has the address of

    def run(self, args: tuple, env):
        io = self.io
        try:
            for reader, want, slot in self.checks:
                v = reader.read(args, env)
                if want.__class__ is Known:
                    if v is not want.value:
                        return MISS
                elif v.__class__ is not want:
                    # a cdata is checked for its C type (want), and passes its address
                    if want.__class__ is type or v.__class__ is not CData or v.ct is not want:
                        return MISS
                    io[slot] = int(v.ct.reg.ffi.cast("uintptr_t", v.cd))
                elif slot >= 0:
                    io[slot] = v if want is float or want is bool else id(v)
        except (Unpure, AttributeError, KeyError, ValueError, IndexError):
            return MISS
        if self.nursery is not None:
            return self.release(self.results(self.fp(self.address)))
        return self.results(self.fp(self.address))

    def release(self, r):
        """What a run gave back, once tier 0 holds it: the strings it made go."""
        self.nursery.clear()
        return r

    def results(self, status: int):
        io = self.io
        if status:
            if self.kind == "function" or not io[self.resume]:
                return NR
            at = self.resume + 1
            return ((RS,) + tuple(_out(io[at + k], t) for k, t in enumerate(self.outs))
                    + (int(io[self.resume]),))
        if self.kind == "function":
            return _value(io[0], self.ret) if self.ret != tir.NONE else EMPTY
        ret = NR
        if io[0]:
            ret = _value(io[1], self.ret) if self.ret != tir.NONE else EMPTY
        return (ret,) + tuple(_out(io[2 + k], t) for k, t in enumerate(self.outs))


def _value(x: float, t: str):
    if t == tir.NUM:
        return x
    if t == tir.BOOL:
        return x != 0.0
    if t == tir.STR or t == tir.TAB:
        return _object(x)
    return None


def _out(x: float, t: str):
    """An outer local a loop hands back. A string or table there is never
    one the region made (typer._check_fresh): its address is borrowed from
    whoever holds it, with no reference taken for us."""
    if t == tir.STR or t == tir.TAB:
        return ctypes.cast(int(x), ctypes.py_object).value if x else None
    return _value(x, t)


def _object(x: float):
    """The object whose address a region returned, with the reference it
    took for us (lower.s_Return); nil for NULL."""
    if not x:
        return None
    obj = ctypes.cast(int(x), ctypes.py_object).value
    _decref(obj)
    return obj


_decref = ctypes.pythonapi.Py_DecRef
_decref.argtypes = [ctypes.py_object]
_decref.restype = None


def region_kind(site) -> str:
    return "loop" if type(site.node) is not ast.Function else "return"
