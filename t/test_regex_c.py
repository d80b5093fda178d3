"""The regex helper of gateway/csrc/regex.c through cffi (gateway._helpers):
option letters, compile errors, exec offsets, names, templates, the
substitution loop, the compile-once cache and the process-wide settings.

Each PCRE2 option bit regex.c declares by hand is checked here by its effect
on a match (PCRE2 has no headers on a stock machine to take them from).
t/gateway/regex.t checks the ngx.re API built on this against OpenResty.
"""
from __future__ import annotations

import pytest

from gateway.csrc import ffi, lib

ERRSIZE = 128


def opts(letters: bytes) -> int:
    out = ffi.new("int *")
    assert lib.mg_ffi_regex_parse_opts(letters, len(letters), out) == 0
    return out[0]


def compile_(pattern: bytes, letters: bytes = b""):
    err = ffi.new("char[]", ERRSIZE)
    re = lib.mg_ffi_regex_compile(pattern, len(pattern), opts(letters), err, ERRSIZE)
    if re == ffi.NULL:
        return ffi.string(err)
    return ffi.gc(re, lib.mg_ffi_regex_free)


def exec_(re, subj: bytes, pos: int = 0) -> tuple[int, list[int]]:
    rc = lib.mg_ffi_regex_exec(re, subj, len(subj), pos)
    return rc, ffi.unpack(re.captures, 2 * (re.ncaptures + 1))


def matched(pattern: bytes, subj: bytes, letters: bytes = b"") -> bytes | None:
    re = compile_(pattern, letters)
    assert not isinstance(re, bytes), re
    rc, caps = exec_(re, subj)
    return subj[caps[0]:caps[1]] if rc > 0 else None


def template(re, text: bytes, allow_names: int = 0):
    err = ffi.new("char[]", ERRSIZE)
    tpl = lib.mg_ffi_regex_tpl_compile(re, text, len(text), allow_names, err, ERRSIZE)
    if tpl == ffi.NULL:
        return ffi.string(err)
    return ffi.gc(tpl, lib.mg_ffi_regex_tpl_free)


def subst(pattern: bytes, subj: bytes, text: bytes, global_: int = 1,
          letters: bytes = b"") -> tuple[bytes, int]:
    re = compile_(pattern, letters)
    tpl = template(re, text)
    out = ffi.new("const unsigned char **")
    out_len = ffi.new("size_t *")
    n = lib.mg_ffi_regex_subst(re, tpl, subj, len(subj), global_, out, out_len)
    return (ffi.buffer(out[0], out_len[0])[:] if n >= 0 else b""), n


# -- options ------------------------------------------------------------------

def test_parse_opts_letters_and_unknown():
    assert opts(b"") == 0
    assert opts(b"i") == lib.MG_FFI_REGEX_CASELESS
    assert opts(b"U") == lib.MG_FFI_REGEX_UTF | lib.MG_FFI_REGEX_NO_UTF_CHECK
    assert opts(b"jo") == lib.MG_FFI_REGEX_JIT | lib.MG_FFI_REGEX_ONCE
    out = ffi.new("int *")
    assert lib.mg_ffi_regex_parse_opts(b"ijz", 3, out) == 3     # 1-based position
    assert lib.mg_ffi_regex_parse_opts(b"I", 1, out) == 1


@pytest.mark.parametrize("pattern, subj, letters, without, with_", [
    (b"b", b"ABC", b"i", None, b"B"),                   # PCRE2_CASELESS
    (b"^b", b"a\nb", b"m", None, b"b"),                 # PCRE2_MULTILINE
    (b"a.b", b"a\nb", b"s", None, b"a\nb"),             # PCRE2_DOTALL
    (b"a b", b"ab", b"x", None, b"ab"),                 # PCRE2_EXTENDED
    (b"^.$", "é".encode(), b"u", None, "é".encode()),   # PCRE2_UTF
    (b"b", b"ab", b"a", b"b", None),                    # PCRE2_ANCHORED
    (b"\\u0041", b"A", b"J", "error", b"A"),            # PCRE2_ALT_BSUX
    (b"(a)?\\1b", b"b", b"J", None, b"b"),              # PCRE2_MATCH_UNSET_BACKREF
    (b"(?<x>a)|(?<x>b)", b"b", b"D", "error", b"b"),    # PCRE2_DUPNAMES
    (b"a|ab|abc", b"abcd", b"d", b"a", b"abc"),         # DFA: the longest match
    (b"b+", b"abbb", b"j", b"bbb", b"bbb"),             # JIT: same results
])
def test_each_option_by_its_effect(pattern, subj, letters, without, with_):
    plain = compile_(pattern)
    if without == "error":
        assert isinstance(plain, bytes)
    else:
        assert matched(pattern, subj) == without
    assert matched(pattern, subj, letters) == with_


def test_utf_is_not_ucp_and_U_skips_the_check():
    assert matched(b"\\w", "é".encode(), b"u") is None      # as OpenResty: no PCRE2_UCP
    re = compile_(b"l+", b"u")
    assert exec_(re, b"h\xffllo")[0] == -23                 # PCRE2_ERROR_UTF8_ERR21
    assert matched(b"l+", b"h\xffllo", b"U") == b"ll"       # PCRE2_NO_UTF_CHECK


# -- compile errors -------------------------------------------------------------

def test_compile_errors_in_nginx_words():
    assert compile_(b"(abc") == b'pcre2_compile() failed: missing closing parenthesis in "(abc"'
    assert compile_(b"a{2,1}") == (b'pcre2_compile() failed: numbers out of order in {} '
                                   b'quantifier in "a{2,1}" at "}"')
    # a NUL in the pattern is quoted as it is; a long message is cut to the buffer
    assert compile_(b"(a\0") == b'pcre2_compile() failed: missing closing parenthesis in "(a'
    long = compile_(b"(" + b"a" * 300)
    assert len(long) == ERRSIZE - 1 and long.startswith(b"pcre2_compile() failed:")


def test_error_message():
    buf = ffi.new("char[]", 64)
    n = lib.mg_ffi_regex_error_message(-47, buf, 64)
    assert ffi.string(buf) == b"match limit exceeded" and n == len(b"match limit exceeded")
    lib.mg_ffi_regex_error_message(lib.MG_FFI_REGEX_NOMEM, buf, 64)
    assert ffi.string(buf) == b"no memory"


# -- exec ------------------------------------------------------------------

def test_exec_offsets_and_unset_groups():
    re = compile_(b"(a)(x)?(b)")
    assert re.ncaptures == 3
    assert exec_(re, b"zab") == (4, [1, 3, 1, 2, -1, -1, 2, 3])
    # the highest set group decides rc; later unset groups read -1
    re = compile_(b"(a)(x)?")
    assert exec_(re, b"a") == (2, [0, 1, 0, 1, -1, -1])


def test_exec_start_position_and_codes():
    re = compile_(b"a")
    assert exec_(re, b"xaxa", 2)[1][:2] == [3, 4]
    assert exec_(re, b"xaxa", 4)[0] == lib.MG_FFI_REGEX_NOMATCH == -1
    assert exec_(re, b"xaxa", 5)[0] == -33                  # PCRE2_ERROR_BADOFFSET
    assert exec_(re, b"xaxa", -3)[1][:2] == [1, 2]          # negative: from the start
    empty = compile_(b"$")
    assert exec_(empty, b"ab", 2) == (1, [2, 2])


def test_names_table():
    re = compile_(b"(?<year>\\d+)-(x)?(?<m>\\d+)")
    assert (re.ncaptures, re.name_count) == (3, 2)
    names = []
    for i in range(re.name_count):
        entry = re.name_table + i * re.name_entry_size
        names.append(((entry[0] << 8) | entry[1], ffi.string(entry + 2)))
    assert names == [(3, b"m"), (1, b"year")]       # sorted by name
    dup = compile_(b"(?<x>a)|(?<x>b)", b"D")
    assert dup.name_count == 2 and dup.flags & lib.MG_FFI_REGEX_DUPNAMES
    assert compile_(b"(a)", b"d").ncaptures == 0    # DFA: no groups
    assert compile_(b"(?<n>a)", b"d").name_count == 0


def test_match_limit():
    lib.mg_ffi_regex_set_match_limit(1000)
    try:
        re = compile_(b"^(a+)+$")
        assert exec_(re, b"a" * 30 + b"b")[0] == -47    # PCRE2_ERROR_MATCHLIMIT
        assert exec_(re, b"aaa")[0] == 2
    finally:
        lib.mg_ffi_regex_set_match_limit(0)
    assert exec_(compile_(b"^(a+)+$"), b"a" * 18 + b"b")[0] == -1


def test_jit_stack_size():
    err = ffi.new("char[]", ERRSIZE)
    assert lib.mg_ffi_regex_set_jit_stack_size(256 * 1024, err, ERRSIZE) == 0
    assert matched(b"(a|b)+c", b"ab" * 1000 + b"c", b"j") == b"ab" * 1000 + b"c"
    assert lib.mg_ffi_regex_set_jit_stack_size(0, err, ERRSIZE) == -1
    assert ffi.string(err) == b"invalid jit stack size"


# -- templates and substitution ----------------------------------------------------------

@pytest.mark.parametrize("text, result", [
    (b"[$0]", b"a[b]c"), (b"[$1]", b"a[b]c"), (b"[${1}x]", b"a[bx]c"), (b"$1a", b"abac"),
    (b"$01", b"abc"), (b"[$2]", b"a[]c"), (b"[$99999999999]", b"a[]c"), (b"[$$]", b"a[$]c"),
    (b"", b"ac"), (b"plain", b"aplainc"), (b"$0$1$$$1", b"abb$bc"),
])
def test_templates(text, result):
    assert subst(b"(b)", b"abc", text) == (result, 1)


@pytest.mark.parametrize("text, error", [
    (b"$", b'lua script: invalid capturing variable name found in "$"'),
    (b"a$", b'lua script: invalid capturing variable name found in "a$"'),
    (b"${", b'lua script: invalid capturing variable name found in "${"'),
    (b"[${}]", b'lua script: invalid capturing variable name found in "[${}]"'),
    (b"$-", b'lua script: invalid capturing variable name found in "$-"'),
    (b"${1a}", b'the closing bracket in "1" variable is missing'),
    (b"${ 1}", b'the closing bracket in "" variable is missing'),
    (b"$a", b'attempt to use named capturing variable "a" (named captures not supported yet)'),
    (b"${n}", b'attempt to use named capturing variable "n" (named captures not supported yet)'),
])
def test_bad_templates(text, error):
    assert template(compile_(b"(?<n>b)"), text) == error


def test_named_templates_when_allowed():
    re = compile_(b"(?<x>a)|(?<x>b)", b"D")
    tpl = template(re, b"<${x}>", allow_names=1)
    assert exec_(re, b"zb")[0] == 3
    dst = ffi.new("unsigned char[]", 16)
    n = lib.mg_ffi_regex_tpl_eval(tpl, re, b"zb", dst, 16)
    assert ffi.buffer(dst, n)[:] == b"<b>"         # the set one of the duplicates
    assert lib.mg_ffi_regex_tpl_eval(tpl, re, b"zb", dst, 2) == 3     # too small: length only
    assert template(re, b"${nope}", allow_names=1) == b'unknown named capturing variable "nope"'


def test_subst_loop():
    assert subst(b"o", b"hello world", b"0") == (b"hell0 w0rld", 2)
    assert subst(b"o", b"hello world", b"0", global_=0) == (b"hell0 world", 1)
    assert subst(b"z", b"hello", b"0") == (b"hello", 0)
    # empty matches move one byte on, as OpenResty
    assert subst(b"x*", b"abc", b"-") == (b"-a-b-c-", 4)
    assert subst(b"", b"", b"-") == (b"-", 1)
    assert subst(b"x*", b"axxb", b"-") == (b"-a--b-", 4)
    assert subst(b"$", b"abc", b"!") == (b"abc!", 1)
    assert subst(b"l", b"h\xffllo", b"L", letters=b"u")[1] == -23
    big = b"ab" * 50000
    assert subst(b"b", big, b"[$0$0]") == (b"a[bb]" * 50000, 50000)


# -- the compile-once cache ------------------------------------------------------------------

def test_cache_keeps_and_stops_when_full():
    once = opts(b"o")
    err = ffi.new("char[]", ERRSIZE)
    first = lib.mg_ffi_regex_compile(b"cache-test-1", 12, once, err, ERRSIZE)
    assert first.cached == 1
    count = lib.mg_ffi_regex_cache_count()
    again = lib.mg_ffi_regex_compile(b"cache-test-1", 12, once, err, ERRSIZE)
    assert again == first and lib.mg_ffi_regex_cache_count() == count
    lib.mg_ffi_regex_free(first)                     # a cached handle stays
    assert exec_(first, b"xcache-test-1")[0] == 1
    # other flags, another entry
    other = lib.mg_ffi_regex_compile(b"cache-test-1", 12, once | lib.MG_FFI_REGEX_CASELESS,
                                     err, ERRSIZE)
    assert other != first and other.cached == 1
    old = lib.mg_ffi_regex_cache_max(lib.mg_ffi_regex_cache_count())
    try:
        full = lib.mg_ffi_regex_compile(b"cache-test-2", 12, once, err, ERRSIZE)
        assert full != ffi.NULL and full.cached == 0      # the caller logs it
        assert lib.mg_ffi_regex_cache_count() == count + 1
        lib.mg_ffi_regex_free(full)
    finally:
        assert lib.mg_ffi_regex_cache_max(old) == count + 1
    plain = lib.mg_ffi_regex_compile(b"cache-test-1", 12, 0, err, ERRSIZE)
    assert plain != first and plain.cached == 0
    lib.mg_ffi_regex_free(plain)
    assert lib.mg_ffi_regex_cache_max(old) == old == lib.MG_FFI_REGEX_CACHE_MAX_DEFAULT
    assert lib.mg_ffi_regex_cache_max(-1) == old      # a negative max only reads it
