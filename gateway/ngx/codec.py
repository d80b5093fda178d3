"""ngx.encode_base64, decode_base64, md5, md5_bin, sha1_bin, crc32_short,
crc32_long, hmac_sha1, and the module `ngx.base64` (encode_base64url,
decode_base64url), on the C helpers of gateway/csrc.

Argument handling is OpenResty's (lua-nginx-module 0.10 with lua-resty-core),
checked against the real thing by t/gateway/codec.t. Three families:
- resty.core Lua functions (encode_base64, the hashes, crc32): nil and false
  are "", anything else goes through tostring; decode_base64 takes strings
  only. Their errors are raised at the caller's position.
- hmac_sha1 is a C function: it counts its arguments and checks each as
  luaL_checklstring does (numbers convert, anything else is a bad argument).
- ngx.base64 returns `nil, err` for a non-string instead of raising.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from luavm.auxlib import check_str, lua_error
from luavm.runtime import tostring
from luavm.value import Multi, Table, type_name

from ..csrc import buffer, ffi, lib

if TYPE_CHECKING:
    from ..worker import Worker

# ngx.base64's `version`: the lua-resty-core release that goes with the
# lua-nginx-module version ngx.config.ngx_lua_version reports (0.10.25).
RESTY_CORE_VERSION = b"0.1.27"

MD5_LEN = lib.MG_FFI_MD5_LEN
SHA1_LEN = lib.MG_FFI_SHA1_LEN

_unpack = ffi.buffer
_NULL = ffi.NULL


# -- the codecs -------------------------------------------------------------------

def encode_base64(data: bytes, no_padding: bool = False) -> bytes:
    out = buffer(lib.mg_ffi_base64_encoded_length(len(data), no_padding))
    return _unpack(out, lib.mg_ffi_encode_base64(data, len(data), out, no_padding))[:]


def decode_base64(data: bytes) -> bytes | None:
    """The decoded bytes, or None for input nginx's decoder refuses."""
    return _decode(lib.mg_ffi_decode_base64, data)


def encode_base64url(data: bytes) -> bytes:
    """URL-safe alphabet, no padding (nginx's ngx_encode_base64url)."""
    out = buffer(lib.mg_ffi_base64_encoded_length(len(data), True))
    return _unpack(out, lib.mg_ffi_encode_base64url(data, len(data), out))[:]


def decode_base64url(data: bytes) -> bytes | None:
    return _decode(lib.mg_ffi_decode_base64url, data)


_dlen = ffi.new("size_t *")


def _decode(decoder, data: bytes) -> bytes | None:
    out = buffer(lib.mg_ffi_base64_decoded_length(len(data)))
    if decoder(data, len(data), out, _dlen):
        return None
    return _unpack(out, _dlen[0])[:]


def md5_hex(data: bytes) -> bytes:
    out = buffer(2 * MD5_LEN)
    lib.mg_ffi_md5_hex(data, len(data), out)
    return _unpack(out, 2 * MD5_LEN)[:]


def md5_bin(data: bytes) -> bytes:
    out = buffer(MD5_LEN)
    lib.mg_ffi_md5(data, len(data), out)
    return _unpack(out, MD5_LEN)[:]


def sha1_bin(data: bytes) -> bytes:
    out = buffer(SHA1_LEN)
    lib.mg_ffi_sha1_bin(data, len(data), out)
    return _unpack(out, SHA1_LEN)[:]


def hmac_sha1(key: bytes, data: bytes) -> bytes:
    out = buffer(SHA1_LEN)
    lib.mg_ffi_hmac_sha1(key, len(key), data, len(data), out)
    return _unpack(out, SHA1_LEN)[:]


def escape_uri(data: bytes, kind: int) -> bytes:
    """%XX-escape the bytes of nginx's escape type `kind` (0..6)."""
    size = lib.mg_ffi_escape_uri(data, len(data), _NULL, kind)
    if size == len(data):
        return data     # nothing to escape, the common case: no copy
    out = buffer(size)
    lib.mg_ffi_escape_uri(data, len(data), out, kind)
    return _unpack(out, size)[:]


def unescape_uri(data: bytes, plus: bool) -> bytes:
    """Decode %XX escapes (and `+` as a space when plus); malformed ones stay."""
    if b"%" not in data and not (plus and b"+" in data):
        return data
    out = buffer(len(data))
    return _unpack(out, lib.mg_ffi_unescape_uri(data, len(data), out, plus))[:]


# -- the Lua functions --------------------------------------------------------------

def coerce_str(s) -> bytes:
    """resty.core's string argument: nil and false are "", others tostring."""
    if s.__class__ is bytes:
        return s
    if s is None or s is False:
        return b""
    return tostring(s)


def ngx_encode_base64(s=None, no_padding=None, *_) -> bytes:
    if no_padding is None or no_padding is False:
        return encode_base64(coerce_str(s))
    if no_padding is not True:
        raise lua_error(f"bad no_padding: boolean expected, got {type_name(no_padding)}")
    return encode_base64(coerce_str(s), True)


def ngx_decode_base64(s=None, *_) -> bytes | None:
    # numbers too: resty.core checks the type before any conversion
    if s.__class__ is not bytes:
        raise lua_error("string argument only")
    return decode_base64(s)


def ngx_md5(s=None, *_) -> bytes:
    return md5_hex(coerce_str(s))


def ngx_md5_bin(s=None, *_) -> bytes:
    return md5_bin(coerce_str(s))


def ngx_sha1_bin(s=None, *_) -> bytes:
    return sha1_bin(coerce_str(s))


def ngx_crc32_short(s=None, *_) -> float:
    s = coerce_str(s)
    return float(lib.mg_ffi_crc32_short(s, len(s)))


def ngx_crc32_long(s=None, *_) -> float:
    s = coerce_str(s)
    return float(lib.mg_ffi_crc32_long(s, len(s)))


def ngx_hmac_sha1(*args) -> bytes:
    if len(args) != 2:
        raise lua_error(f"expecting 2 arguments, but got {len(args)}")
    return hmac_sha1(check_str(args[0], 1, "hmac_sha1"), check_str(args[1], 2, "hmac_sha1"))


_NOT_A_STRING = Multi((None, b"must provide a string"))
_INVALID = Multi((None, b"invalid input"))


def ngx_encode_base64url(s=None, *_) -> bytes | Multi:
    if s.__class__ is not bytes:
        return _NOT_A_STRING
    return encode_base64url(s)


def ngx_decode_base64url(s=None, *_) -> bytes | Multi:
    if s.__class__ is not bytes:
        return _NOT_A_STRING
    result = decode_base64url(s)
    return _INVALID if result is None else result


def base64_module() -> Table:
    """The table `require "ngx.base64"` gives."""
    module = Table()
    module[b"version"] = RESTY_CORE_VERSION
    module[b"encode_base64url"] = ngx_encode_base64url
    module[b"decode_base64url"] = ngx_decode_base64url
    return module


def install(ngx: Table, w: Worker | None = None) -> None:
    """Put the functions of this module into the `ngx` table and, given the
    worker, `ngx.base64` into its package.preload."""
    ngx[b"encode_base64"] = ngx_encode_base64
    ngx[b"decode_base64"] = ngx_decode_base64
    ngx[b"md5"] = ngx_md5
    ngx[b"md5_bin"] = ngx_md5_bin
    ngx[b"sha1_bin"] = ngx_sha1_bin
    ngx[b"crc32_short"] = ngx_crc32_short
    ngx[b"crc32_long"] = ngx_crc32_long
    ngx[b"hmac_sha1"] = ngx_hmac_sha1
    if w is not None:
        module = base64_module()
        preload = w.state.globals[b"package"][b"preload"]
        # one table per worker, whoever requires it first: require caches it
        preload[b"ngx.base64"] = lambda *_: module
