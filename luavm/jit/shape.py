"""A typed region's shape: its key in the code cache before it is lowered.

The code cache (codecache.py) keys object code by the digest of the LLVM
module's text, which costs lowering the region and printing the module:
~30 + ~40 ms for a region of fannkuch's size, on every run of a script
whose code is cached. A region's shape is what lowering reads of it: the
typed IR (tir.py), walked node by node with every field, the objects it
holds met in order (by identity: lowering only takes their addresses),
and which sources of the VM there are (they decide what lowering makes
of it). Two regions of one shape lower to one module text, up to the
objects bound to its symbols (lower_table.bound).

So the engine keeps beside the object code an index entry: shape -> the
module's text key and a recipe saying what each bound symbol stands for
(the n-th object of the walk, one of the process's fixed objects, the
region's nursery, a float key lowering made). The next process walks
its region, reads the entry and binds its own objects, without lowering.

A region holding anything this walk does not know (C types of FFI code,
dicts, objects of other kinds) has no shape: it takes the text key.
"""
from __future__ import annotations

import functools
import hashlib
import os
import types

from ..value import Table, fmt_number
from . import lower_table, lower_undo, tir

_SOURCES: str | None = None
_NODES = {cls for cls in vars(tir).values() if isinstance(cls, type) and cls.__module__ == tir.__name__}
_PLAIN = {type(None), bool, int, str}


def sources() -> str | None:
    """What identifies the VM's Python sources (luavm/), lowering's own
    code: each file's path, size and modification time (reading them all
    would take ~13 ms of every start). None where there are none to see
    (an install of bytecode alone): then no region has a shape, as nothing
    would tell versions apart."""
    global _SOURCES
    if _SOURCES is None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        files = []
        for directory, _, names in os.walk(root):
            for name in names:
                if name.endswith(".py"):
                    st = os.stat(os.path.join(directory, name))
                    files.append(f"{os.path.relpath(directory, root)}/{name} {st.st_size} "
                                 f"{st.st_mtime_ns}")
        files.sort()
        _SOURCES = hashlib.sha256("\n".join(files).encode()).hexdigest() if files else ""
    return _SOURCES or None


@functools.cache
def known() -> dict[int, str]:
    """The process's fixed objects that lowering binds, by address (the
    same for the whole process: made once)."""
    named = {"float": float, "bytes": bytes, "Table": Table, "None": None, "True": True,
             "False": False, "fmt_number": fmt_number, "Table.length": Table.length,
             "SCRATCH": lower_table.SCRATCH, "INPLACE": lower_undo.INPLACE}
    named.update({f"C_OLD{width}": marker for width, marker in lower_undo.C_OLD.items()})
    return {id(obj): name for name, obj in named.items()}


class Shape:
    """A region's shape (see above): `key` its name in the code cache,
    `objects` what its walk met by identity, in order."""

    def __init__(self, key: str, objects: list) -> None:
        self.key = key
        self.objects = objects

    def recipe(self, addresses: list[int], keep: list, kept: int,
               nursery: list | None) -> list[str] | None:
        """What each bound symbol stands for (its address, in the symbols'
        order: lower_table.bindings), as the next process can find it
        again; None when one of them cannot be. keep[kept:] are the
        objects lowering made."""
        walked = {id(obj): i for i, obj in enumerate(self.objects)}
        fixed = known()
        made = {id(obj): obj for obj in keep[kept:]}
        recipe = []
        for address in addresses:
            if address in walked:
                what = f"walk {walked[address]}"
            elif address in fixed:
                what = f"known {fixed[address]}"
            elif nursery is not None and address == id(nursery):
                what = "nursery"
            elif type(made.get(address)) is float:
                what = f"float {made[address].hex()}"
            else:
                return None
            recipe.append(what)
        return recipe

    def bind(self, recipe: list[str], keep: list, nursery: list | None) -> list[int] | None:
        """The addresses a recipe's symbols stand for in this process (the
        floats it makes are kept); None if the recipe does not fit."""
        fixed = {name: address for address, name in known().items()}
        addresses = []
        try:
            for what in recipe:
                kind, _, arg = what.partition(" ")
                if kind == "walk":
                    address = id(self.objects[int(arg)])
                elif kind == "known":
                    address = fixed[arg]
                elif kind == "nursery" and nursery is not None:
                    address = id(nursery)
                elif kind == "float":
                    key = float.fromhex(arg)
                    keep.append(key)
                    address = id(key)
                else:
                    return None
                addresses.append(address)
        except (IndexError, KeyError, TypeError, ValueError):
            return None
        return addresses


def entry(key: str, runtime: bool, recipe: list[str]) -> bytes:
    """A shape's index entry: the module's text key, whether it calls the
    runtime module, and the recipe, a line each."""
    return "\n".join((key, "runtime" if runtime else "-", *recipe)).encode()


def read_entry(data: bytes | None) -> tuple[str, bool, list[str]] | None:
    """An index entry's (key, runtime, recipe); None for no entry, or one
    that is not an entry."""
    if data is None:
        return None
    try:
        key, runtime, *recipe = data.decode().split("\n")
    except (UnicodeDecodeError, ValueError):
        return None
    if not key.isalnum() or runtime not in ("runtime", "-"):
        return None
    return key, runtime == "runtime", recipe


def region_shape(functions: list, keep: list, nursery: list | None, resume: int,
                 prefix: str, triple: str) -> Shape | None:
    """The shape of a typed region (its functions, what lower_region is
    given with them); None when it holds what the walk does not know."""
    if sources() is None:
        return None
    walk = _Walk()
    try:
        walk.value(functions)
        walk.value(keep)
    except _Unknown:
        return None
    head = f"{sources()}|{triple}|{prefix}|{resume}|{nursery is not None}|{len(walk.objects)}"
    key = hashlib.sha256("\n".join((head, *walk.out)).encode()).hexdigest()[:32]
    return Shape(f"shape-{key}", walk.objects)


def runtime_shape(triple: str) -> Shape | None:
    """The runtime module's shape: the sources alone."""
    if sources() is None:
        return None
    key = hashlib.sha256(f"{sources()}|{triple}|runtime".encode()).hexdigest()[:32]
    return Shape(f"shape-{key}", [])


class _Unknown(Exception):
    pass


class _Walk:
    """Every field of every node, in order; an object met again is named
    by its number, so that sharing is part of the shape."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.objects: list = []         # met by identity, in order
        self.seen: dict[int, int] = {}  # id -> number
        # the fixed objects by name: a region holding one (a method that is
        # fmt_number) differs from one holding another object of its kind,
        # whose symbol a recipe would bind to the fixed object's use
        self.known = known()

    def value(self, v) -> None:
        kind = type(v)
        if kind in _PLAIN:
            self.out.append(repr(v))
        elif kind is float:
            self.out.append(v.hex())
        elif kind is list or kind is tuple:
            self.out.append(f"{kind.__name__}{len(v)}")
            for x in v:
                self.value(x)
        elif id(v) in self.seen:
            self.out.append(f"@{self.seen[id(v)]}")
        else:
            self.seen[id(v)] = len(self.objects)
            self.objects.append(v)
            self._object(kind, v)

    def _object(self, kind: type, v) -> None:
        if id(v) in self.known:
            self.out.append(f"={self.known[id(v)]}")
        elif kind is bytes:
            hash(v)     # as lowering does: code reads the hash the key object holds
            self.out.append(f"b{v!r}")
        elif kind is Table or kind is types.FunctionType:     # a table kept, a method
            self.out.append(kind.__name__)
        elif kind in _NODES:
            self.out.append(kind.__name__)
            fields = vars(v) if hasattr(v, "__dict__") else {
                name: getattr(v, name, None)
                for cls in kind.__mro__ for name in getattr(cls, "__slots__", ())}
            for name, x in fields.items():
                self.out.append(name)
                self.value(x)
        else:
            raise _Unknown(kind.__name__)
