"""Linking cached object code without LLVM (x86-64 Linux).

A process that finds every region in the code cache (codecache.py) need
not load LLVM at all: importing llvmlite's binding (the LLVM shared
library and its Python wrapper) takes ~50 ms, as long as a short script
runs. The objects LLVM makes for the JIT (code model large, no PIC) are
simple: code and constants, zeroed data, and 64-bit absolute relocations
against the module's own sections and the symbols the engine binds. This
module maps such an object into memory and relocates it, as MCJIT's
RuntimeDyld would; whatever it does not know (another relocation, a
common or TLS symbol, a constructor) makes it refuse, and the engine then
hands the object to MCJIT instead.

Code and read-only data go in one mapping, made read and execute once
relocated; writable data in another. Mappings are never freed, as MCJIT
never frees code: the engine bounds how much is made.
"""
from __future__ import annotations

import ctypes
import mmap
import os
import struct
import sys
from typing import Callable

_HEADER = struct.Struct("<16sHHIQQQIHHHHHH")
_SECTION = struct.Struct("<IIQQQQIIQQ")
_SYMBOL = struct.Struct("<IBBHQQ")
_RELA = struct.Struct("<QQq")

_SHT_PROGBITS, _SHT_SYMTAB, _SHT_RELA, _SHT_NOBITS, _SHT_REL = 1, 2, 4, 8, 9
_SHF_WRITE, _SHF_ALLOC = 1, 2
_SHN_UNDEF, _SHN_ABS = 0, 0xFFF1
_STB_LOCAL, _STT_SECTION = 0, 3
TRIPLE = "x86_64-unknown-linux-gnu"
_R_X86_64_64, _R_X86_64_PC32, _R_X86_64_PLT32, _R_X86_64_PC64 = 1, 2, 4, 24
# unwind tables: only unwinders read them, and nothing unwinds through regions
_SKIPPED = {".eh_frame"}

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


class Refused(Exception):
    """The object holds something this linker does not handle."""


def host() -> tuple[str, str] | None:
    """The target triple and a description of this machine that decides
    which code runs on it (CPU model and features, llvmlite's version),
    when this linker can be used here: found without loading LLVM."""
    if sys.platform != "linux" or os.uname().machine != "x86_64":
        return None
    try:
        with open("/proc/cpuinfo") as f:
            lines = f.read().split("\n\n")[0].splitlines()
    except OSError:
        return None
    cpu = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    if "flags" not in cpu:
        return None
    import llvmlite          # the package alone: its version, not LLVM
    return TRIPLE, "|".join(
        (cpu.get("model name", ""), cpu["flags"], llvmlite.__version__))


class Linked:
    """An object placed in memory: its global symbols' addresses."""

    def __init__(self, symbols: dict[str, int], maps: list[mmap.mmap]) -> None:
        self.symbols = symbols
        self.maps = maps            # kept: the code lives in them


def link(code: bytes, resolve: Callable[[str], int | None]) -> Linked:
    """Map and relocate an ELF relocatable object; `resolve` gives the
    address of each symbol it leaves undefined (None: look in the
    process). Raises Refused."""
    ident, e_type, machine, *_, shoff, _, _, _, _, shentsize, shnum, shstrndx = \
        _HEADER.unpack_from(code)
    if ident[:7] != b"\x7fELF\x02\x01\x01" or e_type != 1 or machine != 62:
        raise Refused("not an x86-64 relocatable object")
    sections = [_SECTION.unpack_from(code, shoff + i * shentsize) for i in range(shnum)]
    names = _strings(code, sections[shstrndx])
    bases, maps = _place(code, sections, names)
    symbols, exported = _symbols(code, sections, bases, resolve)
    images = {i: bytearray(code[s[4]:s[4] + s[5]]) for i, s in enumerate(sections)
              if i in bases and s[1] != _SHT_NOBITS}
    for s in sections:
        if s[1] == _SHT_RELA and s[7] in bases:
            _relocate(code, s, bases[s[7]], images.get(s[7]), symbols)
        elif s[1] == _SHT_REL:                  # not what LLVM makes here
            raise Refused("REL relocations")
    _write(images, bases, maps)
    return Linked(exported, [m for m, _ in maps])


def _strings(code: bytes, section: tuple) -> Callable[[int], str]:
    table = code[section[4]:section[4] + section[5]]
    return lambda at: table[at:table.index(b"\0", at)].decode()


def _place(code: bytes, sections: list[tuple], names) -> tuple[dict[int, int], list]:
    """Each loaded section's address: read-only ones (code, constants) in
    one mapping, writable ones in another."""
    layout: dict[bool, list[tuple[int, int]]] = {False: [], True: []}
    sizes = {False: 0, True: 0}
    for i, (name, kind, flags, _, _, size, _, _, align, _) in enumerate(sections):
        if not flags & _SHF_ALLOC or names(name) in _SKIPPED:
            continue
        if kind not in (_SHT_PROGBITS, _SHT_NOBITS):
            raise Refused(f"section {names(name)}")
        writable = bool(flags & _SHF_WRITE)
        at = -(-sizes[writable] // max(align, 1)) * max(align, 1)
        layout[writable].append((i, at))
        sizes[writable] = at + size
    bases, maps = {}, []
    for writable in (False, True):
        if not layout[writable]:
            continue
        m = mmap.mmap(-1, max(sizes[writable], 1), mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS,
                      mmap.PROT_READ | mmap.PROT_WRITE)
        base = ctypes.addressof(ctypes.c_char.from_buffer(m))
        maps.append((m, writable))
        for i, at in layout[writable]:
            bases[i] = (base + at, m, at)
    return bases, maps


def _symbols(code: bytes, sections: list[tuple], bases: dict, resolve) -> tuple[list, dict]:
    """Every symbol's address (None where nothing loaded defines it), and
    the global ones the object defines."""
    table = next((s for s in sections if s[1] == _SHT_SYMTAB), None)
    if table is None:
        raise Refused("no symbol table")
    name_of = _strings(code, sections[table[6]])
    addresses, exported = [], {}
    for at in range(table[4], table[4] + table[5], _SYMBOL.size):
        name, info, _, shndx, value, _ = _SYMBOL.unpack_from(code, at)
        if shndx == _SHN_UNDEF:
            address = _resolve(name_of(name), resolve) if name else 0
        elif shndx == _SHN_ABS:
            address = value
        elif shndx in bases:
            address = bases[shndx][0] + value
        elif shndx >= len(sections):        # common, and the like
            raise Refused(f"symbol {name_of(name)}")
        else:
            address = None                  # in a section not loaded (unwind tables)
        if info >> 4 != _STB_LOCAL and shndx != _SHN_UNDEF and address is not None:
            exported[name_of(name)] = address
        addresses.append(address)
    return addresses, exported


def _resolve(name: str, resolve) -> int | None:
    """A symbol the engine binds, else one of the process's own (libc,
    libm: LLVM lowers some intrinsics to calls such as memset), as MCJIT
    resolves them."""
    address = resolve(name)
    if address is None:
        try:
            address = ctypes.cast(getattr(_libc, name), ctypes.c_void_p).value
        except AttributeError:
            return None
    return address


def _relocate(code: bytes, rela: tuple, target: tuple, image: bytearray | None,
              symbols: list) -> None:
    base = target[0]
    for at in range(rela[4], rela[4] + rela[5], _RELA.size):
        offset, info, addend = _RELA.unpack_from(code, at)
        kind, index = info & 0xFFFFFFFF, info >> 32
        symbol = symbols[index] if index < len(symbols) else None
        if symbol is None or image is None:
            raise Refused(f"relocation against an unknown symbol ({index})")
        value = symbol + addend
        if kind == _R_X86_64_64:
            struct.pack_into("<Q", image, offset, value & 0xFFFFFFFFFFFFFFFF)
        elif kind == _R_X86_64_PC64:
            struct.pack_into("<q", image, offset, value - (base + offset))
        elif kind in (_R_X86_64_PC32, _R_X86_64_PLT32):
            delta = value - (base + offset)
            if not -(1 << 31) <= delta < 1 << 31:
                raise Refused("32-bit relocation out of range")
            struct.pack_into("<i", image, offset, delta)
        else:
            raise Refused(f"relocation type {kind}")


def _write(images: dict[int, bytearray], bases: dict, maps: list) -> None:
    for i, image in images.items():
        _, m, at = bases[i]
        m[at:at + len(image)] = image
    for m, writable in maps:
        if not writable:
            address = ctypes.addressof(ctypes.c_char.from_buffer(m))
            if _libc.mprotect(address, len(m), mmap.PROT_READ | mmap.PROT_EXEC) != 0:
                raise Refused(f"mprotect: errno {ctypes.get_errno()}")
