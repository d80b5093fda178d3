"""What a region's code does that tier 0 could not do again.

An exit makes tier 0 run again what native code ran since the last
checkpoint (the entry, or the start of the loop turn), its table stores
undone (lower_undo.py). A C call cannot be undone, so no exit may follow one
before the next checkpoint: lowering (lower.py) refuses a guard after a C
call, and checks here, once every function is lowered, that no call made
after a C call goes to a function that may exit.
"""
from __future__ import annotations

from . import tir


def callees(func: tir.Function) -> list:
    return [n.func for n in tir.nodes(func.body) if type(n) is tir.Call]


def _closure(functions: list, start: set) -> set:
    """id() of the functions in start and of those that call one of them."""
    found = set(start)
    calls = {id(f): {id(g) for g in callees(f)} for f in functions}
    changed = True
    while changed:
        changed = False
        for f in functions:
            if id(f) not in found and calls[id(f)] & found:
                found.add(id(f))
                changed = True
    return found


def c_callers(functions: list) -> set:
    """id() of the functions that call C, themselves or through a callee."""
    direct = {id(f) for f in functions if calls_c(f.body, set())}
    return _closure(functions, direct)


def calls_c(body: list, c_callers: set) -> bool:
    """Whether code calls C, itself or through a function in c_callers."""
    return any(type(n) is tir.CCall or (type(n) is tir.Call and id(n.func) in c_callers)
               for n in tir.nodes(body))


def exiting(functions: list, exits: set) -> set:
    """id() of the functions that may exit: those with a guard (exits), the
    recursive ones (too deep a recursion leaves), and their callers."""
    recursive = set()
    for f in functions:
        seen, stack = set(), list(callees(f))
        while stack:
            g = stack.pop()
            if g is f:
                recursive.add(id(f))
                break
            if id(g) not in seen:
                seen.add(id(g))
                stack.extend(callees(g))
    return _closure(functions, exits | recursive)


def makes_objects(functions: list) -> bool:
    """Whether the region makes new strings or tables (which its nursery holds)."""
    return any(type(n) in tir.MAKERS for f in functions for n in tir.nodes(f.body))
