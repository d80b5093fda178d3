"""Lua's `io` library, as LuaJIT 2.1 has it (5.1 flavour: write returns true).

A Lua file is a `Userdata` whose payload is a `LuaFile` and whose metatable
(one per state) holds the methods in __index, __tostring and __gc. A LuaFile
wraps a Python binary stream and adds what scripts can see of C stdio: one
byte of pushback (scanf's lookahead for "*n"), setvbuf modes, the 'closed'
state, and errors returned as nil, message, errno.

io.stdin, io.stdout and io.stderr do not hold a stream: they look up the
state's `stdin`/`stdout`/`stderr` at each use, because an embedder (or a test)
replaces those after the state is created.

Builtin convention: see auxlib.py. Required arguments default to auxlib's
NOVALUE instead of None so that a missing one is reported as
"got no value", as LuaJIT reports it. Argument numbers are those of a plain
call (f.read(f, x) names x #2), as C Lua's luaL_argerror counts them.
"""
from __future__ import annotations

import errno
import io as _io
import os

from ..auxlib import (
    NOVALUE, arg_error, check_str, lua_error, opt_int, opt_num, opt_str, type_error,
)
from ..value import EMPTY, LuaError, Multi, Table, Userdata, fmt_number

_SPACE = b" \t\n\v\f\r"
_DIGITS = b"0123456789"
_HEXDIGITS = b"0123456789abcdefABCDEF"


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class _Directory(_io.RawIOBase):
    """What fopen gives for a directory opened to read: reading fails (EISDIR)."""

    def readable(self) -> bool:
        return True

    def readinto(self, b):
        raise _oserror(errno.EISDIR)


# -- files -----------------------------------------------------------------

class LuaFile:
    """An open or closed file as Lua sees it. Methods raise OSError on failure."""
    __slots__ = ("_stream", "readable", "writable", "kind", "proc", "pending", "vbuf", "closed")

    def __init__(self, stream, readable: bool, writable: bool, kind: str = "file", proc=None) -> None:
        self._stream = stream
        self.readable = readable
        self.writable = writable
        self.kind = kind            # "file", "pipe" (popen) or "std"
        self.proc = proc            # the popen child
        self.pending = b""          # a byte read ahead and pushed back (ungetc)
        self.vbuf = b"full"         # setvbuf mode: "no", "line" or "full"
        self.closed = False

    def stream(self):
        return self._stream

    # -- reading --
    def _need_read(self) -> None:
        if not self.readable:
            raise _oserror(errno.EBADF)

    def getc(self) -> bytes:
        """One byte, or b"" at end of file."""
        p = self.pending
        if p:
            self.pending = b""
            return p
        return self.stream().read(1) or b""

    def ungetc(self, c: bytes) -> None:
        self.pending = c

    def read_line(self, keep_newline: bool):
        """The next line ("*l"/"*L"), or None at end of file."""
        self._need_read()
        p = self.pending
        if p:
            self.pending = b""
            line = p if p == b"\n" else p + (self.stream().readline() or b"")
        else:
            line = self.stream().readline()
        if not line:
            return None
        if not keep_newline and line[-1:] == b"\n":
            return line[:-1]
        return line

    def read_all(self) -> bytes:
        """The rest of the file ("*a"): b"" at end of file, never None."""
        self._need_read()
        p = self.pending
        self.pending = b""
        return p + (self.stream().read() or b"")

    def read_chars(self, n: int):
        """Up to n bytes; None at end of file. read(0) only tests for it."""
        self._need_read()
        if n == 0:
            c = self.getc()
            if not c:
                return None
            self.ungetc(c)
            return b""
        p = self.pending
        self.pending = b""
        data = p + (self.stream().read(n - len(p)) or b"") if n > len(p) else p
        return data or None

    def read_number(self):
        """A number as C's fscanf("%lf") reads one, or None.

        What fscanf consumed stays consumed, except the one byte of lookahead
        that ended the number; "1e" and "0x1p" read as 1 (an exponent with
        no digits is dropped), "0x" alone and "." fail.
        """
        self._need_read()
        c = self.getc()
        while c and c in _SPACE:
            c = self.getc()
        buf = bytearray()
        if c in (b"+", b"-"):
            buf += c
            c = self.getc()
        if c and c in b"iInN":
            return self._read_inf_nan(c, buf == b"-")
        digits, hexa, ndigits = _DIGITS, False, 0
        if c == b"0":
            buf += c
            ndigits = 1
            c = self.getc()
            if c in (b"x", b"X"):
                buf += c
                digits, hexa, ndigits = _HEXDIGITS, True, 0
                c = self.getc()
        while c and c in digits:
            buf += c
            ndigits += 1
            c = self.getc()
        if c == b".":
            buf += c
            c = self.getc()
            while c and c in digits:
                buf += c
                ndigits += 1
                c = self.getc()
        if ndigits and c and c in (b"pP" if hexa else b"eE"):
            c = self._read_exponent(c, buf)
        self.ungetc(c)
        if not ndigits:
            return None
        text = buf.decode("ascii")
        return float.fromhex(text) if hexa else float(text)

    def _read_exponent(self, c: bytes, buf: bytearray) -> bytes:
        """Append an exponent to buf (dropped if it has no digits); the next byte."""
        mark = len(buf)
        buf += c
        c = self.getc()
        if c in (b"+", b"-"):
            buf += c
            c = self.getc()
        has_digits = False
        while c and c in _DIGITS:
            buf += c
            has_digits = True
            c = self.getc()
        if not has_digits:
            del buf[mark:]
        return c

    def _read_inf_nan(self, c: bytes, negative: bool):
        """inf, infinity or nan in any case; a mismatching byte is consumed."""
        if c in b"iI":
            if not self._match(c, b"inf"):
                return None
            c = self.getc()
            if c and c in b"iI":
                if not self._match(c, b"inity"):
                    return None
            else:
                self.ungetc(c)
            return -float("inf") if negative else float("inf")
        if not self._match(c, b"nan"):
            return None
        return float("nan")

    def _match(self, c: bytes, word: bytes) -> bool:
        """c (already read) and the bytes after it spell `word`, ignoring case."""
        if c.lower() != word[:1]:
            return False
        for expected in word[1:]:
            if self.getc().lower() != bytes((expected,)):
                return False
        return True

    # -- writing and positioning --
    def write(self, data: bytes) -> None:
        if not self.writable:
            raise _oserror(errno.EBADF)
        if self.pending:
            self._drop_pending()
        stream = self.stream()
        stream.write(data)
        if self.vbuf == b"no" or (self.vbuf == b"line" and b"\n" in data):
            stream.flush()

    def _drop_pending(self) -> None:
        """Before writing or seeking: give the read-ahead byte back to the stream."""
        self.pending = b""
        try:
            self.stream().seek(-1, 1)
        except (OSError, ValueError):
            pass

    def seek(self, whence: int, offset: int) -> int:
        if whence == 1 and self.pending:
            offset -= len(self.pending)
        self.pending = b""
        try:
            return self.stream().seek(offset, whence)
        except _io.UnsupportedOperation:
            raise _oserror(errno.ESPIPE) from None
        except ValueError:          # BytesIO: negative position
            raise _oserror(errno.EINVAL) from None

    def flush(self) -> None:
        stream = self.stream()
        if self.writable and stream is not None:
            stream.flush()

    def close(self) -> None:
        """Close the stream (and wait for a popen child)."""
        self.closed = True
        stream, self._stream = self._stream, None
        try:
            stream.close()
        finally:
            if self.proc is not None:
                self.proc.wait()


class StdFile(LuaFile):
    """io.stdin/stdout/stderr: the state's stream of that name, looked up at each use."""
    __slots__ = ("state", "attr")

    def __init__(self, state, attr: str, readable: bool, writable: bool) -> None:
        super().__init__(None, readable, writable, "std")
        self.state = state
        self.attr = attr

    def stream(self):
        return getattr(self.state, self.attr)


def _to_oserror(exc: Exception) -> OSError:
    """Any failure of a Python stream as the OSError C would have had."""
    if isinstance(exc, OSError) and exc.errno:
        return exc
    return _oserror(errno.EBADF)     # UnsupportedOperation, closed Python stream


def _failure(exc: Exception, name: bytes | None = None) -> Multi:
    """nil, "[name: ]message", errno (luaL_fileresult)."""
    err = _to_oserror(exc)
    msg = (err.strerror or os.strerror(err.errno)).encode()
    if name is not None:
        msg = name + b": " + msg
    return Multi((None, msg, float(err.errno)))


# -- opening ---------------------------------------------------------------

def _fopen_flags(mode: bytes):
    """os.open flags and (readable, writable) for a C fopen mode, or None.

    As glibc: the first byte decides (r, w or a), a '+' within the next six
    makes it read-write, 'x' makes it exclusive, anything else is ignored.
    """
    kind = mode[:1]
    if kind not in (b"r", b"w", b"a"):
        return None
    rest = mode[1:7].split(b"\0")[0]
    plus = b"+" in rest
    flags = {b"r": 0, b"w": os.O_CREAT | os.O_TRUNC, b"a": os.O_CREAT | os.O_APPEND}[kind]
    if plus:
        flags |= os.O_RDWR
    elif kind != b"r":
        flags |= os.O_WRONLY
    if b"x" in rest:
        flags |= os.O_EXCL
    readable = kind == b"r" or plus
    writable = kind != b"r" or plus
    return flags | os.O_CLOEXEC, readable, writable


def open_file(name: bytes, mode: bytes) -> LuaFile:
    """fopen(name, mode) as a LuaFile; raises OSError like fopen fails."""
    parsed = _fopen_flags(mode)
    if parsed is None:
        raise _oserror(errno.EINVAL)
    flags, readable, writable = parsed
    fd = os.open(name, flags, 0o666)
    pymode = "rb+" if readable and writable else ("rb" if readable else "wb")
    try:
        stream = open(fd, pymode)
    except IsADirectoryError:
        os.close(fd)
        stream = _io.BufferedReader(_Directory())
    return LuaFile(stream, readable, writable)


def _popen_mode(mode: bytes):
    """(reading?) for a glibc popen mode ("r", "w", optionally "e"), or None."""
    if mode.count(b"r") + mode.count(b"w") != 1 or mode.strip(b"rwe"):
        return None
    return b"r" in mode


# -- reading and writing with Lua's arguments ------------------------------

def _read_values(f: LuaFile, fmts: tuple, argbase: int, fname: str) -> list:
    """Read each format in turn; stop after the first that yields nil.
    Raises OSError (or ValueError from a closed Python stream) on failure."""
    if not fmts:
        return [f.read_line(False)]
    out = []
    for n, fmt in enumerate(fmts, argbase):
        v = _read_one(f, fmt, n, fname)
        out.append(v)
        if v is None:
            break
    return out


def _read(f: LuaFile, fmts: tuple, argbase: int, fname: str):
    """file:read / io.read: the values, or nil, message, errno."""
    try:
        out = _read_values(f, fmts, argbase, fname)
    except (OSError, ValueError) as exc:
        return _failure(exc)
    return out[0] if len(out) == 1 else Multi(out)


def _read_one(f: LuaFile, fmt, n: int, fname: str):
    if fmt.__class__ is float:
        count = int(fmt) if fmt - fmt == 0.0 else (0 if fmt != fmt else -1)
        if count < 0:
            raise LuaError(b"not enough memory")   # LuaJIT asks for a huge buffer
        return f.read_chars(count)
    if fmt.__class__ is not bytes:
        raise arg_error(n, fname, "invalid option")
    spec = fmt[1:2] if fmt[:1] == b"*" else fmt[:1]    # the '*' is optional in LuaJIT
    if spec == b"n":
        return f.read_number()
    if spec == b"l":
        return f.read_line(False)
    if spec == b"L":
        return f.read_line(True)
    if spec == b"a":
        return f.read_all()
    raise arg_error(n, fname, "invalid format")


def _write(f: LuaFile, vals: tuple, argbase: int, fname: str):
    """Write strings and numbers (as tostring shows them); true or a failure.

    The values go out in one write; those before a bad argument are written
    before its error is raised, as LuaJIT writes them one by one.
    """
    parts = []
    bad = None
    for n, v in enumerate(vals, argbase):
        if v.__class__ is bytes:
            parts.append(v)
        elif v.__class__ is float:
            parts.append(fmt_number(v))
        else:
            bad = n, v
            break
    result = True
    data = parts[0] if len(parts) == 1 else b"".join(parts)
    try:
        if data:                # fwrite of nothing succeeds, even on stdin
            f.write(data)
    except (OSError, ValueError) as exc:
        result = _failure(exc)
    if bad is not None:
        raise type_error(bad[0], fname, "string", bad[1])
    return result


def _close(f: LuaFile):
    if f.kind == "std":
        return Multi((None, b"cannot close standard file"))
    try:
        f.close()
    except (OSError, ValueError) as exc:
        return _failure(exc)
    return True


# -- file methods ----------------------------------------------------------

def _payload(v):
    """The LuaFile of a file userdata, or None."""
    if v.__class__ is Userdata and isinstance(v.payload, LuaFile):
        return v.payload
    return None


def _checkfile(v, fname: str) -> LuaFile:
    """Argument 1 of a method: an open file."""
    f = _payload(v)
    if f is None:
        raise type_error(1, fname, "FILE*", v)
    if f.closed:
        raise lua_error("attempt to use a closed file")
    return f


def f_read(fh=NOVALUE, *fmts):
    return _read(_checkfile(fh, "read"), fmts, 2, "read")


def f_write(fh=NOVALUE, *vals):
    return _write(_checkfile(fh, "write"), vals, 2, "write")


def f_lines(fh=NOVALUE, *fmts):
    _checkfile(fh, "lines")
    return _lines_iterator(fh, fmts, False)


def f_close(fh=NOVALUE, *_):
    return _close(_checkfile(fh, "close"))


def f_flush(fh=NOVALUE, *_):
    f = _checkfile(fh, "flush")
    try:
        f.flush()
    except (OSError, ValueError) as exc:
        return _failure(exc)
    return True


_WHENCE = {b"set": 0, b"cur": 1, b"end": 2}


def f_seek(fh=NOVALUE, whence=None, offset=None, *_):
    f = _checkfile(fh, "seek")
    name = opt_str(whence, 2, "seek", b"cur")
    how = _WHENCE.get(name)
    if how is None:
        raise arg_error(2, "seek", f"invalid option '{name.decode('latin-1')}'")
    off = opt_num(offset, 3, "seek", 0.0)
    try:
        if off - off != 0.0:
            raise _oserror(errno.EINVAL)      # (long)inf: an offset fseek refuses
        return float(f.seek(how, int(off)))
    except (OSError, ValueError) as exc:
        return _failure(exc)


_VBUF_MODES = (b"no", b"full", b"line")


def f_setvbuf(fh=NOVALUE, mode=NOVALUE, size=None, *_):
    """Python streams keep their buffer; "no" and "line" flush after writes."""
    f = _checkfile(fh, "setvbuf")
    name = check_str(mode, 2, "setvbuf")
    if name not in _VBUF_MODES:
        raise arg_error(2, "setvbuf", f"invalid option '{name.decode('latin-1')}'")
    opt_int(size, 3, "setvbuf", 0)
    f.vbuf = name
    return True


def f_tostring(fh=NOVALUE, *_) -> bytes:
    f = _payload(fh)
    if f is None:
        raise type_error(1, "__tostring", "FILE*", fh)
    if f.closed:
        return b"file (closed)"
    return b"file (0x%08x)" % id(fh)


def f_gc(fh=None, *_):
    """Collecting an open file closes it (never a standard one)."""
    f = _payload(fh)
    if f is not None and not f.closed and f.kind != "std":
        try:
            f.close()
        except (OSError, ValueError):
            pass
    return EMPTY


def _lines_iterator(fh: Userdata, fmts: tuple, autoclose: bool):
    """The iterator of io.lines / file:lines; io.lines(name) closes at the end."""
    def iterate(*_):
        f = fh.payload
        if f.closed:
            raise lua_error("attempt to use a closed file")
        try:
            out = _read_values(f, fmts, 1, "(for generator)")
        except (OSError, ValueError) as exc:
            raise lua_error(_failure(exc)[1].decode("latin-1")) from None
        if out[0] is None and autoclose:
            _close(f)
            return EMPTY
        return out[0] if len(out) == 1 else Multi(out)
    return iterate


# -- the io table ----------------------------------------------------------

class IoLib:
    """One state's io: its file metatable, standard files and default files."""

    def __init__(self, state) -> None:
        self.state = state
        self.meta = Table({
            b"read": f_read, b"write": f_write, b"lines": f_lines, b"close": f_close,
            b"flush": f_flush, b"seek": f_seek, b"setvbuf": f_setvbuf,
            b"__tostring": f_tostring, b"__gc": f_gc,
        })
        self.meta[b"__index"] = self.meta
        self.stdin = self.wrap(StdFile(state, "stdin", True, False))
        self.stdout = self.wrap(StdFile(state, "stdout", False, True))
        self.stderr = self.wrap(StdFile(state, "stderr", False, True))
        self.input = self.stdin
        self.output = self.stdout

    def wrap(self, f: LuaFile) -> Userdata:
        return Userdata(self.meta, f)

    def _default(self, which: str) -> LuaFile:
        """The default input or output file, which must be open."""
        f = getattr(self, which).payload
        if f.closed:
            raise lua_error("standard file is closed")
        return f

    # -- io.* functions --
    def open(self, name=NOVALUE, mode=None, *_):
        fname = check_str(name, 1, "open")
        m = opt_str(mode, 2, "open", b"r")
        try:
            return self.wrap(open_file(fname, m))
        except OSError as exc:
            return _failure(exc, fname)

    def read(self, *fmts):
        return _read(self._default("input"), fmts, 1, "read")

    def write(self, *vals):
        return _write(self._default("output"), vals, 1, "write")

    def lines(self, name=None, *fmts):
        if name is None:
            return _lines_iterator(self.input, fmts, False)
        fname = check_str(name, 1, "lines")
        try:
            fh = self.wrap(open_file(fname, b"r"))
        except OSError as exc:
            raise arg_error(1, "lines", _failure(exc, fname)[1].decode("latin-1")) from None
        return _lines_iterator(fh, fmts, True)

    def close(self, fh=None, *_):
        if fh is None:
            fh = self.output
        return _close(_checkfile(fh, "close"))

    def flush(self, *_):
        f = self._default("output")
        try:
            f.flush()
        except (OSError, ValueError) as exc:
            return _failure(exc)
        return True

    def _set_default(self, which: str, fname: str, mode: bytes, x):
        if x is not None:
            f = _payload(x)
            if f is not None:
                if f.closed:
                    raise lua_error("attempt to use a closed file")
                setattr(self, which, x)
            else:
                name = check_str(x, 1, fname)
                try:
                    setattr(self, which, self.wrap(open_file(name, mode)))
                except OSError as exc:
                    raise arg_error(1, fname, _failure(exc, name)[1].decode("latin-1")) from None
        return getattr(self, which)

    def input_(self, x=None, *_):
        return self._set_default("input", "input", b"r", x)

    def output_(self, x=None, *_):
        return self._set_default("output", "output", b"w", x)

    def type_(self, x=NOVALUE, *_):
        if x is NOVALUE:
            raise arg_error(1, "type", "value expected")
        f = _payload(x)
        if f is None:
            return None
        return b"closed file" if f.closed else b"file"

    def popen(self, cmd=NOVALUE, mode=None, *_):
        command = check_str(cmd, 1, "popen")
        m = opt_str(mode, 2, "popen", b"r")
        reading = _popen_mode(m)
        if reading is None:
            return _failure(_oserror(errno.EINVAL), command)
        self._flush_std()           # keep the script's output before the child's
        import subprocess           # here: ~3.5 ms of every start-up otherwise
        try:
            if reading:
                proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE)
                stream = proc.stdout
            else:
                proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
                stream = proc.stdin
        except OSError as exc:
            return _failure(exc, command)
        return self.wrap(LuaFile(stream, reading, not reading, "pipe", proc))

    def tmpfile(self, *_):
        import tempfile             # here: start-up cost, as subprocess
        try:
            stream = tempfile.TemporaryFile("w+b")
        except OSError as exc:
            return _failure(exc)
        return self.wrap(LuaFile(stream, True, True))

    def _flush_std(self) -> None:
        for name in ("stdout", "stderr"):
            try:
                getattr(self.state, name).flush()
            except (AttributeError, OSError, ValueError):
                pass

    def table(self) -> Table:
        return Table({
            b"open": self.open, b"read": self.read, b"write": self.write,
            b"lines": self.lines, b"close": self.close, b"flush": self.flush,
            b"input": self.input_, b"output": self.output_, b"type": self.type_,
            b"popen": self.popen, b"tmpfile": self.tmpfile,
            b"stdin": self.stdin, b"stdout": self.stdout, b"stderr": self.stderr,
        })


def open_lib(state) -> Table:
    """The `io` table of a state."""
    return IoLib(state).table()
