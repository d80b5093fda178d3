"""Linking cached object code without LLVM (luavm/jit/objload.py): the
code it places runs as MCJIT's would, what it cannot place is refused
(and then linked by MCJIT), and a process that finds its regions in the
cache never loads LLVM."""
from __future__ import annotations

import ctypes
import struct

import pytest
from llvmlite import ir

from luavm.jit import engine, objload

pytestmark = pytest.mark.skipif(objload.host() is None, reason="objload links x86-64 Linux objects")

D, I64 = ir.DoubleType(), ir.IntType(64)


def sample_module() -> ir.Module:
    """A module with what regions hold: a constant pool (a double), zeroed
    data, a call through a bound symbol, a call of the process's libm
    (cbrt, resolved as MCJIT would), a call between its functions.
    `scaled(x)` is x * 2.5 + bound(7) + cbrt(x^3) + the calls before it."""
    module = ir.Module(name="sample")
    module.triple = objload.TRIPLE
    calls = ir.GlobalVariable(module, ir.ArrayType(I64, 4), "calls")
    calls.linkage = "internal"
    calls.initializer = ir.Constant(ir.ArrayType(I64, 4), None)
    bound = ir.Function(module, ir.FunctionType(I64, [I64]), "sample_bound")
    cbrt = ir.Function(module, ir.FunctionType(D, [D]), "cbrt")
    helper = ir.Function(module, ir.FunctionType(D, [D]), "sample_helper")
    b = ir.IRBuilder(helper.append_basic_block())
    b.ret(b.fmul(helper.args[0], ir.Constant(D, 2.5)))
    fn = ir.Function(module, ir.FunctionType(D, [D]), "sample_scaled")
    b = ir.IRBuilder(fn.append_basic_block())
    x = fn.args[0]
    slot = b.gep(calls, [ir.Constant(ir.IntType(32), 0), ir.Constant(ir.IntType(32), 1)])
    before = b.load(slot)
    b.store(b.add(before, ir.Constant(I64, 1)), slot)
    extra = b.sitofp(b.add(b.call(bound, [ir.Constant(I64, 7)]), before), D)
    root = b.call(cbrt, [b.fmul(b.fmul(x, x), x)])
    b.ret(b.fadd(b.fadd(b.call(helper, [x]), extra), root))
    return module


BOUND = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int64)(lambda n: n * 1000)
SCALED = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)


def scaled(eng: engine.Engine):
    """The sample's `scaled` through a fresh engine (sample_bound bound),
    and the optimised IR (None: it came from the cache)."""
    eng.bind("sample_bound", ctypes.cast(BOUND, ctypes.c_void_p).value)
    module = sample_module()
    (address,), ir_text, _ = eng.compile_region(None, lambda: module, ["sample_scaled"],
                                                1 << 30, [], None)
    return SCALED(address), ir_text


def compiled(tmp_path, monkeypatch) -> bytes:
    """The sample's object code, compiled by LLVM into a cache in tmp_path
    (which later engines of the test use)."""
    monkeypatch.setenv("MOONGATE_JIT_CACHE", str(tmp_path / "cache"))
    fn, ir_text = scaled(engine.Engine())
    assert ir_text is not None and fn(2.0) == 7007.0
    (entry,) = (tmp_path / "cache").iterdir()
    return entry.read_bytes()[40:]


def test_cached_code_runs_without_llvm(tmp_path, monkeypatch) -> None:
    compiled(tmp_path, monkeypatch)
    eng = engine.Engine()
    fn, ir_text = scaled(eng)
    assert ir_text is None and eng.compiler is None and len(eng.linked) == 1
    assert fn(2.0) == 7007.0
    assert fn(-4.0) == 6987.0


def test_an_object_objload_refuses_is_linked_by_mcjit(tmp_path, monkeypatch) -> None:
    compiled(tmp_path, monkeypatch)

    def refuse(code, resolve):
        raise objload.Refused("for the test")
    monkeypatch.setattr(objload, "link", refuse)
    eng = engine.Engine()
    fn, ir_text = scaled(eng)
    assert ir_text is None and eng.compiler is not None and eng.linked == []
    assert fn(2.0) == 7007.0


def test_an_unresolved_symbol_is_refused(tmp_path, monkeypatch) -> None:
    code = compiled(tmp_path, monkeypatch)
    with pytest.raises(objload.Refused, match="unknown symbol"):
        objload.link(code, lambda name: None)


def test_what_is_not_an_x86_64_relocatable_object_is_refused(tmp_path, monkeypatch) -> None:
    code = compiled(tmp_path, monkeypatch)
    bound = ctypes.cast(BOUND, ctypes.c_void_p).value
    objload.link(code, {"sample_bound": bound}.get)
    for at, value in ((18, 183), (16, 3)):          # e_machine aarch64; e_type shared object
        changed = bytearray(code)
        struct.pack_into("<H", changed, at, value)
        with pytest.raises(objload.Refused, match="not an x86-64 relocatable object"):
            objload.link(bytes(changed), {"sample_bound": bound}.get)


def test_an_unknown_relocation_type_is_refused(tmp_path, monkeypatch) -> None:
    code = compiled(tmp_path, monkeypatch)
    changed = bytearray(code)
    shoff, shentsize, shnum = (struct.unpack_from("<Q", code, 40)[0],
                               *struct.unpack_from("<HH", code, 58))
    for i in range(shnum):
        kind, offset = struct.unpack_from("<I", code, shoff + i * shentsize + 4)[0], \
            struct.unpack_from("<Q", code, shoff + i * shentsize + 24)[0]
        if kind == 4:                                   # SHT_RELA: its first entry's type
            info = struct.unpack_from("<Q", code, offset + 8)[0]
            struct.pack_into("<Q", changed, offset + 8, (info >> 32 << 32) | 37)
            break
    with pytest.raises(objload.Refused, match="relocation type 37"):
        objload.link(bytes(changed), {"sample_bound": ctypes.cast(BOUND, ctypes.c_void_p).value}.get)
