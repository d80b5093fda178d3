"""CPython 3.11's object and dict layout, as compiled code reads it.

Native code reads Lua tables (value.Table, a dict) and floats in place
(lower_table.py); typing reads a sample table the same way to tell where
it holds a constant string key (entry_index). Every offset here is checked
at import against live objects; a dict in a shape the checks do not
confirm leaves DICT_PROBE false, and compiled code then goes through the C
API instead. No llvmlite here: typing runs before anything is compiled.

A combined dict of the general kind (any key type, which a Table with a
non-str key is) keeps a keys object: a header, an index table of
1 << log2_size slots of 1 << log2_index_bytes bytes each, then its entries
(hash, key, value), 24 bytes each, in insertion order; a deleted entry
keeps its place with a NULL key.
"""
from __future__ import annotations

import ctypes
import sys

from ..value import Table

REFCNT = 0                  # offsetof(PyObject, ob_refcnt)
OB_TYPE = 8                 # offsetof(PyObject, ob_type)
FLOAT_VALUE = 16            # offsetof(PyFloatObject, ob_fval)
BYTES_HASH = 24             # offsetof(PyBytesObject, ob_shash): the hash once computed
MA_USED = 16                # PyDictObject: the dict's size
MA_KEYS, MA_VALUES = 32, 40             # PyDictObject: the keys, the split values
DK_LOG2_SIZE, DK_LOG2_INDEX_BYTES, DK_KIND = 8, 9, 10   # PyDictKeysObject
DK_NENTRIES = 24                        # entries used so far (live or deleted)
DK_INDICES = 32                         # then the entries (hash, key, value)
ENTRY = 24
GENERAL = 0                             # DICT_KEYS_GENERAL: any key type
EMPTY_INDEX = -1                        # DKIX_EMPTY

_word = ctypes.c_void_p.from_address
_byte = ctypes.c_uint8.from_address
_ssize = ctypes.c_ssize_t.from_address


def _check_layout() -> None:
    probe = float.fromhex("0x1.8p1")
    if ctypes.c_double.from_address(id(probe) + FLOAT_VALUE).value != probe:
        raise RuntimeError("unexpected float object layout")
    if _word(id(probe) + OB_TYPE).value != id(float):
        raise RuntimeError("unexpected object header layout")
    if _ssize(id(probe) + REFCNT).value != sys.getrefcount(probe) - 1:
        raise RuntimeError("unexpected reference count layout")
    name = b"a key of no use"
    h = hash(name)      # which the object keeps from now on
    if _ssize(id(name) + BYTES_HASH).value != h:
        raise RuntimeError("unexpected bytes object layout")


def _entries(table: Table) -> tuple[int, int] | None:
    """(address of the first entry, entries used) of a table whose dict is
    combined and general, else None."""
    keys = _word(id(table) + MA_KEYS).value
    if not keys or _word(id(table) + MA_VALUES).value is not None \
            or _byte(keys + DK_KIND).value != GENERAL:
        return None
    first = keys + DK_INDICES + (1 << _byte(keys + DK_LOG2_INDEX_BYTES).value)
    return first, _ssize(keys + DK_NENTRIES).value


def _dict_layout_holds() -> bool:
    """Whether a Table's dict is laid out as the probe reads it: a table of
    300 number keys has 512 slots, 2-byte indices, and its first entry
    (hash, key, value) where the probe looks."""
    t = Table()
    for i in range(1, 301):
        t[float(i)] = float(-i)
    keys = _word(id(t) + MA_KEYS).value
    if (_byte(keys + DK_LOG2_SIZE).value, _byte(keys + DK_LOG2_INDEX_BYTES).value) != (9, 10):
        return False
    found = _entries(t)
    if found is None or found[1] != 300:
        return False
    first = found[0]
    key = next(iter(t))
    return (ctypes.c_int64.from_address(first).value == hash(key)
            and _word(first + 8).value == id(key) and _word(first + 16).value == id(t[key]))


def _slot_offset(name: str) -> int:
    """Where a Table keeps a __slots__ member (after the dict)."""
    t, mark = Table(), Table()
    setattr(t, name, mark)
    for offset in range(dict.__basicsize__, Table.__basicsize__, 8):
        if _word(id(t) + offset).value == id(mark):
            return offset
    raise RuntimeError(f"Table.{name} not found")


_check_layout()
DICT_PROBE = _dict_layout_holds()
META = _slot_offset("meta")
BORDER = _slot_offset("border")     # the hint of `#`, a float (value.Table.flen)


def entry_index(table: Table, key: bytes) -> int:
    """The entry of table's dict that holds the very object key (a string
    literal: value.interned makes the key of a table built from the literal
    that object), or -1. Tables built alike (records of one constructor)
    hold a key at the same entry, so this entry of a sample is where
    compiled code looks first in any of them."""
    found = _entries(table) if DICT_PROBE else None
    if found is None:
        return -1
    first, used = found
    for i in range(used):
        if _word(first + i * ENTRY + 8).value == id(key):
            return i
    return -1
