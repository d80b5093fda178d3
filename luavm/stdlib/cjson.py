"""lua-cjson as OpenResty ships it (2.1.0.x): `require "cjson"` and
`require "cjson.safe"`, registered in package.preload by `preload(state)`.

Not one of the default libraries (LuaJIT has no cjson): the gateway opens it,
as OpenResty bundles it. Behaviour is the C module's, checked against
lua-cjson 2.1.0 under luajit, plus OpenResty's additions (empty_array,
array_mt, empty_array_mt, encode_empty_table_as_object,
decode_array_with_array_mt, encode_escape_forward_slash, a precision of up
to 16 digits, "NaN"/"Infinity" for invalid numbers):

- encode: numbers with "%.<precision>g" (C's printf, which Python's %-format
  matches digit for digit), strings escaped byte by byte (control bytes as
  \\u00XX except \\b \\t \\n \\f \\r, `"`, `\\`, DEL, and `/` as `\\/` unless
  turned off), a table is an array when every key is an integer >= 1 and it
  is not too sparse, else an object whose number keys are quoted.
- decode: lua-cjson's own tokenizer (strtod numbers, so hex, inf and nan
  when decode_invalid_numbers is on; a NUL byte ends the text), its error
  texts ("Expected value but found invalid token at character 1"), JSON
  null as cjson.null, \\u escapes (surrogate pairs included) to UTF-8.

Errors are luaL_error's: positioned at the calling Lua code. cjson.safe
returns `nil, message` instead, the message then without position, as the
real module runs the conversion under lua_pcall from C.

Speed: encoding is a few closures built once per setting change (settings
are read when the encoder is built, not per value); decoding first tries
Python's json module, whose grammar is a subset of lua-cjson's with the
same values, and falls back to the exact tokenizer for anything it rejects
(that fallback also produces every error message).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from itertools import accumulate, repeat

from ..auxlib import arg_error, check_int, check_str, lua_error, type_error
from ..value import BoolKey, LightUserdata, Multi, Table, Userdata, type_name

NAME = b"cjson"
VERSION = b"2.1.0.10"      # the OpenResty release this module follows

INT_MAX = 2147483647
DEFAULT_DEPTH = 1000
MAX_PRECISION = 16         # OpenResty's limit (mpx's is 14)
KEY_CACHE_SIZE = 4096      # escaped object keys kept per encoder


class CJsonError(Exception):
    """A conversion failed: lua-cjson's message, not yet positioned."""


class Shared:
    """What every cjson instance of one Lua state shares: the null and
    empty_array light userdata and the two marker metatables (compared by
    identity, so they must be the same objects in cjson, cjson.safe and
    every cjson.new())."""
    __slots__ = ("null", "empty_array", "array_mt", "empty_array_mt")

    def __init__(self, null: Userdata | None = None) -> None:
        # In OpenResty cjson.null and ngx.null are both the NULL light
        # userdata, hence equal: the gateway passes its ngx.null here.
        self.null = LightUserdata(0) if null is None else null
        self.empty_array = LightUserdata(id(self))
        self.array_mt = Table()
        self.empty_array_mt = Table()


class Config:
    """One instance's settings (lua-cjson's json_config_t), defaults as in C."""

    def __init__(self, shared: Shared) -> None:
        self.shared = shared
        self.encode_sparse_convert = 0
        self.encode_sparse_ratio = 2
        self.encode_sparse_safe = 10
        self.encode_max_depth = DEFAULT_DEPTH
        self.encode_invalid_numbers = 0      # 0 off, 1 on, 2 "null"
        self.encode_number_precision = 14
        self.encode_keep_buffer = 1
        self.encode_empty_table_as_object = 1
        self.encode_escape_forward_slash = 1
        self.decode_invalid_numbers = 1
        self.decode_max_depth = DEFAULT_DEPTH
        self.decode_array_with_array_mt = 0
        self._encoder = None
        self._decoder = None

    def changed(self) -> None:
        """Settings changed: the closures built from them are stale."""
        self._encoder = None
        self._decoder = None

    def encoder(self) -> Callable[[object], bytes]:
        enc = self._encoder
        if enc is None:
            enc = self._encoder = make_encoder(self)
        return enc

    def decoder(self) -> Decoder:
        dec = self._decoder
        if dec is None:
            dec = self._decoder = Decoder(self)
        return dec


# -- encoding -----------------------------------------------------------------------

def _escape_table(forward_slash: bool) -> dict:
    """str.translate table (over latin-1 text) of lua-cjson's char2escape."""
    table = {i: "\\u%04x" % i for i in range(32)}
    table.update({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r",
                  34: '\\"', 92: "\\\\", 127: "\\u007f"})
    if forward_slash:
        table[47] = "\\/"
    return table


_NEEDS_ESCAPE = re.compile(rb'[\x00-\x1f"\\/\x7f]')
_NEEDS_ESCAPE_NO_SLASH = re.compile(rb'[\x00-\x1f"\\\x7f]')


def make_encoder(cfg: Config) -> Callable[[object], bytes]:
    """encode(value) -> bytes for the settings of cfg; raises CJsonError.

    Tables return their text (joined per table) rather than appending to one
    buffer: list comprehensions over a table's values, with strings and
    numbers dispatched inline, are the fastest loop CPython offers here.
    """
    shared = cfg.shared
    null, empty_array = shared.null, shared.empty_array
    array_mt, empty_array_mt = shared.array_mt, shared.empty_array_mt
    max_depth = cfg.encode_max_depth
    sparse_convert = cfg.encode_sparse_convert
    ratio, safe = cfg.encode_sparse_ratio, cfg.encode_sparse_safe
    empty_as_object = cfg.encode_empty_table_as_object
    invalid_numbers = cfg.encode_invalid_numbers
    precision = cfg.encode_number_precision
    fmt = b"%%.%dg" % precision
    int_bound = 10.0 ** precision          # integers below it print as %d does
    plain = needs_escape = (_NEEDS_ESCAPE if cfg.encode_escape_forward_slash
                            else _NEEDS_ESCAPE_NO_SLASH).search
    escapes = _escape_table(bool(cfg.encode_escape_forward_slash))
    keys: dict = {}                         # object key -> b'"key":'
    key_of = keys.get
    small_ranges = _SMALL_RANGES
    get = dict.get
    items = dict.items

    def string(s: bytes) -> bytes:
        if needs_escape(s) is None:
            return b'"' + s + b'"'
        return b'"' + s.decode("latin-1").translate(escapes).encode("latin-1") + b'"'

    def number(x: float) -> bytes:
        if -int_bound < x < int_bound and x.is_integer():
            if x == 0.0 and math.copysign(1.0, x) < 0.0:
                return b"-0"
            return b"%d" % x
        if x - x == 0.0:                   # finite
            return fmt % x
        if invalid_numbers == 0:
            raise CJsonError("Cannot serialise number: must not be NaN or Infinity")
        if invalid_numbers == 2:
            return b"null"
        if x != x:
            return b"NaN"
        return b"Infinity" if x > 0 else b"-Infinity"

    def key(k) -> bytes:
        cls = k.__class__
        if cls is bytes:
            if len(keys) >= KEY_CACHE_SIZE:
                keys.clear()
            out = keys[k] = string(k) + b":"
            return out
        if cls is float:
            return b'"' + number(k) + b'":'
        what = "boolean" if cls is BoolKey else type_name(k)
        raise CJsonError(f"Cannot serialise {what}: table key must be a number or string")

    def array_length(t: Table, n: int) -> int:
        """The array size of t (n fields, not a dense 1..n array), or -1 when
        it must be an object: lua-cjson's lua_array_length, sparse rules
        included."""
        top = 0
        for k in t:
            if k.__class__ is float and k >= 1.0 and k.is_integer():
                if k > top:
                    # C keeps the maximum in an int: keys past INT_MAX
                    # overflow it (to INT_MIN on x86), making an object
                    top = int(k) if k <= INT_MAX else -INT_MAX - 1
                continue
            return -1
        if ratio > 0 and top > n * ratio and top > safe:
            if not sparse_convert:
                raise CJsonError("Cannot serialise table: excessively sparse array")
            return -1
        return top

    def value(v, depth: int) -> bytes:
        """Any value but a string or a number (those are dispatched inline)."""
        if v.__class__ is Table or isinstance(v, Table):
            return table(v, depth + 1)
        if v is True:
            return b"true"
        if v is False:
            return b"false"
        if v is None or v is null or (v.__class__ is LightUserdata and v.address == 0):
            return b"null"      # any NULL light userdata, as lua-cjson checks it
        if v is empty_array:
            return b"[]"
        if v.__class__ is bytes:
            return string(v)
        if v.__class__ is float:
            return number(v)
        raise CJsonError(f"Cannot serialise {type_name(v)}: type not supported")

    def table(t: Table, depth: int) -> bytes:
        if depth > max_depth:
            raise CJsonError(f"Cannot serialise, excessive nesting ({depth})")
        meta = t.meta
        n = len(t)
        if meta is not None and meta is array_mt:
            n = t.length()                 # raw #t; holes become null
        elif n == 0:
            if empty_as_object and meta is not empty_array_mt:
                return b"{}"
        elif t.keys() != (small_ranges[n] if n < SMALL_RANGES else _range_keys(n)):
            n = array_length(t, n)         # not a dense 1..n array
        if n == 0:
            return b"[]"
        # strings without escapes and integers are the usual values: done
        # inline, as function calls are what costs most here
        if n < 0:
            return b"{" + b",".join([
                (key_of(k) or key(k)) + (
                    (b'"' + v + b'"' if plain(v) is None else string(v))
                    if (c := v.__class__) is bytes else
                    (b"%d" % v if v.is_integer() and -int_bound < v < int_bound and v
                     else number(v)) if c is float else
                    table(v, depth + 1) if c is Table else value(v, depth))
                for k, v in items(t)]) + b"}"
        return b"[" + b",".join([
            (b'"' + v + b'"' if plain(v) is None else string(v))
            if (c := v.__class__) is bytes else
            (b"%d" % v if v.is_integer() and -int_bound < v < int_bound and v
             else number(v)) if c is float else
            table(v, depth + 1) if c is Table else value(v, depth)
            for v in map(get, repeat(t, n), map(float, range(1, n + 1)))]) + b"]"

    def encode(v) -> bytes:
        cls = v.__class__
        if cls is bytes:
            return string(v)
        if cls is float:
            return number(v)
        return value(v, 0)

    return encode


SMALL_RANGES = 64
# {1.0 .. n}: a table whose keys equal it is a dense array of n elements
_SMALL_RANGES = [frozenset(map(float, range(1, n + 1))) for n in range(SMALL_RANGES)]


def _range_keys(n: int) -> frozenset:
    return frozenset(map(float, range(1, n + 1)))


# -- decoding -----------------------------------------------------------------------

# token types, named as lua-cjson names them in its messages
T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, \
    T_NULL, T_COLON, T_COMMA, T_END, T_ERROR = range(12)
TOKEN_NAMES = ("T_OBJ_BEGIN", "T_OBJ_END", "T_ARR_BEGIN", "T_ARR_END", "T_STRING",
               "T_NUMBER", "T_BOOLEAN", "T_NULL", "T_COLON", "T_COMMA", "T_END", "T_ERROR")

_SINGLE = {ord("{"): T_OBJ_BEGIN, ord("}"): T_OBJ_END, ord("["): T_ARR_BEGIN,
           ord("]"): T_ARR_END, ord(":"): T_COLON, ord(","): T_COMMA, 0: T_END}
_WHITESPACE = re.compile(rb"[ \t\n\r]*")
# what starts a word that may be a number (lua-cjson's T_UNKNOWN characters)
_WORD_START = frozenset(b'"+-0123456789fiInNt')
_PLAIN = re.compile(rb'[^"\\\x00]*')
_SIMPLE_ESCAPES = {ord('"'): b'"', ord("\\"): b"\\", ord("/"): b"/", ord("b"): b"\b",
                   ord("f"): b"\f", ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t"}
_HEX4 = re.compile(rb"[0-9a-fA-F]{4}")
# C's strtod on what lua-cjson hands it: hex (with fraction and p exponent),
# inf/infinity/nan in any case, or a decimal; each with an optional sign
_STRTOD_HEX = re.compile(
    rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?")
_STRTOD_WORD = re.compile(rb"([+-]?)(infinity|inf|nan)", re.I)
_STRTOD_DEC = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# strings, removed before measuring how deeply brackets nest; an unclosed
# one runs to the end, so that no text makes the scan quadratic
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.S)
_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def _strtod(data: bytes, pos: int):
    """(value, end) as C's strtod reads data[pos:], or None if no number."""
    m = _STRTOD_HEX.match(data, pos)
    if m:
        return float.fromhex(m.group().decode()), m.end()
    m = _STRTOD_WORD.match(data, pos)
    if m:
        word = m.group(2).lower()
        x = math.nan if word == b"nan" else math.inf
        return (-x if m.group(1) == b"-" else x), m.end()
    m = _STRTOD_DEC.match(data, pos)
    if m:
        return float(m.group()), m.end()
    return None


def _invalid_number(data: bytes, pos: int) -> bool:
    """lua-cjson's json_is_invalid_number: what JSON's grammar forbids and
    strtod would accept (a leading +, hex, leading zeros, inf, nan)."""
    c = data[pos]
    if c == 43:                                 # +
        return True
    if c == 45:                                 # -
        pos += 1
        c = data[pos]
    if c == 48:                                 # 0
        c2 = data[pos + 1]
        return (c2 | 0x20) == 120 or 48 <= c2 <= 57     # 0x..., 0X..., 01
    if c <= 57:
        return False
    word = data[pos:pos + 3].lower()
    return word == b"inf" or word == b"nan"


def _utf8(cp: int) -> bytes:
    return chr(cp).encode("utf-8", "surrogatepass")


class _JsonFallback(Exception):
    """The fast path declines: decode with lua-cjson's tokenizer instead."""


class Decoder:
    """decode(text) -> Lua value for one instance's settings."""

    def __init__(self, cfg: Config) -> None:
        shared = cfg.shared
        self.null = shared.null
        self.array_mt = shared.array_mt if cfg.decode_array_with_array_mt else None
        self.max_depth = cfg.decode_max_depth
        self.invalid_numbers = cfg.decode_invalid_numbers
        self.fast = json.JSONDecoder(
            parse_int=float, strict=False, object_pairs_hook=self._object,
            parse_constant=self._constant if cfg.decode_invalid_numbers else self._reject)

    # -- fast path: Python's json, then Lua values --------------------------------
    # json's grammar is a subset of lua-cjson's with the same values, except
    # for what the checks in decode() route around: NUL bytes (the end of the
    # text for lua-cjson), text that is not UTF-8, lone surrogate escapes
    # (caught when the resulting str will not encode), nesting deeper than
    # decode_max_depth.

    def _value(self, x):
        cls = x.__class__
        if cls is str:
            return x.encode()
        if cls is list:
            return self._array(x)
        if x is None:
            return self.null
        return x                            # float, bool, or a Table already

    def _array(self, items: list) -> Table:
        conv = self._value
        n = len(items)
        t = Table(zip(map(float, range(1, n + 1)), [
            x.encode() if (c := x.__class__) is str else
            x if c is float or c is Table else conv(x) for x in items]))
        t.border = float(n)
        t.meta = self.array_mt
        return t

    def _object(self, pairs: list) -> Table:
        # the values of an object are converted here already (json calls
        # this hook bottom-up), so nested objects arrive as Tables
        t = Table()
        for k, v in pairs:
            c = v.__class__
            if c is str:
                v = v.encode()
            elif c is list:
                v = self._array(v)
            elif v is None:
                v = self.null
            t[k.encode()] = v
        return t

    @staticmethod
    def _constant(word: str) -> float:
        return float(word)                  # NaN, Infinity, -Infinity

    @staticmethod
    def _reject(word: str) -> float:
        raise _JsonFallback(word)

    def decode(self, data: bytes):
        if len(data) >= 2 and (data[0] == 0 or data[1] == 0):
            raise CJsonError("JSON parser does not support UTF-16 or UTF-32")
        if b"\0" not in data and self._shallow(data):
            try:
                return self._value(self.fast.decode(data.decode("utf-8")))
            except (ValueError, _JsonFallback, RecursionError):
                pass                         # ValueError: JSON and Unicode errors alike
        return Parser(self, data).parse()

    def _shallow(self, data: bytes) -> bool:
        """Whether brackets nest no deeper than decode_max_depth (then the
        fast path needs no depth count of its own)."""
        limit = self.max_depth
        if data.count(b"[") + data.count(b"{") <= limit:
            return True
        brackets = _STRING.sub(b"", data).translate(None, _BRACKETS)
        return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) <= limit


class Parser:
    """lua-cjson's tokenizer and recursive descent, error texts included.
    The text gets a NUL appended: as in C, a NUL is where the text ends."""

    def __init__(self, dec: Decoder, data: bytes) -> None:
        self.dec = dec
        self.data = data + b"\0"
        self.pos = 0
        self.depth = 0

    def parse(self):
        tok = self.token()
        v = self.value(tok)
        tok = self.token()
        if tok[0] != T_END:
            self.fail("the end", tok)
        return v

    def fail(self, expected: str, tok):
        found = tok[2] if tok[0] == T_ERROR else TOKEN_NAMES[tok[0]]
        raise CJsonError(f"Expected {expected} but found {found} at character {tok[1] + 1}")

    def token(self):
        """The next token: (type, index, value); errors are (T_ERROR, index, text)."""
        data = self.data
        pos = self.pos = _WHITESPACE.match(data, self.pos).end()
        c = data[pos]
        kind = _SINGLE.get(c)
        if kind is not None:
            if kind != T_END:
                self.pos = pos + 1
            return kind, pos, None
        if c not in _WORD_START:
            return T_ERROR, pos, "invalid token"
        if c == 34:                                  # "
            return self.string(pos)
        dec = self.dec
        if c == 45 or 48 <= c <= 57:                 # - or a digit
            if not dec.invalid_numbers and _invalid_number(data, pos):
                return T_ERROR, pos, "invalid number"
            return self.number(pos)
        if data.startswith(b"true", pos):
            self.pos = pos + 4
            return T_BOOLEAN, pos, True
        if data.startswith(b"false", pos):
            self.pos = pos + 5
            return T_BOOLEAN, pos, False
        if data.startswith(b"null", pos):
            self.pos = pos + 4
            return T_NULL, pos, None
        if dec.invalid_numbers and _invalid_number(data, pos):
            return self.number(pos)
        return T_ERROR, pos, "invalid token"

    def number(self, pos: int):
        found = _strtod(self.data, pos)
        if found is None:
            return T_ERROR, pos, "invalid number"
        self.pos = found[1]
        return T_NUMBER, pos, found[0]

    def string(self, start: int):
        data = self.data
        parts = []
        pos = start + 1
        while True:
            end = _PLAIN.match(data, pos).end()
            parts.append(data[pos:end])
            c = data[end]
            if c == 34:                              # closing quote
                self.pos = end + 1
                return T_STRING, start, b"".join(parts)
            if c == 0:
                self.pos = end
                return T_ERROR, end, "unexpected end of string"
            esc = data[end + 1]                      # after a backslash
            simple = _SIMPLE_ESCAPES.get(esc)
            if simple is not None:
                parts.append(simple)
                pos = end + 2
            elif esc == 117:                         # u
                found = self.unicode_escape(end)
                if found is None:
                    self.pos = end
                    return T_ERROR, end, "invalid unicode escape code"
                parts.append(found[0])
                pos = found[1]
            else:
                self.pos = end
                return T_ERROR, end, "invalid escape code"

    def unicode_escape(self, pos: int):
        """(UTF-8 bytes, end) of the four-hex-digit \\u escape (or surrogate pair) at pos."""
        data = self.data
        if not _HEX4.match(data, pos + 2):
            return None
        cp = int(data[pos + 2:pos + 6], 16)
        if 0xD800 <= cp <= 0xDFFF:
            if cp >= 0xDC00 or data[pos + 6:pos + 8] != b"\\u" \
                    or not _HEX4.match(data, pos + 8):
                return None
            low = int(data[pos + 8:pos + 12], 16)
            if not 0xDC00 <= low <= 0xDFFF:
                return None
            return _utf8(0x10000 + ((cp & 0x3FF) << 10 | (low & 0x3FF))), pos + 12
        return _utf8(cp), pos + 6

    def descend(self) -> None:
        self.depth += 1
        if self.depth > self.dec.max_depth:
            raise CJsonError(f"Found too many nested data structures ({self.depth}) "
                             f"at character {self.pos}")

    def value(self, tok):
        kind = tok[0]
        if kind == T_STRING or kind == T_NUMBER or kind == T_BOOLEAN:
            return tok[2]
        if kind == T_NULL:
            return self.dec.null
        if kind == T_OBJ_BEGIN:
            return self.object()
        if kind == T_ARR_BEGIN:
            return self.array()
        self.fail("value", tok)

    def object(self) -> Table:
        self.descend()
        t = Table()
        tok = self.token()
        if tok[0] == T_OBJ_END:
            self.depth -= 1
            return t
        while True:
            if tok[0] != T_STRING:
                self.fail("object key string", tok)
            k = tok[2]
            tok = self.token()
            if tok[0] != T_COLON:
                self.fail("colon", tok)
            t[k] = self.value(self.token())
            tok = self.token()
            if tok[0] == T_OBJ_END:
                self.depth -= 1
                return t
            if tok[0] != T_COMMA:
                self.fail("comma or object end", tok)
            tok = self.token()

    def array(self) -> Table:
        self.descend()
        t = Table()
        t.meta = self.dec.array_mt
        tok = self.token()
        i = 0
        if tok[0] != T_ARR_END:
            while True:
                i += 1
                t[float(i)] = self.value(tok)
                tok = self.token()
                if tok[0] == T_ARR_END:
                    break
                if tok[0] != T_COMMA:
                    self.fail("comma or array end", tok)
                tok = self.token()
        t.border = float(i)
        self.depth -= 1
        return t


# -- the module table -----------------------------------------------------------------

def _arg_init(args: tuple, count: int, fname: str) -> tuple:
    """json_arg_init: at most `count` arguments, padded with nil."""
    if len(args) > count:
        raise arg_error(count + 1, fname, "found too many arguments")
    return args + (None,) * (count - len(args))


_ON_OFF = (b"off", b"on")


def _enum_option(cfg: Config, attr: str, v, n: int, fname: str,
                 options: tuple = _ON_OFF):
    """json_enum_option: a boolean or one of the option names; the setting
    comes back as a boolean when it is off/on, else as its name."""
    if v is not None:
        if v.__class__ is bool:
            setting = int(v)
        else:
            word = check_str(v, n, fname)
            if word not in options:
                raise arg_error(n, fname, f"invalid option '{word.decode('utf-8', 'replace')}'")
            setting = options.index(word)
        setattr(cfg, attr, setting)
        cfg.changed()
    setting = getattr(cfg, attr)
    return bool(setting) if setting <= 1 else options[setting]


def _int_option(cfg: Config, attr: str, v, n: int, fname: str, lo: int, hi: int) -> float:
    """json_integer_option: the range error names argument #1 whatever n is,
    as lua-cjson's does."""
    if v is not None:
        x = check_int(v, n, fname)
        if not lo <= x <= hi:
            raise arg_error(1, fname, f"expected integer between {lo} and {hi}")
        setattr(cfg, attr, x)
        cfg.changed()
    return float(getattr(cfg, attr))


def _config_functions(cfg: Config) -> dict:
    def encode_sparse_array(*args):
        convert, ratio, safe = _arg_init(args, 3, "encode_sparse_array")
        return Multi((
            _enum_option(cfg, "encode_sparse_convert", convert, 1, "encode_sparse_array"),
            _int_option(cfg, "encode_sparse_ratio", ratio, 2, "encode_sparse_array", 0, INT_MAX),
            _int_option(cfg, "encode_sparse_safe", safe, 3, "encode_sparse_array", 0, INT_MAX)))

    def int_setting(fname: str, attr: str, lo: int, hi: int):
        def setting(*args):
            (v,) = _arg_init(args, 1, fname)
            return _int_option(cfg, attr, v, 1, fname, lo, hi)
        return setting

    def enum_setting(fname: str, attr: str, options: tuple = _ON_OFF):
        def setting(*args):
            (v,) = _arg_init(args, 1, fname)
            return _enum_option(cfg, attr, v, 1, fname, options)
        return setting

    return {
        b"encode_sparse_array": encode_sparse_array,
        b"encode_max_depth": int_setting("encode_max_depth", "encode_max_depth", 1, INT_MAX),
        b"decode_max_depth": int_setting("decode_max_depth", "decode_max_depth", 1, INT_MAX),
        b"encode_number_precision": int_setting(
            "encode_number_precision", "encode_number_precision", 1, MAX_PRECISION),
        b"encode_keep_buffer": enum_setting("encode_keep_buffer", "encode_keep_buffer"),
        b"encode_invalid_numbers": enum_setting(
            "encode_invalid_numbers", "encode_invalid_numbers", (b"off", b"on", b"null")),
        b"decode_invalid_numbers": enum_setting(
            "decode_invalid_numbers", "decode_invalid_numbers"),
        b"encode_empty_table_as_object": enum_setting(
            "encode_empty_table_as_object", "encode_empty_table_as_object"),
        b"decode_array_with_array_mt": enum_setting(
            "decode_array_with_array_mt", "decode_array_with_array_mt"),
        b"encode_escape_forward_slash": enum_setting(
            "encode_escape_forward_slash", "encode_escape_forward_slash"),
    }


def new_module(shared: Shared, safe: bool = False) -> Table:
    """A cjson (or cjson.safe) module table with its own settings."""
    cfg = Config(shared)

    if safe:
        # The real cjson.safe checks the argument count itself, then runs the
        # conversion under lua_pcall: its errors carry no position, and a bad
        # argument inside is reported for function '?'.
        def encode(*args):
            if len(args) != 1:
                raise arg_error(1, "encode", "expected 1 argument")
            try:
                return cfg.encoder()(args[0])
            except CJsonError as exc:
                return Multi((None, str(exc).encode()))

        def decode(*args):
            if len(args) != 1:
                raise arg_error(1, "decode", "expected 1 argument")
            text = _text_or_none(args[0])
            if text is None:
                got = type_name(args[0])
                return Multi((None, f"bad argument #1 to '?' (string expected, got {got})"
                              .encode()))
            try:
                return cfg.decoder().decode(text)
            except CJsonError as exc:
                return Multi((None, str(exc).encode()))
    else:
        def encode(*args):
            if len(args) != 1:
                raise arg_error(1, "encode", "expected 1 argument")
            try:
                return cfg.encoder()(args[0])
            except CJsonError as exc:
                raise lua_error(str(exc)) from None

        def decode(*args):
            if len(args) != 1:
                raise arg_error(1, "decode", "expected 1 argument")
            text = _text_or_none(args[0])
            if text is None:
                raise type_error(1, "decode", "string", args[0])
            try:
                return cfg.decoder().decode(text)
            except CJsonError as exc:
                raise lua_error(str(exc)) from None

    def new(*_):
        return new_module(shared, safe)

    mod = Table(_config_functions(cfg))
    mod[b"encode"] = encode
    mod[b"decode"] = decode
    mod[b"new"] = new
    mod[b"null"] = shared.null
    mod[b"empty_array"] = shared.empty_array
    mod[b"array_mt"] = shared.array_mt
    mod[b"empty_array_mt"] = shared.empty_array_mt
    mod[b"_NAME"] = NAME
    mod[b"_VERSION"] = VERSION
    return mod


def _text_or_none(v):
    """The JSON text argument: a string, or a number as its string form."""
    if v.__class__ is bytes:
        return v
    if v.__class__ is float:
        return check_str(v, 1, "decode")
    return None


def preload(state, null: Userdata | None = None) -> Shared:
    """Register `cjson` and `cjson.safe` in the state's package.preload.
    `null` is the value to use as cjson.null (the gateway passes ngx.null,
    as OpenResty's two are the same light userdata)."""
    shared = Shared(null)
    package = dict.get(state.globals, b"package")
    preload_table = dict.get(package, b"preload")

    def load_cjson(*_):
        return new_module(shared)

    def load_safe(*_):
        return new_module(shared, safe=True)

    dict.__setitem__(preload_table, b"cjson", load_cjson)
    dict.__setitem__(preload_table, b"cjson.safe", load_safe)
    return shared
