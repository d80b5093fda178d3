"""The request-independent ngx API: gateway/ngx/escape.py and gateway/ngx/time.py.

Every expected output and error message below was printed by OpenResty
(nginx 1.22.1, lua-nginx-module 0.10.23, lua-resty-core 0.1.25) running the
same Lua code; only the chunk name differs (t.lua here). Where Lua leaves
an order unspecified (pairs over several keys) the snippets sort first.
"""
from __future__ import annotations

import io
import time

import pytest

from gateway.ngx import escape
from gateway.ngx import time as ngx_time
from luavm.state import LuaState
from luavm.value import LuaError, Table

NOW = 1290079655.1239       # Thu, 18 Nov 2010 11:27:35.123 GMT


class Lua:
    """A Lua state whose global `ngx` has both modules, on a settable clock."""

    def __init__(self) -> None:
        self.time = NOW
        self.clock = ngx_time.Clock(lambda: self.time)
        ngx = Table()
        escape.install(ngx)
        ngx_time.install(ngx, self.clock)
        self.st = LuaState()
        self.st.globals[b"ngx"] = ngx

    def out(self, code: str) -> str:
        """What the snippet prints."""
        self.st.stdout = io.BytesIO()
        self.st.run(code.encode(), "t.lua")
        return self.st.stdout.getvalue().decode("latin-1")

    def error(self, code: str) -> str:
        """The message of the error the snippet raises."""
        with pytest.raises(LuaError) as caught:
            self.st.run(code.encode(), "t.lua")
        return caught.value.value.decode("latin-1")


@pytest.fixture
def lua() -> Lua:
    return Lua()


def lua_string(data: bytes) -> str:
    """A Lua string literal for any bytes."""
    return '"' + "".join(f"\\{c}" for c in data) + '"'


# -- escape_uri -------------------------------------------------------------------

CONTROL = " ".join(f"{c:02x}" for c in range(0x21))
NON_ASCII = " ".join(f"{c:02x}" for c in range(0x7F, 0x100))

# The bytes each type escapes, as OpenResty printed them (script below).
ESCAPED_BY_TYPE = [
    f"0: {CONTROL} 23 25 3f {NON_ASCII}",
    f"1: {CONTROL} 23 25 2b 3f {NON_ASCII}",
    f"2: {CONTROL} 22 23 24 25 26 2b 2c 2f 3a 3b 3c 3d 3e 3f 40 5b 5c 5d 5e 60 7b 7c 7d {NON_ASCII}",
    f"3: {CONTROL} 22 23 25 27 {NON_ASCII}",
    f"4: {CONTROL} 22 27 {NON_ASCII}",
    f"5: {CONTROL} 25",
    f"6: {CONTROL} 25",
]


def test_escape_uri_bytes_escaped_by_each_type(lua):
    assert lua.out("""
for t = 0, 6 do
  local out = {}
  for b = 0, 255 do
    local c = string.char(b)
    if ngx.escape_uri(c, t) ~= c then out[#out + 1] = string.format("%02x", b) end
  end
  print(t .. ": " .. table.concat(out, " "))
end""").splitlines() == ESCAPED_BY_TYPE


def test_escape_uri(lua):
    assert lua.out("""
print(ngx.escape_uri("a b/c~!*'()"))
print(ngx.escape_uri("a b/c~!*'()", 0))
print(ngx.escape_uri("a b/c?#%+", 1))
print(ngx.escape_uri("\\255\\1 "))
print(ngx.escape_uri("a b", 2.5), ngx.escape_uri("a b\\"", 5.5))
print(ngx.escape_uri("x", 2, "extra"))
""") == "a%20b%2Fc~!*'()\na%20b/c~!*'()\na%20b/c%3F%23%25%2B\n%FF%01%20\na%20b\ta%20b\"\nx\n"


def test_escape_uri_converts_any_value_with_tostring(lua):
    assert lua.out("""
local t = setmetatable({}, {__tostring = function() return "a b" end})
print(ngx.escape_uri(nil) .. "|" .. ngx.escape_uri(false) .. "|" .. ngx.escape_uri() .. "|")
print(ngx.escape_uri(true), ngx.escape_uri(12.5), ngx.escape_uri(t))
print(ngx.escape_uri(1e100), ngx.escape_uri(-0.0), ngx.escape_uri(1/0), ngx.escape_uri(2^53))
print(ngx.escape_uri({}):match("^table%%3A%%200x") ~= nil)
""") == "|||\ntrue\t12.5\ta%20b\n1e%2B100\t-0\tinf\t9.007199254741e%2B15\ntrue\n"


@pytest.mark.parametrize("kind, message", [
    ('"x"', '"type" is not a number'),
    ('"2"', '"type" is not a number'),
    ("true", '"type" is not a number'),
    ("7", '"type" 7 out of range'),
    ("-1", '"type" -1 out of range'),
    ("6.9", '"type" 6.9 out of range'),
    ("6.5", '"type" 6.5 out of range'),
    ("-0.5", '"type" -0.5 out of range'),
    ("1/0", '"type" inf out of range'),
    ("-1/0", '"type" -inf out of range'),
    # OpenResty crashes on NaN; an error is the sensible reading
    ("0/0", '"type" nan out of range'),
])
def test_escape_uri_bad_type(lua, kind, message):
    # resty.core raises at level 3: the caller of the function calling escape_uri
    assert lua.out(f'print(pcall(ngx.escape_uri, "a", {kind}))') == f"false\tt.lua:1: {message}\n"
    assert lua.out(f"""
print(pcall(function()
  local s = ngx.escape_uri("a", {kind})
  return s
end))""") == f"false\t{message}\n"


def test_escape_uri_bad_type_uncaught(lua):
    assert lua.error('local s = ngx.escape_uri("a", {})') == '"type" is not a number'


# -- unescape_uri -------------------------------------------------------------------

@pytest.mark.parametrize("data, decoded", [
    (b"%2", b"%2"),
    (b"%", b"%"),
    (b"%%41", b"%A"),
    (b"%4%41", b"%4A"),
    (b"%e4%b8%ad", b"\xe4\xb8\xad"),
    (b"%00x", b"\x00x"),
    (b"%G1", b"%G1"),
    (b"%1G", b"%1G"),
    (b"%%%", b"%%%"),
    (b"a%2b+%2B", b"a+ +"),
    (b"%zz%41", b"%zzA"),
    (b"%4", b"%4"),
    (b"+++", b"   "),
    (b"%2B%2b", b"++"),
    (b"a+b%20c%2x%zz%41%4a%4A%", b"a b c%2x%zzAJJ%"),
    (b"", b""),
])
def test_unescape_uri(lua, data, decoded):
    assert lua.out(f"io.write(ngx.unescape_uri({lua_string(data)}))").encode("latin-1") == decoded


def test_unescape_uri_converts_any_value_with_tostring(lua):
    assert lua.out("""
print(ngx.unescape_uri(nil) .. "|" .. ngx.unescape_uri(false) .. "|" .. ngx.unescape_uri())
print(ngx.unescape_uri(true), ngx.unescape_uri(12), ngx.unescape_uri("a+b", 2, 3))
print(ngx.unescape_uri({}):match("^table: 0x") ~= nil)
""") == "||\ntrue\t12\ta b\ntrue\n"


def test_unescape_uri_undoes_escape_uri_of_types_that_escape_plus(lua):
    # `+` is a space to unescape_uri: only types 1 and 2 escape it
    assert lua.out("""
local all = {}
for b = 0, 255 do all[#all + 1] = string.char(b) end
all = table.concat(all)
for t = 0, 6 do io.write(tostring(ngx.unescape_uri(ngx.escape_uri(all, t)) == all), " ") end
""") == "false true true false false false false "


# -- encode_args ----------------------------------------------------------------------

SORTED_ARGS = """
local function sorted(query)
  local parts = {}
  for part in query:gmatch("[^&]+") do parts[#parts + 1] = part end
  table.sort(parts)
  return table.concat(parts, "&")
end
"""


def test_encode_args(lua):
    assert lua.out(SORTED_ARGS + """
print(sorted(ngx.encode_args({a = "1 2", b = true, c = false, e = 3})))
print(ngx.encode_args({d = {"x", "y z", true, false, 3, -0.0, 1e100}}))
print(ngx.encode_args({["/?&="] = "/?&=+#~"}))
print(ngx.encode_args({[""] = "x"}), ngx.encode_args({[""] = true}), ngx.encode_args({a = ""}))
print("[" .. ngx.encode_args({}) .. "]", "[" .. ngx.encode_args({a = {}}) .. "]",
      "[" .. ngx.encode_args({a = {false}, b = false}) .. "]")
print(ngx.encode_args({a = {n = 1}}), ngx.encode_args({a = {1, nil, 3}}))
""") == ("a=1%202&b&e=3\n"
         "d=x&d=y%20z&d&d=3&d=-0&d=1e%2B100\n"
         "%2F%3F%26%3D=%2F%3F%26%3D%2B%23~\n"
         "=x\t\ta=\n"
         "[]\t[]\t[]\n"
         "a=1\ta=1&a=3\n")


def test_encode_args_keeps_the_traversal_order(lua):
    assert lua.out("""
local t = {z = 1, y = {2, 3}, x = true}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
local expected = {}
for i, k in ipairs(keys) do
  expected[i] = k == "y" and "y=2&y=3" or k == "x" and "x" or "z=1"
end
print(ngx.encode_args(t) == table.concat(expected, "&"))
""") == "true\n"


@pytest.mark.parametrize("number, text", [
    ("3.5", "3.5"), ("1e100", "1e%2B100"), ("0/0", "nan"), ("1/0", "inf"), ("-1/0", "-inf"),
    ("2^53", "9.007199254741e%2B15"), ("-0.0", "-0"), ("0.1", "0.1"), ("1/3", "0.33333333333333"),
    ("123456789012345", "1.2345678901235e%2B14"),
])
def test_encode_args_numbers(lua, number, text):
    assert lua.out(f"print(ngx.encode_args({{n = {number}}}))") == f"n={text}\n"


@pytest.mark.parametrize("args, message", [
    ('{[1] = "v"}', 'attempt to use a non-string key in the "args" option table'),
    ('{[2.5] = "v"}', 'attempt to use a non-string key in the "args" option table'),
    ("{[true] = 1}", 'attempt to use a non-string key in the "args" option table'),
    ("{[{}] = 1}", 'attempt to use a non-string key in the "args" option table'),
    ("{a = {{}}}", "attempt to use table as query arg value"),
    ("{a = {1, 2, {}}}", "attempt to use table as query arg value"),
    ("{a = print}", "attempt to use function as query arg value"),
    ("{a = {print}}", "attempt to use function as query arg value"),
    ("{a = coroutine.create(function() end)}", "attempt to use thread as query arg value"),
    ("nil", "bad argument #1 to '?' (table expected, got nil)"),
    ('"x"', "bad argument #1 to '?' (table expected, got string)"),
    ("", "expecting 1 argument but seen 0"),
    ("{}, {}", "expecting 1 argument but seen 2"),
    ("{}, nil", "expecting 1 argument but seen 2"),
])
def test_encode_args_errors(lua, args, message):
    call = "pcall(ngx.encode_args" + (f", {args})" if args else ")")
    assert lua.out(f"print({call})") == f"false\t{message}\n"


def test_encode_args_errors_name_the_caller(lua):
    assert lua.out("""
print(pcall(function() local x = ngx.encode_args({a = {{}}}) return x end))
print(pcall(function() local x = ngx.encode_args("x") return x end))
print(pcall(function() local x = ngx.encode_args() return x end))
""") == ("false\tt.lua:2: attempt to use table as query arg value\n"
         "false\tt.lua:3: bad argument #1 to 'encode_args' (table expected, got string)\n"
         "false\tt.lua:4: expecting 1 argument but seen 0\n")


# -- decode_args --------------------------------------------------------------------------

DUMP = """
local function dump(t, trunc)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "table" then
      local items = {}
      for i = 1, #v do items[i] = tostring(v[i]) end
      v = "{" .. table.concat(items, ",") .. "}"
    elseif type(v) == "string" then
      v = '"' .. v .. '"'
    end
    out[#out + 1] = k .. "=" .. tostring(v)
  end
  return table.concat(out, " ") .. (trunc and " (" .. trunc .. ")" or "")
end
"""


@pytest.mark.parametrize("query, max_args, dumped", [
    (b"a=1&a=2&b&c=&d=x+y%20z&&=v&e=1=2&a=3&%41+b=%3D", None,
     'A b="=" a={1,2,3} b=true c="" d="x y z" e="1=2"'),
    (b"a;b=1 c?d#e", None, 'a;b="1 c?d#e"'),
    (b"a&a=1&a", None, "a={true,1,true}"),
    (b"a=&b", None, 'a="" b=true'),
    (b"=", None, ""),
    (b"a=%&b=%zz+", None, 'a="%" b="%zz "'),
    (b"&a", None, "a=true"),
    (b"", None, ""),
    (b"a=1&b=2&c=3", 2, 'a="1" b="2" (truncated)'),
    (b"a=1&b=2", 2, 'a="1" b="2"'),
    (b"a=1&b=2&", 2, 'a="1" b="2" (truncated)'),
    (b"&&&", 2, " (truncated)"),
    (b"=&=x&a", 2, " (truncated)"),
    (b"a&a=1&a", 2, "a={true,1} (truncated)"),
    (b"a=1&b=2&c", 0, 'a="1" b="2" c=true'),
    (b"a=1&b=2&c", -1, 'a="1" b="2" c=true'),
    (b"a=1&b=2&c", 1.7, 'a="1" (truncated)'),
    (b"a=1&b=2&c", '"2"', 'a="1" b="2" (truncated)'),
    (b"a=1&b=2", 1, 'a="1" (truncated)'),
])
def test_decode_args(lua, query, max_args, dumped):
    extra = "" if max_args is None else f", {max_args}"
    assert lua.out(DUMP + f"print(dump(ngx.decode_args({lua_string(query)}{extra})))") == dumped + "\n"


def test_decode_args_reads_100_args_by_default(lua):
    assert lua.out("""
local s = {}
for i = 1, 105 do s[i] = "k" .. i end
local t, err = ngx.decode_args(table.concat(s, "&"))
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n, err, t.k100, t.k101)
print(select("#", ngx.decode_args("a")), ngx.decode_args(12)["12"])
""") == "100\ttruncated\ttrue\tnil\n1\ttrue\n"


@pytest.mark.parametrize("args, message", [
    ("nil", "bad argument #1 to '?' (string expected, got nil)"),
    ("{}", "bad argument #1 to '?' (string expected, got table)"),
    ('"a", "x"', "bad argument #2 to '?' (number expected, got string)"),
    ('"a", {}', "bad argument #2 to '?' (number expected, got table)"),
    ('"a", nil', "bad argument #2 to '?' (number expected, got nil)"),
    ("", "expecting 1 or 2 arguments but seen 0"),
    ('"a", 1, 2', "expecting 1 or 2 arguments but seen 3"),
])
def test_decode_args_errors(lua, args, message):
    call = "pcall(ngx.decode_args" + (f", {args})" if args else ")")
    assert lua.out(f"print({call})") == f"false\t{message}\n"


def test_decode_args_errors_name_the_caller(lua):
    assert lua.out("""
print(pcall(function() local x = ngx.decode_args({}) return x end))
print(pcall(function() local x = ngx.decode_args("a", "x") return x end))
""") == ("false\tt.lua:2: bad argument #1 to 'decode_args' (string expected, got table)\n"
         "false\tt.lua:3: bad argument #2 to 'decode_args' (number expected, got string)\n")


def test_decode_args_python_api():
    args, truncated = escape.decode_args(b"a=1&a=2&b", 100)
    assert not truncated
    assert dict(args) == {b"a": args[b"a"], b"b": True}
    assert dict(args[b"a"]) == {1.0: b"1", 2.0: b"2"}
    assert args[b"a"].length() == 2
    args, truncated = escape.decode_args(b"a=1&b=2", 1)
    assert truncated and dict(args) == {b"a": b"1"}


def test_python_codecs():
    assert escape.unescape(b"a+b%20%2B", True) == b"a b +"
    assert escape.unescape(b"a+b%20%2B", False) == b"a+b +"
    assert escape.escape(b"a b/c?") == b"a%20b%2Fc%3F"
    assert escape.escape(b"a b/c?", escape.ESCAPE_URI) == b"a%20b/c%3F"
    t = Table()
    t[b"k"] = b"v w"
    assert escape.encode_args(t) == b"k=v%20w"


# -- quote_sql_str ----------------------------------------------------------------------------

def test_quote_sql_str(lua):
    assert lua.out(r"""
io.write(ngx.quote_sql_str("a\0b\bc\nd\re\tf\26g\\h'i\"j%k_l`m"), "\n")
io.write(ngx.quote_sql_str(""), ngx.quote_sql_str(12.5), ngx.quote_sql_str("\128\255"))
""").encode("latin-1") == b"'a\\0b\\bc\\nd\\re\\tf\\Zg\\\\h\\'i\\\"j%k_l`m'\n'''12.5''\x80\xff'"


@pytest.mark.parametrize("args, message", [
    ("nil", "bad argument #1 to '?' (string expected, got nil)"),
    ("{}", "bad argument #1 to '?' (string expected, got table)"),
    ("true", "bad argument #1 to '?' (string expected, got boolean)"),
    ("", "expecting one argument"),
    ('"a", "b"', "expecting one argument"),
    ('"a", nil', "expecting one argument"),
])
def test_quote_sql_str_errors(lua, args, message):
    call = "pcall(ngx.quote_sql_str" + (f", {args})" if args else ")")
    assert lua.out(f"print({call})") == f"false\t{message}\n"


def test_quote_sql_str_errors_name_the_caller(lua):
    assert lua.out("""
print(pcall(function() local x = ngx.quote_sql_str({}) return x end))
print(pcall(function() local x = ngx.quote_sql_str() return x end))
""") == ("false\tt.lua:2: bad argument #1 to 'quote_sql_str' (string expected, got table)\n"
         "false\tt.lua:3: expecting one argument\n")


# -- the clock: now, time, update_time, today, localtime, utctime ------------------------------

@pytest.fixture
def tokyo(monkeypatch):
    """Local time 9 hours ahead of UTC, so local and UTC dates can differ."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_now_and_time(lua):
    assert lua.out("print(ngx.now(), ngx.time(), ngx.now() == 1290079655.123)") == \
        "1290079655.123\t1290079655\ttrue\n"


def test_time_is_cached_until_update_time(lua):
    lua.time = NOW + 61.5
    assert lua.out("print(ngx.now(), ngx.utctime())") == "1290079655.123\t2010-11-18 11:27:35\n"
    assert lua.out("print(select('#', ngx.update_time()), ngx.now(), ngx.time(), ngx.utctime())") == \
        "0\t1290079716.623\t1290079716\t2010-11-18 11:28:36\n"


def test_clock_update():
    source = [1.9999]
    clock = ngx_time.Clock(lambda: source[0])
    assert clock.now() == 1.999 and clock.sec == 1
    source[0] = 1290079655.0
    assert clock.now() == 1.999     # cached until update()
    clock.update()
    assert clock.now() == 1290079655.0


def test_local_and_utc_dates(lua, tokyo):
    lua.time = 1290117600.5         # 22:00 UTC: already the next day in Tokyo
    lua.clock.update()
    assert lua.out("print(ngx.today(), ngx.localtime(), ngx.utctime())") == \
        "2010-11-19\t2010-11-19 07:00:00\t2010-11-18 22:00:00\n"


# -- http_time, cookie_time ---------------------------------------------------------------------

@pytest.mark.parametrize("sec, http, cookie", [
    ("0", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("1290079655", "Thu, 18 Nov 2010 11:27:35 GMT", "Thu, 18-Nov-10 11:27:35 GMT"),
    ("1290079655.9", "Thu, 18 Nov 2010 11:27:35 GMT", "Thu, 18-Nov-10 11:27:35 GMT"),
    ("-1", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("-31536000", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("2^31", "Tue, 19 Jan 2038 03:14:08 GMT", "Tue, 19-Jan-2038 03:14:08 GMT"),
    ("2^33", "Wed, 16 Mar 2242 12:56:32 GMT", "Wed, 16-Mar-2242 12:56:32 GMT"),
    ("253402300799", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"),
    ("253402300800", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"),
    ("1e15", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"),
    ("946684800", "Sat, 01 Jan 2000 00:00:00 GMT", "Sat, 01-Jan-00 00:00:00 GMT"),
    ("1e300", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("-1e300", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("1/0", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("-1/0", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("0/0", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("2^63", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("-0.5", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("2^63-1024", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31-Dec-9999 23:59:59 GMT"),
    ("-2^63", "Thu, 01 Jan 1970 00:00:00 GMT", "Thu, 01-Jan-70 00:00:00 GMT"),
    ("951782400", "Tue, 29 Feb 2000 00:00:00 GMT", "Tue, 29-Feb-00 00:00:00 GMT"),
    ("2145916799", "Thu, 31 Dec 2037 23:59:59 GMT", "Thu, 31-Dec-37 23:59:59 GMT"),
    ("2145916800", "Fri, 01 Jan 2038 00:00:00 GMT", "Fri, 01-Jan-2038 00:00:00 GMT"),
    ("2177452800", "Sat, 01 Jan 2039 00:00:00 GMT", "Sat, 01-Jan-2039 00:00:00 GMT"),
    ("1e9+0.999", "Sun, 09 Sep 2001 01:46:40 GMT", "Sun, 09-Sep-01 01:46:40 GMT"),
])
def test_http_time_and_cookie_time(lua, sec, http, cookie):
    assert lua.out(f"print(ngx.http_time({sec}), ngx.cookie_time({sec}))") == f"{http}\t{cookie}\n"


@pytest.mark.parametrize("name", ["http_time", "cookie_time"])
def test_time_formatters_take_numbers_only(lua, name):
    assert lua.out(f"""
print(pcall(ngx.{name}))
print(pcall(ngx.{name}, "1290079655"))
print(pcall(function() local x = ngx.{name}("1") return x end))
print(pcall(function() local x = ngx.{name}({{}}) return x end))
""") == ("false\tnumber argument only\n"
         "false\tnumber argument only\n"
         "false\tt.lua:4: number argument only\n"
         "false\tt.lua:5: number argument only\n")


# -- parse_http_time ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, seconds", [
    (b"Thu, 18 Nov 2010 11:27:35 GMT", 1290079655),
    (b"Thu, 18 Nov 2010 11:27:35", 1290079655),
    (b"Thu, 18 Nov 2010 11:27:35 XYZ junk", 1290079655),
    (b"Thursday, 18-Nov-10 11:27:35 GMT", 1290079655),
    (b"Thursday, 18-Nov-69 11:27:35 GMT", 3151999655),
    (b"Thursday, 18-Nov-70 11:27:35 GMT", 27775655),
    (b"Thu Nov 18 11:27:35 2010", 1290079655),
    (b"Thu Nov  8 11:27:35 2010", 1289215655),
    (b"Thu Nov 8 11:27:35 2010", 1289215655),
    (b"Thu Nov 08 11:27:35 2010", 1289215655),
    (b"18 Nov 2010 11:27:35 GMT", None),
    (b", 18 Nov 2010 11:27:35 GMT", 1290079655),
    (b"Thu,18 Nov 2010 11:27:35 GMT", 1290079655),
    (b"Thu,   18 Nov 2010 11:27:35 GMT", 1290079655),
    # months: nginx looks at only as many letters as it needs
    (b"Thu, 18 Jan 2010 11:27:35 GMT", 1263814055),
    (b"Thu, 18 Feb 2010 11:27:35 GMT", 1266492455),
    (b"Thu, 18 Mar 2010 11:27:35 GMT", 1268911655),
    (b"Thu, 18 Apr 2010 11:27:35 GMT", 1271590055),
    (b"Thu, 18 May 2010 11:27:35 GMT", 1274182055),
    (b"Thu, 18 Jun 2010 11:27:35 GMT", 1276860455),
    (b"Thu, 18 Jul 2010 11:27:35 GMT", 1279452455),
    (b"Thu, 18 Aug 2010 11:27:35 GMT", 1282130855),
    (b"Thu, 18 Sep 2010 11:27:35 GMT", 1284809255),
    (b"Thu, 18 Oct 2010 11:27:35 GMT", 1287401255),
    (b"Thu, 18 Dec 2010 11:27:35 GMT", 1292671655),
    (b"Thu, 18 Xov 2010 11:27:35 GMT", None),
    (b"Thu, 18 nov 2010 11:27:35 GMT", None),
    (b"Thu, 18 Jzz 2010 11:27:35 GMT", 1279452455),
    (b"Thu, 18 Jaa 2010 11:27:35 GMT", 1263814055),
    (b"Thu, 18 Mxr 2010 11:27:35 GMT", 1268911655),
    (b"Thu, 18 Mxx 2010 11:27:35 GMT", 1274182055),
    (b"Thu, 18 Axx 2010 11:27:35 GMT", 1282130855),
    # days and times out of range
    (b"Thu, 29 Feb 2010 11:27:35 GMT", None),
    (b"Thu, 29 Feb 2012 11:27:35 GMT", 1330514855),
    (b"Thu, 29 Feb 1900 11:27:35 GMT", None),
    (b"Thu, 29 Feb 2000 11:27:35 GMT", 951823655),
    (b"Thu, 30 Feb 2012 11:27:35 GMT", None),
    (b"Thu, 31 Apr 2010 11:27:35 GMT", None),
    (b"Thu, 31 Jun 2010 11:27:35 GMT", None),
    (b"Thu, 31 Dec 2010 11:27:35 GMT", 1293794855),
    (b"Thu, 99 Dec 2010 11:27:35 GMT", None),
    (b"Thu, 00 Apr 2010 11:27:35 GMT", 1270034855),
    (b"Thu, 18 Nov 2010 24:00:00 GMT", None),
    (b"Thu, 18 Nov 2010 23:60:00 GMT", None),
    (b"Thu, 18 Nov 2010 23:59:60 GMT", None),
    (b"Sun Feb 29 00:00:00 2000", 951782400),
    (b"Sun Feb 29 00:00:00 2100", None),
    (b"Mon, 28-Feb-00 00:00:00", 951696000),
    (b"Mon, 29-Feb-00 00:00:00", 951782400),
    # before 1970; -1 is nginx's error value
    (b"Thu, 18 Nov 1969 11:27:35 GMT", -3760345),
    (b"Wed, 31 Dec 1969 23:59:59 GMT", None),
    (b"Wed, 31 Dec 1969 23:59:58 GMT", -2),
    (b"Thu, 01 Jan 0000 00:00:00 GMT", -62167208832),
    (b"Thu, 01 Feb 0000 00:00:00 GMT", -62164530432),
    (b"Thu, 29 Feb 0000 00:00:00 GMT", -62162111232),
    (b"Thu, 01 Mar 0000 00:00:00 GMT", -62162035200),
    (b"Thu, 01 Jan 0001 00:00:00 GMT", -62135596800),
    (b"Thu, 31 Dec 9999 23:59:59 GMT", 253402300799),
    # malformed
    (b"Thu, 18 Nov 2010 11:27:3", None),
    (b"Thu, 18 Nov 2010 1:27:35 GMT", None),
    (b"Thu, 18 Nov 2010 11-27-35 GMT", None),
    (b"Thu, 18-Nov-2010 11:27:35 GMT", None),
    (b"Thu, 18 Nov-2010 11:27:35 GMT", None),
    (b"", None),
    (b"garbage", None),
    (b"Thu, 1 Nov 2010 11:27:35 GMT", None),
    (b"Thu, 18 Nov 2010  11:27:35 GMT", None),
    (b"Thu Nov 18 11:27:35  2010", None),
    (b"Thu Nov 18 11:27:35 10", None),
    (b"Thu  Nov 18 11:27:35 2010", 1290079655),
    (b"ThuNov 18 11:27:35 2010", None),
    (b"Thu, 18 Nov 2010 11:27:35GMT", 1290079655),
    (b"Thu, 18 Nov 2010 11:27:35 GMT\x00x", 1290079655),
    (b"Thu, 18 Nov 2010 11:27:35 GMT\xff", 1290079655),
    (b"Thu Nov 18 11:27:35 2010 extra", 1290079655),
    (b"Thu, 18-Nov-10 11:27:35", 1290079655),
    (b"Thu, 18-Nov-10 11:27:3", None),
    (b"Thu Nov 18 11:27:35 201", None),
    (b"Thu Nov 1811:27:35 2010", None),
    (b"Thu Nov  811:27:35 2010", None),
    (b" Thu, 18 Nov 2010 11:27:35 GMT", None),
    (b"Thu, 18 Nov 2010 11:27:35 GMT  ", 1290079655),
    (b"Thu NovX18 11:27:35 2010", 1290079655),
    (b"Thu Nov\n18 11:27:35 2010", 1290079655),
    (b"Thu, 18 Nov 2010 11:27:35\n", 1290079655),
    (b"Thu,, 18 Nov 2010 11:27:35", None),
    (b"a b, 18 Nov 2010 11:27:35", None),
])
def test_parse_http_time(lua, text, seconds):
    assert lua.out(f"print(ngx.parse_http_time({lua_string(text)}))") == f"{seconds}\n".replace("None", "nil")


def test_parse_http_time_takes_strings_only(lua):
    assert lua.out("""
print(pcall(ngx.parse_http_time, 12))
print(pcall(function() local x = ngx.parse_http_time(12) return x end))
print(pcall(function() local x = ngx.parse_http_time() return x end))
""") == ("false\tstring argument only\n"
         "false\tt.lua:3: string argument only\n"
         "false\tt.lua:4: string argument only\n")
