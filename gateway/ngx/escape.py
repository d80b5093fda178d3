"""ngx.escape_uri, unescape_uri, encode_args, decode_args and quote_sql_str.

Request-independent string codecs, as OpenResty (lua-nginx-module 0.10 with
lua-resty-core) has them; every rule below was checked against the real
thing. Two families of argument handling come from there:
escape_uri/unescape_uri are resty.core Lua functions (nil and false become
"", anything else goes through tostring); encode_args, decode_args and
quote_sql_str are C functions that count their arguments first.

The Python-level codecs (escape, unescape, encode_args, decode_args) are
shared with the request API (ngx.req.get_uri_args, set_uri_args, ...);
escape and unescape run on the C helpers (gateway/csrc/uri.c, whose tables
hold which bytes each escape type escapes).
"""
from __future__ import annotations

import re

from luavm.auxlib import check_int, check_str, check_table, lua_error
from luavm.runtime import table_list
from luavm.value import Multi, Table, fmt_number, type_name

from ..csrc import lib
from .codec import coerce_str, escape_uri, unescape_uri

ESCAPE_URI = lib.MG_FFI_ESCAPE_URI      # 0, nginx's NGX_ESCAPE_URI: a whole URI
ESCAPE_URI_COMPONENT = lib.MG_FFI_ESCAPE_URI_COMPONENT  # 2, escape_uri's default
ESCAPE_MAIL_AUTH = lib.MG_FFI_ESCAPE_MAIL_AUTH  # 6, the last type nginx has
DEFAULT_MAX_ARGS = 100      # decode_args and ngx.req.get_*_args

# MySQL string literal escapes (ngx_http_lua_escape_sql_str)
_SQL_ESCAPES = {
    b"\0": b"\\0", b"\b": b"\\b", b"\n": b"\\n", b"\r": b"\\r", b"\t": b"\\t",
    b"\x1a": b"\\Z", b"\\": b"\\\\", b"'": b"\\'", b'"': b'\\"',
}
_SQL_SPECIAL = re.compile(b"[%s]" % re.escape(b"".join(_SQL_ESCAPES)))


# -- the codecs ------------------------------------------------------------------

def escape(data: bytes, kind: int = ESCAPE_URI_COMPONENT) -> bytes:
    """%XX-escape (uppercase hex) the bytes nginx's escape type `kind` escapes."""
    return escape_uri(data, kind)


def unescape(data: bytes, plus: bool) -> bytes:
    """Decode %XX escapes (and `+` as a space when `plus`); nginx decodes
    only well-formed ones, a stray % stays as it is."""
    return unescape_uri(data, plus)


def encode_args(args: Table) -> bytes:
    """A table as a query string, in the table's traversal order: a list value
    repeats its key, true gives the bare key, false is left out."""
    parts = []
    for key, value in dict.items(args):
        if key.__class__ is not bytes:
            raise lua_error('attempt to use a non-string key in the "args" option table')
        key = escape(key)
        # a table value is read in traversal order too, its keys ignored
        for item in dict.values(value) if value.__class__ is Table else (value,):
            part = _encode_arg(key, item)
            if part is not None:
                parts.append(part)
    return b"&".join(parts)


def _encode_arg(key: bytes, value) -> bytes | None:
    """`key=value` for one value; None when the value leaves the key out."""
    if value.__class__ is bytes:
        return key + b"=" + escape(value)
    if value.__class__ is float:
        return key + b"=" + escape(fmt_number(value))
    if value is True:
        return key
    if value is False:
        return None
    raise lua_error(f"attempt to use {type_name(value)} as query arg value")


def decode_args(data: bytes, max_args: int) -> tuple[Table, bool]:
    """Parse a query string into a table (and whether it was cut short).

    `a=1&a=2` gives a list, a bare `a` gives true, `a=` gives "", `+` is a
    space. At most max_args `&`-separated pieces are read (0 or less: all),
    empty ones included, as nginx counts them; the rest is dropped and
    reported as truncation.
    """
    pieces = data.split(b"&")
    truncated = 0 < max_args < len(pieces)
    if truncated:
        del pieces[max_args:]
    args = Table()
    for piece in pieces:
        key, eq, value = piece.partition(b"=")
        if key:     # no key (`=v`, an empty piece): nothing to store
            _add_arg(args, unescape(key, True), unescape(value, True) if eq else True)
    return args, truncated


def _add_arg(args: Table, key: bytes, value) -> None:
    """args[key] = value, turning a repeated key into a list of its values."""
    old = dict.get(args, key)
    if old is None:
        args.rawset(key, value)
    elif old.__class__ is Table:
        old.rawset(float(old.length() + 1), value)
    else:
        args.rawset(key, table_list((old, value)))


def quote_sql_str(data: bytes) -> bytes:
    """A MySQL string literal: single-quoted, special characters escaped."""
    return b"'" + _SQL_SPECIAL.sub(lambda m: _SQL_ESCAPES[m[0]], data) + b"'"


# -- the Lua functions ------------------------------------------------------------

def _escape_type(kind) -> int:
    # resty.core raises these at level 3: the position is the caller's caller
    if kind.__class__ is not float:
        raise lua_error('"type" is not a number', 2)
    # NaN fails the range test too (OpenResty crashes on it instead)
    if not ESCAPE_URI <= kind <= ESCAPE_MAIL_AUTH:
        raise lua_error(f'"type" {fmt_number(kind).decode()} out of range', 2)
    return int(kind)


def ngx_escape_uri(s=None, kind=None, *_):
    kind = ESCAPE_URI_COMPONENT if kind is None else _escape_type(kind)
    return escape(coerce_str(s), kind)


def ngx_unescape_uri(s=None, *_):
    return unescape(coerce_str(s), True)


def ngx_encode_args(*args):
    if len(args) != 1:
        raise lua_error(f"expecting 1 argument but seen {len(args)}")
    return encode_args(check_table(args[0], 1, "encode_args"))


def ngx_decode_args(*args):
    if len(args) not in (1, 2):
        raise lua_error(f"expecting 1 or 2 arguments but seen {len(args)}")
    data = check_str(args[0], 1, "decode_args")
    max_args = check_int(args[1], 2, "decode_args") if len(args) == 2 else DEFAULT_MAX_ARGS
    result, truncated = decode_args(data, max_args)
    return Multi((result, b"truncated")) if truncated else result


def ngx_quote_sql_str(*args):
    if len(args) != 1:
        raise lua_error("expecting one argument")
    return quote_sql_str(check_str(args[0], 1, "quote_sql_str"))


def install(ngx: Table) -> None:
    """Put the functions of this module into the `ngx` table."""
    ngx[b"escape_uri"] = ngx_escape_uri
    ngx[b"unescape_uri"] = ngx_unescape_uri
    ngx[b"encode_args"] = ngx_encode_args
    ngx[b"decode_args"] = ngx_decode_args
    ngx[b"quote_sql_str"] = ngx_quote_sql_str
