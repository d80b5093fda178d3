"""Machine code kept on disk, so that a process does not compile again what
an earlier one did (a gateway's workers, a script run twice).

LLVM takes 50-150 ms to optimise and compile one module, where LuaJIT
takes microseconds; the runtime module alone (lower_runtime.py) costs as
much as a short script. A module's text names every address that differs
between processes by a symbol (lower_table.bound), so the same Lua code
gives the same text in every process, and its object code, keyed by a
digest of that text and of the toolchain, can be linked again as it is.

Where: $MOONGATE_JIT_CACHE, or $XDG_CACHE_HOME/moongate/jit (by default
~/.cache/moongate/jit); `MOONGATE_JIT_CACHE=off` turns the cache off. The
directory is made private to the user; one that others can write to is
not used (its code would run in this process). Each entry carries the
digest of its bytes: a truncated or altered file is a miss, never loaded.
Entries are written whole (a temporary file renamed), so processes that
share the directory never see half of one, and the oldest are removed
past MAX_BYTES.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

MAGIC = b"MGJIT\x00\x00\x01"       # changes with the layout of an entry
MAX_BYTES = 64 << 20
DIGEST = 32


def default_directory() -> Path | None:
    """The cache's directory as the environment says; None when off."""
    where = os.environ.get("MOONGATE_JIT_CACHE")
    if where is not None:
        return None if where.strip().lower() in ("", "off", "0", "no") else Path(where)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):         # unset, or relative: XDG says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    # no home at all (expanduser leaves "~"): no cache rather than one in the cwd
    return Path(base) / "moongate" / "jit" if os.path.isabs(base) else None


class CodeCache:
    """Object code by key, in one directory; every failure is a miss."""

    def __init__(self, directory: Path | None, toolchain: str) -> None:
        self.directory = directory if directory is not None and _private(directory) else None
        # what else decides the machine code of a text: LLVM, the CPU, Python's ABI
        self.toolchain = f"{toolchain}|{sys.version}|{MAGIC.hex()}"

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.toolchain}\n{text}".encode()).hexdigest()[:32]

    def load(self, key: str) -> bytes | None:
        if self.directory is None:
            return None
        try:
            data = (self.directory / key).read_bytes()
        except OSError:
            return None
        head, digest, code = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + DIGEST], \
            data[len(MAGIC) + DIGEST:]
        if head != MAGIC or hashlib.sha256(code).digest() != digest:
            return None
        return code

    def store(self, key: str, code: bytes) -> None:
        if self.directory is None:
            return
        import tempfile         # only to write: a run that only loads spares its ~7 ms import
        try:
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".new-")
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + hashlib.sha256(code).digest() + code)
            os.replace(tmp, self.directory / key)
            self._trim()
        except OSError:
            pass                # a full or read-only disk: the code still runs

    def _trim(self) -> None:
        """Remove the oldest entries while the directory holds more than MAX_BYTES."""
        entries = []
        for p in self.directory.iterdir():
            try:
                st = p.stat()
            except OSError:
                continue
            entries.append((st.st_mtime, st.st_size, p))
        total = sum(size for _, size, _ in entries)
        for _, size, p in sorted(entries):
            if total <= MAX_BYTES:
                break
            p.unlink(missing_ok=True)
            total -= size


def _private(directory: Path) -> bool:
    """Make the directory if it is missing; whether only this user can write to it."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = directory.stat()
    except OSError:
        return False
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))
