"""The C helpers of gateway/csrc, called through cffi (gateway._helpers).

Known vectors come from the RFCs (base64: RFC 4648, md5: RFC 1321, sha1:
FIPS 180's examples, hmac: RFC 2202); beyond them, every helper is checked
against Python's own implementation (base64, hashlib, hmac, zlib) on empty,
binary, block-boundary and long inputs. The rules Python has no oracle for
(nginx's base64 acceptance, its escape classes) are written out here; the
gateway blocks of t/gateway/codec.t check the same against OpenResty.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
import zlib

import pytest

from gateway.csrc import HEADER, ffi, lib, library_path

RNG = random.Random(20261121)
# lengths around the 64-byte block and its 56-byte padding limit, and some long ones
SIZES = [0, 1, 2, 3, 4, 5, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65537]
CANARY = 0xA5


def rand_bytes(n: int) -> bytes:
    return RNG.randbytes(n)


def out_buffer(size: int):
    """A buffer of size bytes plus a canary byte after it."""
    buf = ffi.new("unsigned char[]", size + 1)
    buf[size] = CANARY
    return buf


def take(buf, n: int, size: int) -> bytes:
    """The n result bytes of a buffer of `size`, checking nothing was written past it."""
    assert buf[size] == CANARY, "wrote past the end of the buffer"
    return ffi.buffer(buf, n)[:]


# -- base64 ---------------------------------------------------------------------------

def encode(data: bytes, no_padding: bool = False, url: bool = False) -> bytes:
    size = lib.mg_ffi_base64_encoded_length(len(data), no_padding or url)
    buf = out_buffer(size)
    if url:
        n = lib.mg_ffi_encode_base64url(data, len(data), buf)
    else:
        n = lib.mg_ffi_encode_base64(data, len(data), buf, no_padding)
    assert n == size, "the length function must be exact for encoding"
    return take(buf, n, size)


def decode(data: bytes, url: bool = False) -> bytes | None:
    size = lib.mg_ffi_base64_decoded_length(len(data))
    buf = out_buffer(size)
    dlen = ffi.new("size_t *", 12345)
    rc = (lib.mg_ffi_decode_base64url if url else lib.mg_ffi_decode_base64)(data, len(data), buf, dlen)
    if rc:
        assert dlen[0] == 12345, "a failed decode leaves *dlen alone"
        return None
    assert dlen[0] <= size
    return take(buf, dlen[0], size)


RFC4648 = [(b"", b""), (b"f", b"Zg=="), (b"fo", b"Zm8="), (b"foo", b"Zm9v"), (b"foob", b"Zm9vYg=="),
           (b"fooba", b"Zm9vYmE="), (b"foobar", b"Zm9vYmFy")]


@pytest.mark.parametrize("plain, coded", RFC4648)
def test_base64_rfc_vectors(plain, coded):
    assert encode(plain) == coded
    assert encode(plain, no_padding=True) == coded.rstrip(b"=")
    assert decode(coded) == plain
    assert decode(coded.rstrip(b"=")) == plain


@pytest.mark.parametrize("n", SIZES)
def test_base64_against_python(n):
    data = rand_bytes(n)
    assert encode(data) == base64.b64encode(data)
    assert encode(data, no_padding=True) == base64.b64encode(data).rstrip(b"=")
    assert encode(data, url=True) == base64.urlsafe_b64encode(data).rstrip(b"=")
    assert decode(encode(data)) == data
    assert decode(encode(data, no_padding=True)) == data
    assert decode(encode(data, url=True), url=True) == data


def test_base64_every_byte():
    data = bytes(range(256)) * 3
    assert decode(encode(data)) == data
    assert decode(encode(data, url=True), url=True) == data


# nginx's ngx_decode_base64: the data ends at the first '=', any other byte
# outside the alphabet before it is an error, and so is a length of 4n+1.
DECODE_CASES = [
    (b"QQ", b"A"), (b"QQ=", b"A"), (b"QQ==", b"A"), (b"QQ===", b"A"),
    (b"QQ==!!", b"A"),            # nothing after '=' is looked at
    (b"QQ=Q", b"A"),
    (b"QR==", b"A"),              # the unused low bits are dropped unchecked
    (b"=", b""), (b"==", b""), (b"", b""),
    (b"+/8=", b"\xfb\xff"),
    (b"Q", None), (b"Q===", None), (b"YWJjZ", None), (b"YWJjZ=", None),
    (b"Q Q", None), (b"YWJj\n", None), (b"-_", None), (b"YQ!=", None),
    (b"\xff\xff\xff\xff", None), (b"\x00AAA", None),
]


@pytest.mark.parametrize("coded, plain", DECODE_CASES)
def test_base64_decode_like_nginx(coded, plain):
    assert decode(coded) == plain
    # the URL-safe decoder has the same rules with '-' and '_' for '+' and '/'
    url_coded = coded.translate(bytes.maketrans(b"+/-_", b"-_+/"))
    assert decode(url_coded, url=True) == plain


def test_base64url_refuses_the_standard_alphabet():
    assert decode(b"+/8", url=True) is None
    assert decode(b"-_8", url=True) == b"\xfb\xff"
    assert decode(b"-_8") is None


def test_base64_lengths():
    for n in range(200):
        assert lib.mg_ffi_base64_encoded_length(n, 0) == len(base64.b64encode(bytes(n)))
        assert lib.mg_ffi_base64_encoded_length(n, 1) == len(base64.b64encode(bytes(n)).rstrip(b"="))
        # the decode bound holds for any input of that length, '=' or not
        assert lib.mg_ffi_base64_decoded_length(n) >= n * 3 // 4


def test_base64_empty_with_null_pointers():
    assert lib.mg_ffi_encode_base64(ffi.NULL, 0, ffi.NULL, 0) == 0
    dlen = ffi.new("size_t *", 7)
    assert lib.mg_ffi_decode_base64(ffi.NULL, 0, ffi.NULL, dlen) == 0
    assert dlen[0] == 0


# -- md5, sha1, hmac ------------------------------------------------------------------------

def digest(fn, data: bytes, size: int) -> bytes:
    buf = out_buffer(size)
    fn(data, len(data), buf)
    return take(buf, size, size)


RFC1321 = [
    (b"", "d41d8cd98f00b204e9800998ecf8427e"),
    (b"a", "0cc175b9c0f1b6a831c399e269772661"),
    (b"abc", "900150983cd24fb0d6963f7d28e17f72"),
    (b"message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    (b"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
    (b"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
     "57edf4a22be3c955ac49da2e2107b67a"),
]
SHA1_VECTORS = [
    (b"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    (b"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
    (b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    (b"a" * 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
]


@pytest.mark.parametrize("data, hexdigest", RFC1321)
def test_md5_rfc_vectors(data, hexdigest):
    assert digest(lib.mg_ffi_md5, data, 16).hex() == hexdigest
    assert digest(lib.mg_ffi_md5_hex, data, 32) == hexdigest.encode()


@pytest.mark.parametrize("data, hexdigest", SHA1_VECTORS)
def test_sha1_vectors(data, hexdigest):
    assert digest(lib.mg_ffi_sha1_bin, data, 20).hex() == hexdigest


@pytest.mark.parametrize("n", SIZES + [1 << 20])
def test_digests_against_python(n):
    data = rand_bytes(n)
    assert digest(lib.mg_ffi_md5, data, 16) == hashlib.md5(data).digest()
    assert digest(lib.mg_ffi_sha1_bin, data, 20) == hashlib.sha1(data).digest()


@pytest.mark.parametrize("algo", ["md5", "sha1"])
def test_streaming_in_pieces(algo):
    """Updates of any sizes, empty ones included, give the one-shot digest."""
    size = 16 if algo == "md5" else 20
    init, update, final = (getattr(lib, f"mg_ffi_{algo}_{f}") for f in ("init", "update", "final"))
    for _ in range(50):
        data = rand_bytes(RNG.randrange(0, 700))
        ctx = ffi.new(f"mg_ffi_{algo}_ctx_t *")
        init(ctx)
        pos = 0
        while pos < len(data):
            step = RNG.choice([0, 1, 3, 55, 63, 64, 65, 130])
            update(ctx, data[pos:pos + step], len(data[pos:pos + step]))
            pos += step
        update(ctx, ffi.NULL, 0)
        out = out_buffer(size)
        final(ctx, out)
        assert take(out, size, size) == hashlib.new(algo, data).digest()


def hmac_sha1(key: bytes, data: bytes) -> bytes:
    buf = out_buffer(20)
    lib.mg_ffi_hmac_sha1(key, len(key), data, len(data), buf)
    return take(buf, 20, 20)


RFC2202 = [
    (b"\x0b" * 20, b"Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"),
    (b"Jefe", b"what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
    (b"\xaa" * 20, b"\xdd" * 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
    (bytes(range(1, 26)), b"\xcd" * 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
    (b"\x0c" * 20, b"Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
    (b"\xaa" * 80, b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
     "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
]


@pytest.mark.parametrize("key, data, hexdigest", RFC2202)
def test_hmac_sha1_rfc_vectors(key, data, hexdigest):
    assert hmac_sha1(key, data).hex() == hexdigest


@pytest.mark.parametrize("klen", [0, 1, 20, 63, 64, 65, 200])
def test_hmac_sha1_against_python(klen):
    key = rand_bytes(klen)
    for n in (0, 1, 64, 1000):
        data = rand_bytes(n)
        assert hmac_sha1(key, data) == hmac.new(key, data, "sha1").digest()


# -- crc32 ----------------------------------------------------------------------------------

def test_crc32_check_value():
    # the "check" value of CRC-32 in every catalogue: the CRC of "123456789"
    assert lib.mg_ffi_crc32_short(b"123456789", 9) == 0xCBF43926
    assert lib.mg_ffi_crc32_long(b"123456789", 9) == 0xCBF43926
    assert lib.mg_ffi_crc32_short(ffi.NULL, 0) == 0 == lib.mg_ffi_crc32_long(ffi.NULL, 0)


@pytest.mark.parametrize("n", SIZES + [1 << 20])
def test_crc32_against_zlib(n):
    data = rand_bytes(n)
    assert lib.mg_ffi_crc32_short(data, n) == zlib.crc32(data) == lib.mg_ffi_crc32_long(data, n)


# -- uri ------------------------------------------------------------------------------------

_CONTROL = bytes(range(0x21))           # control characters and space
_NON_ASCII = bytes(range(0x7F, 0x100))  # DEL and every byte above ASCII
# The bytes each nginx escape type turns into %XX, by type number, as
# measured byte by byte on OpenResty: the specification of uri.c's tables.
ESCAPED = (
    _CONTROL + b"#%?" + _NON_ASCII,                         # 0 uri
    _CONTROL + b"#%+?" + _NON_ASCII,                        # 1 args
    _CONTROL + b"\"#$%&+,/:;<=>?@[\\]^`{|}" + _NON_ASCII,   # 2 uri component
    _CONTROL + b"\"#%'" + _NON_ASCII,                       # 3 html
    _CONTROL + b"\"'" + _NON_ASCII,                         # 4 refresh
    _CONTROL + b"%",                                        # 5 memcached
    _CONTROL + b"%",                                        # 6 mail auth
)


def escape(data: bytes, kind: int) -> bytes:
    size = lib.mg_ffi_escape_uri(data, len(data), ffi.NULL, kind)
    buf = out_buffer(size)
    n = lib.mg_ffi_escape_uri(data, len(data), buf, kind)
    assert n == size, "the sizing pass must give the exact length"
    return take(buf, n, size)


def unescape(data: bytes, plus: bool) -> bytes:
    buf = out_buffer(len(data))
    n = lib.mg_ffi_unescape_uri(data, len(data), buf, plus)
    return take(buf, n, len(data))


@pytest.mark.parametrize("kind", range(7))
def test_escape_classes(kind):
    for byte in range(256):
        c = bytes((byte,))
        expected = b"%%%02X" % byte if byte in ESCAPED[kind] else c
        assert escape(c, kind) == expected, (kind, byte)
    everything = bytes(range(256))
    assert escape(everything, kind) == b"".join(escape(bytes((b,)), kind) for b in everything)


def test_escape_lengths_and_constants():
    assert (lib.MG_FFI_ESCAPE_URI, lib.MG_FFI_ESCAPE_URI_COMPONENT, lib.MG_FFI_ESCAPE_MAIL_AUTH) == (0, 2, 6)
    assert escape(b"a b/c?d", lib.MG_FFI_ESCAPE_URI) == b"a%20b/c%3Fd"
    assert escape(b"a b+c", lib.MG_FFI_ESCAPE_ARGS) == b"a%20b%2Bc"
    assert escape(b"", 2) == b""
    assert lib.mg_ffi_escape_uri(b"abc", 3, ffi.NULL, 2) == 3
    assert lib.mg_ffi_escape_uri(b"\xff\x00 ", 3, ffi.NULL, 2) == 9
    long = rand_bytes(100000)
    assert len(escape(long, 2)) == lib.mg_ffi_escape_uri(long, len(long), ffi.NULL, 2)
    # an unknown type escapes nothing
    assert escape(b"a b", 7) == b"a b" == escape(b"a b", -1)


_QUOTED = re.compile(rb"%[0-9A-Fa-f]{2}")


def reference_unescape(data: bytes, plus: bool) -> bytes:
    """Well-formed %XX decoded, a stray % kept (ngx.unescape_uri on OpenResty)."""
    # '+' first: a space can neither make nor break a %XX
    return _QUOTED.sub(lambda m: bytes((int(m[0][1:], 16),)), data.replace(b"+", b" ") if plus else data)


UNESCAPE_CASES = [
    (b"%%41", b"%A"), (b"%4%41", b"%4A"), (b"%4", b"%4"), (b"%", b"%"), (b"%zz", b"%zz"),
    (b"%2b%2", b"+%2"), (b"%%", b"%%"), (b"%g1%41", b"%g1A"), (b"a+b%20c", b"a b c"),
    (b"%E4%B8%AD", "中".encode()), (b"%00%ff%FF", b"\x00\xff\xff"), (b"", b""),
]


@pytest.mark.parametrize("coded, plain", UNESCAPE_CASES)
def test_unescape_cases(coded, plain):
    assert unescape(coded, True) == plain


def test_unescape_plus_only_when_asked():
    assert unescape(b"a+b%2B", False) == b"a+b+"
    assert unescape(b"a+b%2B", True) == b"a b+"


def test_unescape_random_against_reference():
    alphabet = b"%%%+0123456789abcdefABCDEFgxyz \xff"
    for _ in range(2000):
        data = bytes(RNG.choice(alphabet) for _ in range(RNG.randrange(0, 12)))
        for plus in (False, True):
            assert unescape(data, plus) == reference_unescape(data, plus), data


# every type but refresh escapes '%' itself, so unescaping gives the data back
@pytest.mark.parametrize("kind", [k for k in range(7) if ord("%") in ESCAPED[k]])
def test_escape_round_trip(kind):
    data = rand_bytes(5000) + b"%41%"
    assert unescape(escape(data, kind), False) == data


# -- the module as a library -----------------------------------------------------------------

def test_header_declares_what_the_module_exports():
    """Every prototype of mg_ffi.h is a function of the module, and the
    Lua ffi can resolve it by name from the shared object."""
    names = set(re.findall(r"\b(mg_ffi_\w+)\s*\(", HEADER.read_text()))
    assert {"mg_ffi_encode_base64", "mg_ffi_decode_base64", "mg_ffi_md5", "mg_ffi_sha1_bin",
            "mg_ffi_crc32_short", "mg_ffi_crc32_long", "mg_ffi_hmac_sha1", "mg_ffi_escape_uri",
            "mg_ffi_unescape_uri"} <= names
    assert names <= set(dir(lib))
    so = ffi.dlopen(library_path())
    for name in names:
        assert getattr(so, name) is not None
    out = ffi.new("unsigned char[16]")
    so.mg_ffi_md5(b"abc", 3, out)
    assert bytes(out).hex() == "900150983cd24fb0d6963f7d28e17f72"


def test_header_keeps_the_regex_section_last():
    text = HEADER.read_text()
    start, end = text.index("/* ==== regex (regex.c)"), text.index("/* ==== end of regex")
    assert start < end < text.index("#endif /* MG_FFI_H */")
