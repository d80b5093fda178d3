"""Moongate's C helpers: small self-written C (base64, md5, sha1, hmac-sha1,
crc32, uri escaping, regex over PCRE2), compiled by cffi into the extension
module `gateway._helpers` when the package installs (build.py says how to
build it in place, for a source tree without an install).

Python code calls them as `from gateway.csrc import ffi, lib`. The Lua ffi
reaches the same functions by name in the module's shared object, whose
path library_path() gives; mg_ffi.h declares them all.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["HEADER", "buffer", "ffi", "lib", "library_path"]

try:
    from .._helpers import ffi, lib
except ImportError as exc:     # a source tree nobody built the module in
    raise ImportError(
        "gateway._helpers (Moongate's C helpers) is not built: run `make install`, "
        "or `python3 gateway/csrc/build.py` to build it in this source tree") from exc

HEADER = Path(__file__).resolve().parent / "mg_ffi.h"

# One scratch buffer per process for the helpers' output, as resty.core's
# get_string_buf: results are copied out of it at once, no greenlet can
# switch inside a C call, and only the worker's thread runs the ngx API.
SCRATCH_SIZE = 4096
_scratch = ffi.new("unsigned char[]", SCRATCH_SIZE)


def buffer(size: int):
    """An output buffer of at least size bytes: the shared scratch buffer
    when it is big enough, else a fresh one (freed with its last use)."""
    return _scratch if size <= SCRATCH_SIZE else ffi.new("unsigned char[]", size)


def library_path() -> str:
    """The shared object holding the mg_ffi_* functions, for dlopen."""
    from .. import _helpers
    return _helpers.__file__
