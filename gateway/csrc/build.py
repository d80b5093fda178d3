"""The cffi build of `gateway._helpers`: every gateway/csrc/*.c in one
extension module, declared by gateway/csrc/mg_ffi.h.

setup.py names `ffibuilder` in `cffi_modules`, so `pip install .` and the
editable `pip install -e .` (`make install`) compile it. For the developer
loop without a virtualenv, build it in place with the Python that runs the
tests (it writes gateway/_helpers.*.so; the objects go to build/cffi/):

    python3 gateway/csrc/build.py

This file runs in the build environment (pip's isolated one, or cffi's
setuptools hook executing it): it imports nothing of Moongate.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HEADER = HERE / "mg_ffi.h"
MODULE = "gateway._helpers"
# PCRE2's runtime library by its soname: Debian ships it by default, but the
# unversioned libpcre2-8.so link that a plain -lpcre2-8 needs comes only with
# the -dev package. regex.c declares the PCRE2 functions it calls itself.
LIBRARIES = [":libpcre2-8.so.0"]
# The Lua ffi dlopens the module and resolves mg_ffi_* by name, so they must
# stay exported whatever CFLAGS the Python build brings along.
COMPILE_ARGS = ["-fvisibility=default"]

# `#define NAME 123` (or 0x.., or negative): the one preprocessor line cffi's
# cdef understands; other directives (include guard, #include) are dropped.
_CONSTANT = re.compile(r"#\s*define\s+\w+\s+-?(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*(?:/\*.*\*/)?\s*$")


def cdef_source(header: str) -> str:
    """The text of mg_ffi.h as cffi's cdef takes it."""
    lines = []
    for line in header.splitlines():
        if line.lstrip().startswith("#") and not _CONSTANT.match(line.strip()):
            line = ""   # blank, not removed: cdef errors keep the header's line numbers
        lines.append(line)
    return "\n".join(lines) + "\n"


def make_builder(absolute: bool = False) -> FFI:
    """The FFI builder. setuptools wants source paths relative to the project
    root (its working directory); FFI.compile changes directory to its
    tmpdir, so the stand-alone build passes absolute ones."""
    def path(p: Path) -> str:
        return str(p) if absolute else os.path.relpath(p)

    builder = FFI()
    builder.cdef(cdef_source(HEADER.read_text()))
    builder.set_source(
        MODULE,
        '#include "mg_ffi.h"\n',
        sources=[path(p) for p in sorted(HERE.glob("*.c"))],
        include_dirs=[str(HERE)],
        libraries=LIBRARIES,
        extra_compile_args=COMPILE_ARGS,
        depends=[path(HEADER)],
        # the interpreter's own suffix (_helpers.cpython-311-...so), not
        # cffi's default abi3 one: the editable install and the stand-alone
        # build then write the same file, the one `make install` checks
        py_limited_api=False,
    )
    return builder


# what setup.py's cffi_modules names
ffibuilder = make_builder()


def build_in_place(verbose: bool = False) -> Path:
    """Compile the module into build/cffi/ and put the .so next to the
    gateway package sources; returns its path."""
    tmpdir = ROOT / "build" / "cffi"
    built = Path(make_builder(absolute=True).compile(tmpdir=str(tmpdir), verbose=verbose))
    target = ROOT / "gateway" / built.name
    # a copy then a rename: a process that has the old .so mapped keeps it intact
    partial = target.with_name(target.name + ".tmp")
    shutil.copy2(built, partial)
    os.replace(partial, target)
    return target


if __name__ == "__main__":
    print(build_in_place(verbose="-v" in sys.argv[1:]))
