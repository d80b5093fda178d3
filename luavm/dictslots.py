"""Give a dict subclass dict's own C functions for `d[k]` and `k in d`.

CPython builds the slots of a class from the names its MRO defines. dict
defines `__getitem__` and `__contains__` twice, as slots and as faster
methods (METH_COEXIST), and a subclass sees the methods: its mp_subscript and
sq_contains become the generic slot_mp_subscript and slot_sq_contains, which
look `__getitem__` up and call it as a method each time. For Table, whose
reads are the VM's hottest operation, that is ~200 instructions of ~380 per
`t[k]` or `k in t` (measured on CPython 3.11). Copying dict's slot functions
into the subclass's type object skips the detour; the behaviour is dict's
(dict_subscript calls the subclass's __missing__, as before).

This writes a type object's fields through ctypes, so it is done only where
the layout is known (CPython 3.11, checked by reading tp_name) and only for a
class that defines neither name itself; elsewhere it does nothing and the
generic slots stay (slower, same results).
"""
from __future__ import annotations

import ctypes
import sys

_PTR = ctypes.sizeof(ctypes.c_void_p)
# PyTypeObject fields after PyObject_VAR_HEAD (three words): tp_name is the
# first; tp_as_sequence and tp_as_mapping are the 11th and 12th
_TP_NAME = 3 * _PTR
_TP_AS_SEQUENCE = 13 * _PTR
_TP_AS_MAPPING = 14 * _PTR
_MP_SUBSCRIPT = 1 * _PTR        # PyMappingMethods: mp_length, mp_subscript, ...
_SQ_CONTAINS = 7 * _PTR         # PySequenceMethods: ..., sq_contains (the 8th)


def _word(address: int) -> int:
    return ctypes.c_void_p.from_address(address).value or 0


def _layout_known() -> bool:
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return False
    name = _word(id(dict) + _TP_NAME)
    return bool(name) and ctypes.string_at(name) == b"dict"


def use_dict_slots(cls: type) -> bool:
    """Make cls[k] and `k in cls()` use dict's C functions. True if done."""
    if not (issubclass(cls, dict) and _layout_known()):
        return False
    if "__getitem__" in cls.__dict__ or "__contains__" in cls.__dict__:
        return False
    for table, slot in ((_TP_AS_MAPPING, _MP_SUBSCRIPT), (_TP_AS_SEQUENCE, _SQ_CONTAINS)):
        mine, dicts = _word(id(cls) + table), _word(id(dict) + table)
        # a class's method tables live in its own (heap) type object
        if not (dicts and id(cls) < mine < id(cls) + type.__sizeof__(cls)):
            return False
        ctypes.c_void_p.from_address(mine + slot).value = _word(dicts + slot)
    return True
