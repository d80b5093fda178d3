"""lua-cjson (luavm/stdlib/cjson.py) in a bare LuaState.

Expectations were observed with the real module: luajit (luajit2) with
Debian's lua-cjson 2.1.0, except where OpenResty's fork (2.1.0.x, what the
gateway imitates) differs, marked "OpenResty:" (taken from its README):
"must not be NaN or Infinity" (2.1.0 says "NaN or Inf"), NaN/Infinity/
-Infinity for encode_invalid_numbers(true) (2.1.0 prints inf, nan), a
precision of up to 16, and the additions (empty_array, array_mt,
empty_array_mt, encode_empty_table_as_object, decode_array_with_array_mt,
encode_escape_forward_slash). Object key order is unspecified, so objects
with several keys are checked through sorted keys or by decoding back.
"""
from __future__ import annotations

import io

import pytest

from luavm.state import LuaState
from luavm.stdlib import cjson
from luavm.value import LuaError, Table, Userdata

PRELUDE = b'local cjson = require "cjson"; local safe = require "cjson.safe"; '


def run(src: str) -> str:
    """Run a program (cjson and safe in locals, on line 1); its stdout."""
    st = LuaState()
    cjson.preload(st)
    st.stdout = io.BytesIO()
    st.run(PRELUDE + src.encode("utf-8", "surrogateescape"), "t.lua")
    return st.stdout.getvalue().decode("utf-8", "surrogateescape")


def error_of(src: str) -> str:
    with pytest.raises(LuaError) as exc:
        run(src)
    return exc.value.value.decode("utf-8", "surrogateescape")


def lua_str(text: str) -> str:
    """A Lua string literal for text (its UTF-8 bytes; decimal escapes)."""
    out = []
    for b in text.encode("utf-8", "surrogateescape"):
        ch = chr(b)
        out.append(ch if 32 <= b < 127 and ch not in '"\\' else "\\%03d" % b)
    return '"' + "".join(out) + '"'


def enc(expr: str) -> str:
    return run(f"io.write(cjson.encode({expr}))")


# -- encode -------------------------------------------------------------------------

@pytest.mark.parametrize("expr, out", [
    ("1", "1"), ("-0", "-0"), ("0", "0"), ("0.1", "0.1"), ("1/3", "0.33333333333333"),
    ("1e300", "1e+300"), ("2^53", "9.007199254741e+15"), ("2^63", "9.2233720368548e+18"),
    ("123456789012345", "1.2345678901234e+14"), ("12345678901234", "12345678901234"),
    ("99999999999999", "99999999999999"), ("999999999999999", "1e+15"),
    ("-1.5e-7", "-1.5e-07"), ("-1e-300", "-1e-300"), ("1e21", "1e+21"),
    ("123.456", "123.456"), ("5e-324", "4.9406564584125e-324"),
    ("1.7976931348623157e308", "1.7976931348623e+308"), ("0.1 + 0.2", "0.3"),
    ("100", "100"), ("1e15", "1e+15"), ("1e14", "1e+14"),
    ("true", "true"), ("false", "false"), ("nil", "null"), ("cjson.null", "null"),
    ('"a/b"', '"a\\/b"'), ('"\\0"', '"\\u0000"'), ('"é"', '"é"'),
    ("{}", "{}"), ("{{}}", "[{}]"), ("{1, 2, 3}", "[1,2,3]"),
    ('{"a", {b = {1, "x"}}}', '["a",{"b":[1,"x"]}]'),
    ("{[1.5] = 1}", '{"1.5":1}'), ("{[0] = 1}", '{"0":1}'), ("{[-1] = 1}", '{"-1":1}'),
    ("{[1] = 1, [3] = 3}", "[1,null,3]"), ("{[10] = 1}", "[" + "null," * 9 + "1]"),
    ("{nil, nil, nil, nil, nil, nil, nil, nil, nil, 1}", "[" + "null," * 9 + "1]"),
    ("{[1] = 1, [2] = 2, [4] = 4, [5] = 5}", "[1,2,null,4,5]"), ("{[2] = 2}", "[null,2]"),
    ("{[2^31] = 1}", '{"2147483648":1}'),         # C's int overflows: an object
    ('{["a/b"] = "c/d"}', '{"a\\/b":"c\\/d"}'),
    ("{1, 'a', {true, false, cjson.null}, {}}", '[1,"a",[true,false,null],{}]'),
    ("setmetatable({}, {__index = function() return 1 end})", "{}"),   # raw access
    ("setmetatable({1, 2}, {__len = function() return 5 end})", "[1,2]"),
])
def test_encode(expr: str, out: str) -> None:
    assert enc(expr) == out


def test_encode_escapes_every_byte() -> None:
    got = run("local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end "
              "io.write(cjson.encode(table.concat(t)))")
    low = "".join("\\u%04x" % i for i in range(32))
    for i, short in ((8, "\\b"), (9, "\\t"), (10, "\\n"), (12, "\\f"), (13, "\\r")):
        low = low.replace("\\u%04x" % i, short)
    printable = "".join(chr(i) for i in range(32, 127))
    printable = printable.replace("\\", "\\\\").replace('"', '\\"').replace("/", "\\/")
    high = bytes(range(128, 256)).decode("utf-8", "surrogateescape")
    assert got == '"' + low + printable + "\\u007f" + high + '"'


def test_encode_mixed_table_is_object() -> None:
    assert run("local d = cjson.decode(cjson.encode({1, 2, x = 1})) "
               "print(d['1'], d['2'], d.x, d[1])") == "1\t2\t1\tnil\n"


def test_encode_key_order_round_trip() -> None:
    out = run("""
        local big = {}
        for i = 1, 300 do big[i] = {id = i, name = "n" .. i, tags = {"a", "b"}, score = i / 7} end
        local s = cjson.encode(big)
        local again = cjson.encode(cjson.decode(s))
        print(#s, #again, cjson.decode(s)[300].name, cjson.decode(s)[7].score)""")
    assert out == "19036\t19036\tn300\t1\n"


@pytest.mark.parametrize("expr, msg", [
    ("1/0", "Cannot serialise number: must not be NaN or Infinity"),    # OpenResty
    ("-1/0", "Cannot serialise number: must not be NaN or Infinity"),
    ("0/0", "Cannot serialise number: must not be NaN or Infinity"),
    ("{[1/0] = 1}", "Cannot serialise number: must not be NaN or Infinity"),
    ("function() end", "Cannot serialise function: type not supported"),
    ("coroutine.create(function() end)", "Cannot serialise thread: type not supported"),
    ("io.stdout", "Cannot serialise userdata: type not supported"),
    ("newproxy()", "Cannot serialise userdata: type not supported"),
    ("{{function() end}}", "Cannot serialise function: type not supported"),
    ("{[true] = 1}", "Cannot serialise boolean: table key must be a number or string"),
    ("{[{}] = 1}", "Cannot serialise table: table key must be a number or string"),
    ("{[print] = 1}", "Cannot serialise function: table key must be a number or string"),
    ("{[1] = 1, [11] = 3}", "Cannot serialise table: excessively sparse array"),
    ("{[20] = 1}", "Cannot serialise table: excessively sparse array"),
    ("{[11] = 1}", "Cannot serialise table: excessively sparse array"),
    ("{[2^31 - 1] = 1}", "Cannot serialise table: excessively sparse array"),
])
def test_encode_errors(expr: str, msg: str) -> None:
    assert error_of(f"local s = cjson.encode({expr})") == "t.lua:1: " + msg
    # cjson.safe: nil and the message, with no position
    assert run(f"print(safe.encode({expr}))") == f"nil\t{msg}\n"


def test_encode_nesting() -> None:
    assert error_of("local t = {} t[1] = t local s = cjson.encode(t)") == \
        "t.lua:1: Cannot serialise, excessive nesting (1001)"
    out = run("""
        print(cjson.encode_max_depth(2))
        print(pcall(cjson.encode, {{1}}))
        print(pcall(cjson.encode, {{{1}}}))
        print(pcall(cjson.encode, {{{}}}))""")
    assert out == ("2\ntrue\t[[1]]\nfalse\tCannot serialise, excessive nesting (3)\n"
                   "false\tCannot serialise, excessive nesting (3)\n")


def test_argument_counts() -> None:
    # the argument count is checked outside the protected call: cjson.safe raises too
    for call in ("cjson.encode()", "cjson.encode(1, 2)", "safe.encode()", "safe.encode(1, 2)"):
        assert error_of(f"local s = {call}") == \
            "t.lua:1: bad argument #1 to 'encode' (expected 1 argument)"
    for call in ("cjson.decode()", "cjson.decode('1', 2)", "safe.decode()"):
        assert error_of(f"local s = {call}") == \
            "t.lua:1: bad argument #1 to 'decode' (expected 1 argument)"
    assert error_of("local s = cjson.decode({})") == \
        "t.lua:1: bad argument #1 to 'decode' (string expected, got table)"
    # through pcall the builtin has no name, as in LuaJIT
    assert run("print(pcall(cjson.encode))") == \
        "false\tbad argument #1 to '?' (expected 1 argument)\n"
    assert run("print(safe.decode({}))") == \
        "nil\tbad argument #1 to '?' (string expected, got table)\n"
    assert run("print(cjson.decode(12))") == "12\n"


# -- decode -------------------------------------------------------------------------

def dec(text: str) -> str:
    """What decode gives, re-encoded (or tostring'd) for display."""
    return run(f"""local v = cjson.decode({lua_str(text)})
        io.write(type(v) == "table" and cjson.encode(v) or tostring(v))""")


@pytest.mark.parametrize("text, out", [
    ("1", "1"), ("[1,2]", "[1,2]"), ("\t\n\r [1] \t\n\r", "[1]"), ("-0", "-0"),
    ("12345678901234567890", "1.2345678901235e+19"), ("1e400", "inf"),
    ("1.", "1"), ("01", "1"), ("+1", "1"), ("0x10", "16"), ("-0x10", "-16"),
    ("0x1p4", "16"), ("0x.8", "0.5"), ("00", "0"), ("-00", "-0"), ("-.5", "-0.5"),
    ("1e+5", "100000"), ("1E5", "100000"),
    ("-inf", "-inf"), ("NaN", "nan"), ("nan", "nan"), ("-nan", "nan"), ("Infinity", "inf"),
    ("-Infinity", "-inf"), ("INF", "inf"), ("infinity", "inf"), ("+inf", "inf"),
    ('"\\u00e9"', "é"), ('"\\ud83d\\ude00"', "😀"), ('"\\uDBFF\\uDFFF"', "\U0010ffff"),
    ('"\\u20AC\\uD834\\uDD1E\\u07ff\\u0800"', "€𝄞\u07ff\u0800"),
    ('"\\/\\b\\f\\n\\r\\t\\"\\\\"', "/\b\f\n\r\t\"\\"),
    ('"\\u0000"', "\0"), ('"\x01\x1f"', "\x01\x1f"),
    ("[1]\0x", "[1]"),                                     # a NUL ends the text
    ('[[],{},[[]],{"a":[]}]', '[{},{},[{}],{"a":{}}]'),
    ('[1,null,3]', "[1,null,3]"), ('{"a":1,"a":2}', '{"a":2}'),
    ('"\\u0041\\u00e9\\u4e2d"', "Aé中"),
])
def test_decode(text: str, out: str) -> None:
    assert dec(text) == out


def test_decode_values() -> None:
    out = run("""
        local t = cjson.decode('[1,null,3]')
        print(#t, t[2] == cjson.null, getmetatable(t))
        local o = cjson.decode('{"1":1}')
        print(o[1], o["1"])
        print(cjson.decode('"\\\\u00e9"') == "\\195\\169", cjson.decode('true'), cjson.decode('null') == cjson.null)""")
    assert out == "3\ttrue\tnil\nnil\t1\ntrue\ttrue\ttrue\n"


def test_decode_raw_bytes() -> None:
    # bytes that are not UTF-8 pass through, as in C
    assert run("local s = cjson.decode('\"\\255\\254\"') print(#s, s:byte(1, 2))") == \
        "2\t255\t254\n"
    raw_then_lone = '["\udcff", "\\ud800x"]'       # a 0xff byte, then a bad escape
    assert error_of(f"local t = cjson.decode({lua_str(raw_then_lone)})") == \
        "t.lua:1: Expected value but found invalid unicode escape code at character 8"
    raw_then_pair = '["\udcff", "\\ud800\\udc00"]'
    assert run(f"local t = cjson.decode({lua_str(raw_then_pair)}) "
               "io.write(#t[1], t[1]:byte(), t[2])") == "1255\U00010000"


@pytest.mark.parametrize("text, msg", [
    (" ", "Expected value but found T_END at character 2"),
    ("", "Expected value but found T_END at character 1"),
    ("x", "Expected value but found invalid token at character 1"),
    ("[", "Expected value but found T_END at character 2"),
    ("[1", "Expected comma or array end but found T_END at character 3"),
    ("[1,", "Expected value but found T_END at character 4"),
    ("[1 2]", "Expected comma or array end but found T_NUMBER at character 4"),
    ("{", "Expected object key string but found T_END at character 2"),
    ("{1", "Expected object key string but found T_NUMBER at character 2"),
    ('{"a"', "Expected colon but found T_END at character 5"),
    ('{"a":', "Expected value but found T_END at character 6"),
    ('{"a":1', "Expected comma or object end but found T_END at character 7"),
    ('{"a":1,', "Expected object key string but found T_END at character 8"),
    ('{"a" 1}', "Expected colon but found T_NUMBER at character 6"),
    ('{"a":1 "b"}', "Expected comma or object end but found T_STRING at character 8"),
    ("truex", "Expected the end but found invalid token at character 5"),
    ("tru", "Expected value but found invalid token at character 1"),
    ("nul", "Expected value but found invalid token at character 1"),
    ('"abc', "Expected value but found unexpected end of string at character 5"),
    ('"a\\q"', "Expected value but found invalid escape code at character 3"),
    ('"ab\\', "Expected value but found invalid escape code at character 4"),
    ('"\\u12"', "Expected value but found invalid unicode escape code at character 2"),
    ('"\\ud800"', "Expected value but found invalid unicode escape code at character 2"),
    ('"\\udc00"', "Expected value but found invalid unicode escape code at character 2"),
    ('"\\uD834\\u0041"', "Expected value but found invalid unicode escape code at character 2"),
    ('"\\uD834x"', "Expected value but found invalid unicode escape code at character 2"),
    ('"\\uzzzz"', "Expected value but found invalid unicode escape code at character 2"),
    ('["a", "b\\x"]', "Expected value but found invalid escape code at character 9"),
    ('["a", "b', "Expected value but found unexpected end of string at character 9"),
    ('  ["a", tru]', "Expected value but found invalid token at character 9"),
    ("[1,2]]", "Expected the end but found T_ARR_END at character 6"),
    ('{"a":1}{', "Expected the end but found T_OBJ_BEGIN at character 8"),
    ("[\x01]", "Expected value but found invalid token at character 2"),
    ("-", "Expected value but found invalid number at character 1"),
    ("1e", "Expected the end but found invalid token at character 2"),
    (".5", "Expected value but found invalid token at character 1"),
    ("inx", "Expected value but found invalid token at character 1"),
    ("[1,]", "Expected value but found T_ARR_END at character 4"),
    ("{,}", "Expected object key string but found T_COMMA at character 2"),
    ("]", "Expected value but found T_ARR_END at character 1"),
    ("}", "Expected value but found T_OBJ_END at character 1"),
    (":", "Expected value but found T_COLON at character 1"),
    (",", "Expected value but found T_COMMA at character 1"),
    ("\0", "Expected value but found T_END at character 1"),
    ("a\0", "JSON parser does not support UTF-16 or UTF-32"),
    ("\0\0", "JSON parser does not support UTF-16 or UTF-32"),
    ('"a\0b"', "Expected value but found unexpected end of string at character 3"),
    ("[1] x", "Expected the end but found invalid token at character 5"),
    ("\f1", "Expected value but found invalid token at character 1"),
    ("1\f", "Expected the end but found invalid token at character 2"),
    ("1 2", "Expected the end but found T_NUMBER at character 3"),
    ("+-1", "Expected value but found invalid number at character 1"),
    ("+", "Expected value but found invalid number at character 1"),
    ("+x", "Expected value but found invalid number at character 1"),
    ("0x", "Expected the end but found invalid token at character 2"),
    ("infinit", "Expected the end but found invalid token at character 4"),
    ("1e+", "Expected the end but found invalid token at character 2"),
    ("0.5e-3x", "Expected the end but found invalid token at character 7"),
    ("1.5.5", "Expected the end but found invalid token at character 4"),
    ("nanx", "Expected the end but found invalid token at character 4"),
    ("[" * 1000, "Expected value but found T_END at character 1001"),
    ("[" * 1001, "Found too many nested data structures (1001) at character 1001"),
    ("  " + '{"a":' * 1001, "Found too many nested data structures (1001) at character 5003"),
])
def test_decode_errors(text: str, msg: str) -> None:
    assert error_of(f"local v = cjson.decode({lua_str(text)})") == "t.lua:1: " + msg
    assert run(f"print(safe.decode({lua_str(text)}))") == f"nil\t{msg}\n"


def test_decode_deep_but_allowed() -> None:
    # many brackets but shallow nesting takes the fast path; deep nesting
    # up to the limit decodes
    assert run("local t = cjson.decode('[' .. string.rep('[1],', 5000) .. '[2]]') "
               "print(#t, t[5001][1])") == "5001\t2\n"
    assert run("local t = cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000)) "
               "print(type(t))") == "table\n"


def test_decode_invalid_numbers_off() -> None:
    cases = ["NaN", "Infinity", "-Infinity", "+1", "01", "0x10", "-0x10", "1", "-1", "0",
             "-01", "1e5", "inx", "-inf", "--1", "-a"]
    lua_list = ", ".join(lua_str(c) for c in cases)
    out = run(f"""print(cjson.decode_invalid_numbers(false))
        for _, s in ipairs{{{lua_list}}} do print(s, pcall(cjson.decode, s)) end""")
    tok, num = "invalid token", "invalid number"
    want = ["false",
            f"NaN\tfalse\tExpected value but found {tok} at character 1",
            f"Infinity\tfalse\tExpected value but found {tok} at character 1",
            f"-Infinity\tfalse\tExpected value but found {num} at character 1",
            f"+1\tfalse\tExpected value but found {tok} at character 1",
            f"01\tfalse\tExpected value but found {num} at character 1",
            f"0x10\tfalse\tExpected value but found {num} at character 1",
            f"-0x10\tfalse\tExpected value but found {num} at character 1",
            "1\ttrue\t1", "-1\ttrue\t-1", "0\ttrue\t0",
            f"-01\tfalse\tExpected value but found {num} at character 1",
            "1e5\ttrue\t100000",
            f"inx\tfalse\tExpected value but found {tok} at character 1",
            f"-inf\tfalse\tExpected value but found {num} at character 1",
            f"--1\tfalse\tExpected value but found {num} at character 1",
            f"-a\tfalse\tExpected value but found {num} at character 1"]
    assert out.splitlines() == want


def test_decode_max_depth() -> None:
    out = run("""
        print(cjson.decode_max_depth(2))
        print(pcall(cjson.decode, "[[1]]"))
        print(pcall(cjson.decode, "[[[1]]]"))
        print(pcall(cjson.decode, '{"a":{"b":{}}}'))""")
    lines = out.splitlines()
    assert lines[0] == "2" and lines[1].startswith("true\ttable: ")
    assert lines[2:] == ["false\tFound too many nested data structures (3) at character 3",
                         "false\tFound too many nested data structures (3) at character 11"]


# -- settings -----------------------------------------------------------------------

def test_setting_defaults() -> None:
    out = run("""
        print(cjson.encode_sparse_array())
        print(cjson.encode_max_depth(), cjson.decode_max_depth(), cjson.encode_number_precision())
        print(cjson.encode_keep_buffer(), cjson.encode_invalid_numbers(), cjson.decode_invalid_numbers())
        print(cjson.encode_empty_table_as_object(), cjson.decode_array_with_array_mt(),
              cjson.encode_escape_forward_slash())
        print(cjson._NAME, cjson._VERSION, type(cjson.null), type(cjson.empty_array))""")
    assert out == ("false\t2\t10\n1000\t1000\t14\ntrue\tfalse\ttrue\ntrue\tfalse\ttrue\n"
                   "cjson\t2.1.0.10\tuserdata\tuserdata\n")


@pytest.mark.parametrize("call, msg", [
    ("cjson.encode_sparse_array(1)", "bad argument #1 to 'encode_sparse_array' (invalid option '1')"),
    ('cjson.encode_sparse_array("x")', "bad argument #1 to 'encode_sparse_array' (invalid option 'x')"),
    ("cjson.encode_sparse_array({})",
     "bad argument #1 to 'encode_sparse_array' (string expected, got table)"),
    ("cjson.encode_sparse_array(true, -1)",
     "bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)"),
    ("cjson.encode_sparse_array(true, 1, -1)",     # lua-cjson names #1 for every range error
     "bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)"),
    ("cjson.encode_sparse_array(true, 1, 2, 3)",
     "bad argument #4 to 'encode_sparse_array' (found too many arguments)"),
    ('cjson.encode_sparse_array(true, "x")',
     "bad argument #2 to 'encode_sparse_array' (number expected, got string)"),
    ("cjson.encode_max_depth(0)",
     "bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)"),
    ('cjson.encode_max_depth("x")', "bad argument #1 to 'encode_max_depth' (number expected, got string)"),
    ("cjson.encode_max_depth(1, 2)", "bad argument #2 to 'encode_max_depth' (found too many arguments)"),
    ("cjson.encode_number_precision(0)",
     "bad argument #1 to 'encode_number_precision' (expected integer between 1 and 16)"),
    ("cjson.encode_number_precision(17)",                       # OpenResty: up to 16
     "bad argument #1 to 'encode_number_precision' (expected integer between 1 and 16)"),
    ("cjson.decode_max_depth(0)",
     "bad argument #1 to 'decode_max_depth' (expected integer between 1 and 2147483647)"),
    ('cjson.encode_invalid_numbers("x")', "bad argument #1 to 'encode_invalid_numbers' (invalid option 'x')"),
    ('cjson.encode_empty_table_as_object("yes")',
     "bad argument #1 to 'encode_empty_table_as_object' (invalid option 'yes')"),
    ("safe.encode_max_depth(1, 2)", "bad argument #2 to 'encode_max_depth' (found too many arguments)"),
])
def test_setting_errors(call: str, msg: str) -> None:
    assert error_of(f"local a = {call}") == "t.lua:1: " + msg


def test_sparse_settings() -> None:
    out = run("""
        print(cjson.encode_sparse_array("on", "3", 2.7))
        print(cjson.encode_sparse_array("off"))
        print(cjson.encode_sparse_array(true))
        local d = cjson.decode(cjson.encode({[1] = 1, [20] = 2})) print(d["1"], d["20"])
        print(cjson.encode_sparse_array(true, 0))
        local s = cjson.encode({[1] = 1, [200] = 2}) print(#s, s:sub(1, 7), s:sub(-7))
        print(cjson.encode_sparse_array(false, 2, 10))""")
    assert out == ("true\t3\t2\nfalse\t3\t2\ntrue\t3\t2\n1\t2\ntrue\t0\t2\n"
                   "995\t[1,null\tnull,2]\nfalse\t2\t10\n")


def test_invalid_numbers_settings() -> None:
    out = run("""
        print(cjson.encode_invalid_numbers("null"))
        print(cjson.encode({1/0, -1/0, 0/0}), cjson.encode({[1/0] = 1}))
        print(cjson.encode_invalid_numbers(true))
        print(cjson.encode({1/0, -1/0, 0/0}), cjson.encode({[1/0] = 1}))
        print(cjson.encode_invalid_numbers("on"), cjson.encode_invalid_numbers(false))
        cjson.encode_invalid_numbers("null")
        print(cjson.encode(cjson.decode('[1e5000,-1e5000,NaN,{"a":-Infinity}]')))""")
    assert out == ('null\n[null,null,null]\t{"null":1}\n'
                   'true\n[Infinity,-Infinity,NaN]\t{"Infinity":1}\n'     # OpenResty
                   'true\tfalse\n[null,null,null,{"a":null}]\n')


def test_number_precision() -> None:
    out = run("""
        cjson.encode_number_precision(3)
        print(cjson.encode({1/3, 12345, 0.5, -0.0001234}), cjson.encode({[1/3] = 1}))
        print(cjson.encode_number_precision(16))
        print(cjson.encode(0.1), cjson.encode(1/3), cjson.encode(2^53), cjson.encode(3.14159))""")
    assert out == ('[0.333,1.23e+04,0.5,-0.000123]\t{"0.333":1}\n16\n'
                   "0.1\t0.3333333333333333\t9007199254740992\t3.14159\n")


def test_instances_are_independent() -> None:
    out = run("""
        local c2 = cjson.new()
        print(c2 == cjson, c2.null == cjson.null, c2.array_mt == cjson.array_mt)
        c2.encode_number_precision(2)
        print(c2.encode(1/3), cjson.encode(1/3), safe.encode(1/3))
        print(safe.null == cjson.null, safe == cjson, safe.new == cjson.new)
        local s2 = safe.new()
        print(s2.encode(function() end))
        print(pcall(c2.encode, function() end))
        print(package.loaded["cjson.safe"] == safe, package.loaded.cjson == cjson)""")
    assert out == ("false\ttrue\ttrue\n0.33\t0.33333333333333\t0.33333333333333\n"
                   "true\tfalse\tfalse\nnil\tCannot serialise function: type not supported\n"
                   "false\tCannot serialise function: type not supported\ntrue\ttrue\n")


# -- OpenResty's additions (from its README) ------------------------------------------------

def test_empty_array_and_array_mt() -> None:
    out = run("""
        print(cjson.encode({cjson.empty_array}), cjson.encode(cjson.empty_array))
        print(cjson.encode({some_array = cjson.empty_array}), cjson.encode({some_object = {}}))
        print(cjson.encode(setmetatable({}, cjson.array_mt)))
        print(cjson.encode(setmetatable({"hello", "world"}, cjson.array_mt)))
        local t = {"one", "two", nil, "three"} t.foo = "bar"
        print(cjson.encode(setmetatable(t, cjson.array_mt)))
        print(cjson.encode(setmetatable({}, cjson.empty_array_mt)))
        print(cjson.encode(setmetatable({a = 1}, cjson.empty_array_mt)))
        print(cjson.encode(setmetatable({1, 2}, cjson.empty_array_mt)))
        print(safe.encode(setmetatable({}, cjson.array_mt)), safe.empty_array == cjson.empty_array)""")
    assert out == ('[[]]\t[]\n{"some_array":[]}\t{"some_object":{}}\n[]\n["hello","world"]\n'
                   '["one","two",null,"three"]\n[]\n{"a":1}\n[1,2]\n[]\ttrue\n')


def test_empty_table_as_object() -> None:
    out = run("""
        print(cjson.encode_empty_table_as_object(false))
        print(cjson.encode({}), cjson.encode({dogs = {}}))
        print(cjson.encode_empty_table_as_object("on"))
        print(cjson.encode({}), cjson.encode({dogs = {}}))""")
    assert out == 'false\n[]\t{"dogs":[]}\ntrue\n{}\t{"dogs":{}}\n'


def test_decode_array_with_array_mt() -> None:
    out = run("""
        print(cjson.decode_array_with_array_mt(true))
        local d = cjson.decode('{"a":[],"b":[1,2]}')
        print(getmetatable(d.a) == cjson.array_mt, getmetatable(d), cjson.encode(d.a), cjson.encode(d.b))
        local d = cjson.decode('[1,2]\\0')         -- the exact tokenizer's path too
        print(getmetatable(d) == cjson.array_mt)
        print(cjson.decode_array_with_array_mt(false))
        print(getmetatable(cjson.decode('[]')))""")
    assert out == "true\ntrue\tnil\t[]\t[1,2]\ntrue\nfalse\nnil\n"


def test_escape_forward_slash() -> None:
    out = run("""
        print(cjson.encode_escape_forward_slash(false))
        print(cjson.encode("a/b"), cjson.encode({["/"] = "/"}))
        print(cjson.encode_escape_forward_slash(true))
        print(cjson.encode("a/b"))""")
    assert out == 'false\n"a/b"\t{"/":"/"}\ntrue\n"a\\/b"\n'


# -- embedding ----------------------------------------------------------------------

def test_null_is_the_embedders() -> None:
    st = LuaState()
    null = Userdata()
    shared = cjson.preload(st, null=null)
    assert shared.null is null
    (mod,) = st.run(b'return require "cjson"')
    assert isinstance(mod, Table) and dict.get(mod, b"null") is null
    assert st.run(b'return require("cjson").decode("null")') == (null,)


def test_not_opened_by_default() -> None:
    st = LuaState()
    st.stdout = io.BytesIO()
    st.run(b'print(pcall(require, "cjson"))', "t.lua")
    assert st.stdout.getvalue().startswith(b"false\tmodule 'cjson' not found")
