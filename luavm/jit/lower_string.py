"""LLVM IR for Lua strings in native code: Python bytes objects, read in place.

A string is a pointer to its bytes object: its length is ob_size and its
bytes start at ob_sval, NUL-terminated, which is what C gets for a
`const char *` (no copy). A string (ffi.string) or a table (a constructor)
a region makes is a new object, put in the region's *nursery*, a Python
list that owns it: the list is emptied at the start of each turn of a loop
region (typing keeps what a turn made from outliving it: typer._check_fresh)
and by the dispatcher once the region has returned and tier 0 holds what it
needs (site.py).

Layout checked at import: CPython 3.11's PyBytesObject (ob_size at 16, the
bytes at 32) and PyListObject's ob_size.
"""
from __future__ import annotations

import ctypes

from llvmlite import ir

from .lower_table import I64, PTR, api, constant, load_at

I32 = ir.IntType(32)
SIZE = 16           # offsetof(PyVarObject, ob_size): a bytes' or a list's length
SVAL = 32           # offsetof(PyBytesObject, ob_sval)


def _check_layout() -> None:
    probe = b"layout"
    if (ctypes.c_ssize_t.from_address(id(probe) + SIZE).value != len(probe)
            or ctypes.string_at(id(probe) + SVAL, len(probe) + 1) != probe + b"\0"):
        raise RuntimeError("unexpected bytes object layout")
    if ctypes.c_ssize_t.from_address(id([1, 2]) + SIZE).value != 2:
        raise RuntimeError("unexpected list object layout")


_check_layout()


def size(b: ir.IRBuilder, s):
    """The length of a string, as an i64."""
    return load_at(b, s, SIZE, I64)


def length(b: ir.IRBuilder, s):
    """#s, a double."""
    return b.sitofp(size(b, s), ir.DoubleType())


def data(b: ir.IRBuilder, s):
    """The address of a string's bytes (what C receives)."""
    return b.gep(s, [I64(SVAL)])


def _libc(module: ir.Module, name: str, ret, params: list) -> ir.Function:
    fn = module.globals.get(name)
    if fn is None:
        fn = ir.Function(module, ir.FunctionType(ret, params), name)
    return fn


def equal(b: ir.IRBuilder, x, y):
    """x == y on two strings: the same object, or the same length and bytes."""
    same = b.icmp_unsigned("==", x, y)
    n = size(b, x)
    compare = b.and_(b.not_(same), b.icmp_signed("==", n, size(b, y)))
    start = b.block
    bytes_block = b.function.append_basic_block("streq.bytes")
    done = b.function.append_basic_block("streq.done")
    b.cbranch(compare, bytes_block, done)
    b.position_at_end(bytes_block)
    memcmp = _libc(b.module, "memcmp", I32, [PTR, PTR, I64])
    bytes_equal = b.icmp_signed("==", b.call(memcmp, [data(b, x), data(b, y), n]), I32(0))
    b.branch(done)
    b.position_at_end(done)
    result = b.phi(ir.IntType(1))
    result.add_incoming(same, start)
    result.add_incoming(bytes_equal, bytes_block)
    return result


def concat(b: ir.IRBuilder, parts: list, nursery: list) -> tuple:
    """A new string of parts (bytes objects), owned by the nursery:
    (string, made flag) as new's."""
    total = I64(0)
    for p in parts:
        total = b.add(total, size(b, p))
    made_obj = b.call(api(b.module, "PyBytes_FromStringAndSize"), [ir.Constant(PTR, None), total])
    obj, made = keep(b, made_obj, nursery)
    with b.if_then(made):
        memcpy = _libc(b.module, "memcpy", PTR, [PTR, PTR, I64])
        at = data(b, obj)
        for p in parts:
            n = size(b, p)
            b.call(memcpy, [at, data(b, p), n])
            at = b.gep(at, [n])
    return obj, made


def index_arg(b: ir.IRBuilder, x):
    """A number argument as tier 0 takes it (auxlib.check_int): truncated,
    nan and inf as 0; clamped far beyond any length (2^62)."""
    d = ir.DoubleType()
    finite = b.fcmp_ordered("<", b.call(b.module.declare_intrinsic("llvm.fabs", [d]), [x]),
                            d(float("inf")))
    limit = float(1 << 62)
    x = b.select(b.fcmp_ordered(">", x, d(limit)), d(limit), x)
    x = b.select(b.fcmp_ordered("<", x, d(-limit)), d(-limit), x)
    return b.select(finite, b.fptosi(b.select(finite, x, d(0.0)), I64), I64(0))


def slice_bounds(b: ir.IRBuilder, n, start, stop) -> tuple:
    """stdlib/string._slice: 1-based inclusive (negative from the end) as
    (lo, hi) bounds, clamped; empty when lo >= hi."""
    stop = b.select(b.icmp_signed("<", stop, I64(0)), b.add(stop, b.add(n, I64(1))),
                    b.select(b.icmp_signed(">", stop, n), n, stop))
    start = b.select(b.icmp_signed("<", start, I64(0)), b.add(start, b.add(n, I64(1))), start)
    lo = b.select(b.icmp_signed(">", start, I64(0)), b.sub(start, I64(1)), I64(0))
    return lo, stop


def substring(b: ir.IRBuilder, s, lo, hi, nursery: list) -> tuple:
    """s[lo:hi] (empty when lo >= hi), a new string: (string, made flag)."""
    count = b.select(b.icmp_signed("<", lo, hi), b.sub(hi, lo), I64(0))
    start = b.gep(data(b, s), [b.select(b.icmp_signed("<", lo, hi), lo, I64(0))])
    return new(b, start, count, nursery)


def c_length(b: ir.IRBuilder, ptr):
    """strlen of a NUL-terminated C string."""
    return b.call(_libc(b.module, "strlen", I64, [PTR]), [ptr])


def new(b: ir.IRBuilder, ptr, n, nursery: list) -> tuple:
    """A new string of the n bytes at ptr, owned by the nursery: (string,
    made flag). Not made means a Python error is set (no memory)."""
    return keep(b, b.call(api(b.module, "PyBytes_FromStringAndSize"), [ptr, n]), nursery)


def keep(b: ir.IRBuilder, obj, nursery: list) -> tuple:
    """A new object (a new reference, or NULL when making it failed) handed
    to the nursery: (object, kept flag); not kept: a Python error is set."""
    start = b.block
    keep = b.function.append_basic_block("string.keep")
    done = b.function.append_basic_block("string.done")
    b.cbranch(b.icmp_unsigned("!=", obj, ir.Constant(PTR, None)), keep, done)
    b.position_at_end(keep)
    appended = b.call(api(b.module, "PyList_Append"), [constant(b, nursery), obj])
    b.call(api(b.module, "Py_DecRef"), [obj])      # the nursery's reference is the one left
    kept = b.icmp_signed("==", appended, I32(0))
    b.branch(done)
    b.position_at_end(done)
    made = b.phi(ir.IntType(1))
    made.add_incoming(ir.Constant(ir.IntType(1), 0), start)
    made.add_incoming(kept, keep)
    return obj, made


def clear(b: ir.IRBuilder, nursery: list) -> None:
    """Release the strings of the nursery (the start of a new turn)."""
    lst = constant(b, nursery)
    n = size(b, lst)
    with b.if_then(b.icmp_signed(">", n, I64(0))):
        b.call(api(b.module, "PyList_SetSlice"), [lst, I64(0), n, ir.Constant(PTR, None)])
