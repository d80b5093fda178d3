# lualib's FFI versions of the ngx API (lua_load_resty_core on, the default)
# against the Python builtins (lua_load_resty_core off): each case runs on
# both paths, as a pair of blocks with the same request and the same
# expected body or error. Both blocks of a pair have a one-line http_config,
# so the positions in error messages (content_by_lua(nginx.conf:N)) agree.
# The values themselves are checked against OpenResty by codec.t.

=== TEST 1: the FFI path: lualib's modules are loaded and the functions are Lua functions
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(package.loaded["resty.core"] ~= nil, " ", package.loaded["resty.core.base64"] ~= nil)
        local what = {}
        for _, name in ipairs({"encode_base64", "decode_base64", "md5", "md5_bin", "sha1_bin",
                               "crc32_short", "crc32_long", "hmac_sha1", "escape_uri", "unescape_uri"}) do
            what[#what + 1] = debug.getinfo(ngx[name], "S").what
        end
        ngx.say(table.concat(what, " "))
        ngx.say(debug.getinfo(require("ngx.base64").decode_base64url, "S").what)
        what = {}
        for _, name in ipairs({"match", "find", "gmatch", "sub", "gsub"}) do
            what[#what + 1] = debug.getinfo(ngx.re[name], "S").what
        end
        local ngx_re = require "ngx.re"
        ngx.say(table.concat(what, " "), " ", debug.getinfo(ngx_re.split, "S").what,
                " ", debug.getinfo(ngx_re.opt, "S").what)
        ngx.say(require("resty.core.base").version, " ", type(require("ffi").C.mg_ffi_md5))
    }
}
--- request
GET /t
--- response_body
true true
Lua Lua Lua Lua Lua Lua Lua Lua Lua Lua
Lua
Lua Lua Lua Lua Lua Lua Lua
0.1.27 cdata

=== TEST 2: the FFI path is the default
--- config
location = /t {
    content_by_lua_block {
        ngx.say(package.loaded["resty.core.base64"] ~= nil, " ", debug.getinfo(ngx.md5, "S").what)
    }
}
--- request
GET /t
--- response_body
true Lua

=== TEST 3: lua_load_resty_core off: the builtins stay
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(package.loaded["resty.core"], " ", package.loaded["resty.core.base64"])
        ngx.say(debug.getinfo(ngx.encode_base64, "S").what, " ", debug.getinfo(ngx.escape_uri, "S").what,
                " ", debug.getinfo(require("ngx.base64").decode_base64url, "S").what,
                " ", debug.getinfo(ngx.re.match, "S").what, " ", debug.getinfo(require("ngx.re").split, "S").what)
    }
}
--- request
GET /t
--- response_body
nil nil
C C C C C

=== TEST 4: lua_load_resty_core off, then require "resty.core" by hand in init_by_lua
--- http_config
lua_load_resty_core off;
init_by_lua_block { require "resty.core" }
--- config
location = /t {
    content_by_lua_block {
        ngx.say(debug.getinfo(ngx.encode_base64, "S").what, " ", ngx.encode_base64("123456"))
    }
}
--- request
GET /t
--- response_body
Lua MTIzNDU2

=== TEST 5: the user's lua_package_path comes first: their resty.core loads, and may fail
--- http_config
lua_package_path "$prefix/lib/?.lua;;";
--- config
location = /t {
    return 200;
}
--- user_files
>>> lib/resty/core.lua
error("no resty.core here")
--- must_die
--- error_log
lua_load_resty_core failed to load the resty.core module
no resty.core here

=== TEST 6: lua_load_resty_core: only on or off, once
--- http_config
lua_load_resty_core yes;
--- config
location = /t {
    return 200;
}
--- must_die
--- error_log
invalid value "yes" in "lua_load_resty_core" directive, it must be "on" or "off"

=== TEST 7: lua_load_resty_core in YAML
--- yaml_http_config
lua_load_resty_core: off
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.say(package.loaded["resty.core.base64"], " ", debug.getinfo(ngx.md5, "S").what)
--- request
GET /t
--- response_body
nil C

=== TEST 8: encode_base64: lengths, binary, no_padding, any value (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local e = ngx.encode_base64
        ngx.say(e(""), "|", e("a"), "|", e("ab"), "|", e("abc"), "|", e("abcd"), "|", e("\0\255\254"))
        ngx.say(e("a", true), "|", e("ab", true), "|", e("", true), "|", e("a", false), "|", e("a", nil))
        ngx.say(e(nil), "|", e(false), "|", e(), "|", e(true), "|", e(123), "|", e(1.5), "|", e(1/0))
        local s = string.rep("0123456789abcdef", 1000)
        ngx.say(#e(s), " ", e(s) == e(s .. ""), " ", #e(string.rep("x", 5000), true))
    }
}
--- request
GET /t
--- response_body
|YQ==|YWI=|YWJj|YWJjZA==|AP/+
YQ|YWI||YQ==|YQ==
|||dHJ1ZQ==|MTIz|MS41|aW5m
21336 true 6667

=== TEST 9: encode_base64: lengths, binary, no_padding, any value (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local e = ngx.encode_base64
        ngx.say(e(""), "|", e("a"), "|", e("ab"), "|", e("abc"), "|", e("abcd"), "|", e("\0\255\254"))
        ngx.say(e("a", true), "|", e("ab", true), "|", e("", true), "|", e("a", false), "|", e("a", nil))
        ngx.say(e(nil), "|", e(false), "|", e(), "|", e(true), "|", e(123), "|", e(1.5), "|", e(1/0))
        local s = string.rep("0123456789abcdef", 1000)
        ngx.say(#e(s), " ", e(s) == e(s .. ""), " ", #e(string.rep("x", 5000), true))
    }
}
--- request
GET /t
--- response_body
|YQ==|YWI=|YWJj|YWJjZA==|AP/+
YQ|YWI||YQ==|YQ==
|||dHJ1ZQ==|MTIz|MS41|aW5m
21336 true 6667

=== TEST 10: encode_base64: no_padding must be a boolean (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(pcall(ngx.encode_base64, "a", 1))
        ngx.say(pcall(ngx.encode_base64, "a", "true"))
        ngx.say(pcall(function() local r = ngx.encode_base64("a", {}) return r end))
    }
}
--- request
GET /t
--- response_body
falsebad no_padding: boolean expected, got number
falsebad no_padding: boolean expected, got string
falsecontent_by_lua(nginx.conf:18):4: bad no_padding: boolean expected, got table

=== TEST 11: encode_base64: no_padding must be a boolean (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(pcall(ngx.encode_base64, "a", 1))
        ngx.say(pcall(ngx.encode_base64, "a", "true"))
        ngx.say(pcall(function() local r = ngx.encode_base64("a", {}) return r end))
    }
}
--- request
GET /t
--- response_body
falsebad no_padding: boolean expected, got number
falsebad no_padding: boolean expected, got string
falsecontent_by_lua(nginx.conf:18):4: bad no_padding: boolean expected, got table

=== TEST 12: decode_base64: good input, bad input gives nil (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        ngx.say(d(""), "|", d("YQ=="), "|", d("YQ"), "|", d("YWJj"), "|", d("QQ==!!"), "|", d("YWJj=x y"))
        for _, s in ipairs({"Q", "Q===", "YWJjZ", "Q Q", "-_", "\255\255\255\255"}) do
            ngx.say(ngx.encode_base64(s), " -> ", d(s), " ", select("#", d(s)))
        end
        local all = {}
        for i = 0, 255 do all[#all + 1] = string.char(i) end
        all = string.rep(table.concat(all), 40)
        ngx.say(d(ngx.encode_base64(all)) == all, " ", d(ngx.encode_base64(all, true)) == all)
    }
}
--- request
GET /t
--- response_body
|a|a|abc|A|abc
UQ== -> nil 1
UT09PQ== -> nil 1
WVdKalo= -> nil 1
USBR -> nil 1
LV8= -> nil 1
/////w== -> nil 1
true true

=== TEST 13: decode_base64: good input, bad input gives nil (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        ngx.say(d(""), "|", d("YQ=="), "|", d("YQ"), "|", d("YWJj"), "|", d("QQ==!!"), "|", d("YWJj=x y"))
        for _, s in ipairs({"Q", "Q===", "YWJjZ", "Q Q", "-_", "\255\255\255\255"}) do
            ngx.say(ngx.encode_base64(s), " -> ", d(s), " ", select("#", d(s)))
        end
        local all = {}
        for i = 0, 255 do all[#all + 1] = string.char(i) end
        all = string.rep(table.concat(all), 40)
        ngx.say(d(ngx.encode_base64(all)) == all, " ", d(ngx.encode_base64(all, true)) == all)
    }
}
--- request
GET /t
--- response_body
|a|a|abc|A|abc
UQ== -> nil 1
UT09PQ== -> nil 1
WVdKalo= -> nil 1
USBR -> nil 1
LV8= -> nil 1
/////w== -> nil 1
true true

=== TEST 14: decode_base64: strings only (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        ngx.say(pcall(d, nil))
        ngx.say(pcall(d, 123))
        ngx.say(pcall(d))
        ngx.say(pcall(function() local r = d(true) return r end))
    }
}
--- request
GET /t
--- response_body
falsestring argument only
falsestring argument only
falsestring argument only
falsecontent_by_lua(nginx.conf:18):6: string argument only

=== TEST 15: decode_base64: strings only (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        ngx.say(pcall(d, nil))
        ngx.say(pcall(d, 123))
        ngx.say(pcall(d))
        ngx.say(pcall(function() local r = d(true) return r end))
    }
}
--- request
GET /t
--- response_body
falsestring argument only
falsestring argument only
falsestring argument only
falsecontent_by_lua(nginx.conf:18):6: string argument only

=== TEST 16: decode_base64 uncaught: a 500 and the error in error.log (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.decode_base64({}))
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
content_by_lua(nginx.conf:18):2: string argument only

=== TEST 17: decode_base64 uncaught: a 500 and the error in error.log (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.decode_base64({}))
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
content_by_lua(nginx.conf:18):2: string argument only

=== TEST 18: ngx.base64: encode_base64url, decode_base64url, bad use (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local b64 = require "ngx.base64"
        local e, d = b64.encode_base64url, b64.decode_base64url
        ngx.say(e(""), "|", e("a"), "|", e("abc"), "|", e("\255\254\253"), "|", e("\251\255"))
        for _, s in ipairs({"", "YQ", "YQ==", "__79", "-_", "+/", "Q", "a b"}) do
            local r, err = d(s)
            ngx.say(s, " -> ", select("#", d(s)), " ", r and ngx.encode_base64(r), " ", err)
        end
        ngx.say(e(nil), " ", e(123), " ", d(), " ", d(1))
        ngx.say(type(b64.version), " ", package.loaded["ngx.base64"] == b64)
    }
}
--- request
GET /t
--- response_body
|YQ|YWJj|__79|-_8
 -> 1  nil
YQ -> 1 YQ== nil
YQ== -> 1 YQ== nil
__79 -> 1 //79 nil
-_ -> 1 +w== nil
+/ -> 2 nil invalid input
Q -> 2 nil invalid input
a b -> 2 nil invalid input
nil nil nil nilmust provide a string
string true

=== TEST 19: ngx.base64: encode_base64url, decode_base64url, bad use (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local b64 = require "ngx.base64"
        local e, d = b64.encode_base64url, b64.decode_base64url
        ngx.say(e(""), "|", e("a"), "|", e("abc"), "|", e("\255\254\253"), "|", e("\251\255"))
        for _, s in ipairs({"", "YQ", "YQ==", "__79", "-_", "+/", "Q", "a b"}) do
            local r, err = d(s)
            ngx.say(s, " -> ", select("#", d(s)), " ", r and ngx.encode_base64(r), " ", err)
        end
        ngx.say(e(nil), " ", e(123), " ", d(), " ", d(1))
        ngx.say(type(b64.version), " ", package.loaded["ngx.base64"] == b64)
    }
}
--- request
GET /t
--- response_body
|YQ|YWJj|__79|-_8
 -> 1  nil
YQ -> 1 YQ== nil
YQ== -> 1 YQ== nil
__79 -> 1 //79 nil
-_ -> 1 +w== nil
+/ -> 2 nil invalid input
Q -> 2 nil invalid input
a b -> 2 nil invalid input
nil nil nil nilmust provide a string
string true

=== TEST 20: md5, md5_bin, sha1_bin: any value, long input (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local function hex(s)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
        end
        ngx.say(ngx.md5(""), " ", ngx.md5("abc"), " ", ngx.md5(nil), " ", ngx.md5(false))
        ngx.say(ngx.md5(123), " ", ngx.md5(true), " ", ngx.md5(0.1))
        ngx.say(hex(ngx.md5_bin("abc")), " ", hex(ngx.md5_bin()), " ", hex(ngx.md5_bin(12)))
        ngx.say(hex(ngx.sha1_bin("abc")), " ", hex(ngx.sha1_bin(nil)), " ", hex(ngx.sha1_bin(1.5)))
        local s = string.rep("0123456789abcdef", 65536)
        ngx.say(ngx.md5(s), " ", hex(ngx.sha1_bin(s)))
    }
}
--- request
GET /t
--- response_body
d41d8cd98f00b204e9800998ecf8427e 900150983cd24fb0d6963f7d28e17f72 d41d8cd98f00b204e9800998ecf8427e d41d8cd98f00b204e9800998ecf8427e
202cb962ac59075b964b07152d234b70 b326b5062b2f0e69046810717534cb09 cb5ae17636e975f9bf71ddf5bc542075
900150983cd24fb0d6963f7d28e17f72 d41d8cd98f00b204e9800998ecf8427e c20ad4d76fe97759aa27a0c99bff6710
a9993e364706816aba3e25717850c26c9cd0d89d da39a3ee5e6b4b0d3255bfef95601890afd80709 aa8f289ebe6d4db1b4a1038b8931ec8c2b5399fb
14d785daab3823736c981ca82a750c98 7b961ac18d33b99122ed5d88d1ce62dd19fc8c69

=== TEST 21: md5, md5_bin, sha1_bin: any value, long input (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local function hex(s)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
        end
        ngx.say(ngx.md5(""), " ", ngx.md5("abc"), " ", ngx.md5(nil), " ", ngx.md5(false))
        ngx.say(ngx.md5(123), " ", ngx.md5(true), " ", ngx.md5(0.1))
        ngx.say(hex(ngx.md5_bin("abc")), " ", hex(ngx.md5_bin()), " ", hex(ngx.md5_bin(12)))
        ngx.say(hex(ngx.sha1_bin("abc")), " ", hex(ngx.sha1_bin(nil)), " ", hex(ngx.sha1_bin(1.5)))
        local s = string.rep("0123456789abcdef", 65536)
        ngx.say(ngx.md5(s), " ", hex(ngx.sha1_bin(s)))
    }
}
--- request
GET /t
--- response_body
d41d8cd98f00b204e9800998ecf8427e 900150983cd24fb0d6963f7d28e17f72 d41d8cd98f00b204e9800998ecf8427e d41d8cd98f00b204e9800998ecf8427e
202cb962ac59075b964b07152d234b70 b326b5062b2f0e69046810717534cb09 cb5ae17636e975f9bf71ddf5bc542075
900150983cd24fb0d6963f7d28e17f72 d41d8cd98f00b204e9800998ecf8427e c20ad4d76fe97759aa27a0c99bff6710
a9993e364706816aba3e25717850c26c9cd0d89d da39a3ee5e6b4b0d3255bfef95601890afd80709 aa8f289ebe6d4db1b4a1038b8931ec8c2b5399fb
14d785daab3823736c981ca82a750c98 7b961ac18d33b99122ed5d88d1ce62dd19fc8c69

=== TEST 22: crc32_short and crc32_long: numbers, any value (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.crc32_short(""), " ", ngx.crc32_short("hello"), " ", ngx.crc32_long("hello"))
        ngx.say(ngx.crc32_short("123456789"), " ", ngx.crc32_long("\0\255"), " ", type(ngx.crc32_long("x")))
        ngx.say(ngx.crc32_short(nil), " ", ngx.crc32_long(false), " ", ngx.crc32_short())
        ngx.say(ngx.crc32_long(123), " ", ngx.crc32_short(true), " ", ngx.crc32_short(-1), " ", ngx.crc32_long(1e100))
        local long = string.rep("abcdefgh", 1000)
        ngx.say(ngx.crc32_long(long), " ", ngx.crc32_short(long), " ", ngx.crc32_long(long) + 1)
    }
}
--- request
GET /t
--- response_body
0 907060870 907060870
3421780262 1826356594 number
0 0 0
2286445522 4261170317 808273962 2217946193
3157113480 3157113480 3157113481

=== TEST 23: crc32_short and crc32_long: numbers, any value (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.crc32_short(""), " ", ngx.crc32_short("hello"), " ", ngx.crc32_long("hello"))
        ngx.say(ngx.crc32_short("123456789"), " ", ngx.crc32_long("\0\255"), " ", type(ngx.crc32_long("x")))
        ngx.say(ngx.crc32_short(nil), " ", ngx.crc32_long(false), " ", ngx.crc32_short())
        ngx.say(ngx.crc32_long(123), " ", ngx.crc32_short(true), " ", ngx.crc32_short(-1), " ", ngx.crc32_long(1e100))
        local long = string.rep("abcdefgh", 1000)
        ngx.say(ngx.crc32_long(long), " ", ngx.crc32_short(long), " ", ngx.crc32_long(long) + 1)
    }
}
--- request
GET /t
--- response_body
0 907060870 907060870
3421780262 1826356594 number
0 0 0
2286445522 4261170317 808273962 2217946193
3157113480 3157113480 3157113481

=== TEST 24: hmac_sha1: vectors, numbers are strings (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local function hex(s)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
        end
        ngx.say(hex(ngx.hmac_sha1(string.rep("\11", 20), "Hi There")))
        ngx.say(hex(ngx.hmac_sha1(string.rep("\170", 80), "Test Using Larger Than Block-Size Key - Hash Key First")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1("", "")), " ", #ngx.hmac_sha1("a", "b"))
        ngx.say(ngx.hmac_sha1(123, 4.5) == ngx.hmac_sha1("123", "4.5"))
    }
}
--- request
GET /t
--- response_body
b617318655057264e28bc0b6fb378c8ef146be00
aa4ae5e15272d00e95705637ce8a3b55ed402112
+9sdGxiqbAgyS31ktx+3Y3BpDh0= 20
true

=== TEST 25: hmac_sha1: vectors, numbers are strings (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local function hex(s)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
        end
        ngx.say(hex(ngx.hmac_sha1(string.rep("\11", 20), "Hi There")))
        ngx.say(hex(ngx.hmac_sha1(string.rep("\170", 80), "Test Using Larger Than Block-Size Key - Hash Key First")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1("", "")), " ", #ngx.hmac_sha1("a", "b"))
        ngx.say(ngx.hmac_sha1(123, 4.5) == ngx.hmac_sha1("123", "4.5"))
    }
}
--- request
GET /t
--- response_body
b617318655057264e28bc0b6fb378c8ef146be00
aa4ae5e15272d00e95705637ce8a3b55ed402112
+9sdGxiqbAgyS31ktx+3Y3BpDh0= 20
true

=== TEST 26: hmac_sha1: two arguments exactly, named as the caller named it (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local h = ngx.hmac_sha1
        ngx.say(pcall(h, "a"))
        ngx.say(pcall(h, "a", "b", "c"))
        ngx.say(pcall(h))
        ngx.say(pcall(h, nil, "b"))
        ngx.say(pcall(h, "a", true))
        ngx.say(pcall(function() local r = ngx.hmac_sha1("x") return r end))
        ngx.say(pcall(function() local r = ngx.hmac_sha1(nil, "x") return r end))
        ngx.say(pcall(function() local r = h("x", {}) return r end))
        local function call(fn, ...) local r = fn(...) return r end
        ngx.say(pcall(call, ngx.hmac_sha1, "x", false))
    }
}
--- request
GET /t
--- response_body
falseexpecting 2 arguments, but got 1
falseexpecting 2 arguments, but got 3
falseexpecting 2 arguments, but got 0
falsebad argument #1 to '?' (string expected, got nil)
falsebad argument #2 to '?' (string expected, got boolean)
falsecontent_by_lua(nginx.conf:18):8: expecting 2 arguments, but got 1
falsecontent_by_lua(nginx.conf:18):9: bad argument #1 to 'hmac_sha1' (string expected, got nil)
falsecontent_by_lua(nginx.conf:18):10: bad argument #2 to 'h' (string expected, got table)
falsecontent_by_lua(nginx.conf:18):11: bad argument #2 to 'fn' (string expected, got boolean)

=== TEST 27: hmac_sha1: two arguments exactly, named as the caller named it (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local h = ngx.hmac_sha1
        ngx.say(pcall(h, "a"))
        ngx.say(pcall(h, "a", "b", "c"))
        ngx.say(pcall(h))
        ngx.say(pcall(h, nil, "b"))
        ngx.say(pcall(h, "a", true))
        ngx.say(pcall(function() local r = ngx.hmac_sha1("x") return r end))
        ngx.say(pcall(function() local r = ngx.hmac_sha1(nil, "x") return r end))
        ngx.say(pcall(function() local r = h("x", {}) return r end))
        local function call(fn, ...) local r = fn(...) return r end
        ngx.say(pcall(call, ngx.hmac_sha1, "x", false))
    }
}
--- request
GET /t
--- response_body
falseexpecting 2 arguments, but got 1
falseexpecting 2 arguments, but got 3
falseexpecting 2 arguments, but got 0
falsebad argument #1 to '?' (string expected, got nil)
falsebad argument #2 to '?' (string expected, got boolean)
falsecontent_by_lua(nginx.conf:18):8: expecting 2 arguments, but got 1
falsecontent_by_lua(nginx.conf:18):9: bad argument #1 to 'hmac_sha1' (string expected, got nil)
falsecontent_by_lua(nginx.conf:18):10: bad argument #2 to 'h' (string expected, got table)
falsecontent_by_lua(nginx.conf:18):11: bad argument #2 to 'fn' (string expected, got boolean)

=== TEST 28: hmac_sha1 uncaught: a 500 and the error in error.log (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local digest = ngx.hmac_sha1("key", nil)
        ngx.say(digest)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
content_by_lua(nginx.conf:18):2: bad argument #2 to 'hmac_sha1' (string expected, got nil)

=== TEST 29: hmac_sha1 uncaught: a 500 and the error in error.log (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local digest = ngx.hmac_sha1("key", nil)
        ngx.say(digest)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
content_by_lua(nginx.conf:18):2: bad argument #2 to 'hmac_sha1' (string expected, got nil)

=== TEST 30: escape_uri: every type, any value (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        local s = "a b/c~!*'()?#%+&=\0\255<>\"`{}@"
        local function show(r) return (r:gsub("[^\32-\126]", function(c) return "\\" .. c:byte() end)) end
        for t = 0, 6 do ngx.say(t, " ", show(ngx.escape_uri(s, t))) end
        ngx.say(ngx.escape_uri(s), " ", ngx.escape_uri("a b", 2.5), " ", ngx.escape_uri("plain"))
        ngx.say(ngx.escape_uri(nil), "|", ngx.escape_uri(false), "|", ngx.escape_uri(), "|", ngx.escape_uri(true), "|", ngx.escape_uri(1e100))
        ngx.say(#ngx.escape_uri(string.rep(" ", 5000)))
    }
}
--- request
GET /t
--- response_body
0 a%20b/c~!*'()%3F%23%25+&=%00%FF<>"`{}@
1 a%20b/c~!*'()%3F%23%25%2B&=%00%FF<>"`{}@
2 a%20b%2Fc~!*'()%3F%23%25%2B%26%3D%00%FF%3C%3E%22%60%7B%7D%40
3 a%20b/c~!*%27()?%23%25+&=%00%FF<>%22`{}@
4 a%20b/c~!*%27()?#%+&=%00%FF<>%22`{}@
5 a%20b/c~!*'()?#%25+&=%00\255<>"`{}@
6 a%20b/c~!*'()?#%25+&=%00\255<>"`{}@
a%20b%2Fc~!*'()%3F%23%25%2B%26%3D%00%FF%3C%3E%22%60%7B%7D%40 a%20b plain
|||true|1e%2B100
15000

=== TEST 31: escape_uri: every type, any value (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        local s = "a b/c~!*'()?#%+&=\0\255<>\"`{}@"
        local function show(r) return (r:gsub("[^\32-\126]", function(c) return "\\" .. c:byte() end)) end
        for t = 0, 6 do ngx.say(t, " ", show(ngx.escape_uri(s, t))) end
        ngx.say(ngx.escape_uri(s), " ", ngx.escape_uri("a b", 2.5), " ", ngx.escape_uri("plain"))
        ngx.say(ngx.escape_uri(nil), "|", ngx.escape_uri(false), "|", ngx.escape_uri(), "|", ngx.escape_uri(true), "|", ngx.escape_uri(1e100))
        ngx.say(#ngx.escape_uri(string.rep(" ", 5000)))
    }
}
--- request
GET /t
--- response_body
0 a%20b/c~!*'()%3F%23%25+&=%00%FF<>"`{}@
1 a%20b/c~!*'()%3F%23%25%2B&=%00%FF<>"`{}@
2 a%20b%2Fc~!*'()%3F%23%25%2B%26%3D%00%FF%3C%3E%22%60%7B%7D%40
3 a%20b/c~!*%27()?%23%25+&=%00%FF<>%22`{}@
4 a%20b/c~!*%27()?#%+&=%00%FF<>%22`{}@
5 a%20b/c~!*'()?#%25+&=%00\255<>"`{}@
6 a%20b/c~!*'()?#%25+&=%00\255<>"`{}@
a%20b%2Fc~!*'()%3F%23%25%2B%26%3D%00%FF%3C%3E%22%60%7B%7D%40 a%20b plain
|||true|1e%2B100
15000

=== TEST 32: escape_uri: a bad type (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        for _, t in ipairs({"x", "2", true, 7, -1, 6.5, -0.5, 1/0, -1/0}) do
            ngx.say(pcall(ngx.escape_uri, "a", t))
        end
        ngx.say(pcall(function() local r = ngx.escape_uri("a", 9) return r end))
        local function f() local r = ngx.escape_uri("a", {}) return r end
        ngx.say(pcall(function() local r = f() return r end))
    }
}
--- request
GET /t
--- response_body
falsecontent_by_lua(nginx.conf:18):3: "type" is not a number
falsecontent_by_lua(nginx.conf:18):3: "type" is not a number
falsecontent_by_lua(nginx.conf:18):3: "type" is not a number
falsecontent_by_lua(nginx.conf:18):3: "type" 7 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" -1 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" 6.5 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" -0.5 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" inf out of range
falsecontent_by_lua(nginx.conf:18):3: "type" -inf out of range
false"type" 9 out of range
falsecontent_by_lua(nginx.conf:18):7: "type" is not a number

=== TEST 33: escape_uri: a bad type (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        for _, t in ipairs({"x", "2", true, 7, -1, 6.5, -0.5, 1/0, -1/0}) do
            ngx.say(pcall(ngx.escape_uri, "a", t))
        end
        ngx.say(pcall(function() local r = ngx.escape_uri("a", 9) return r end))
        local function f() local r = ngx.escape_uri("a", {}) return r end
        ngx.say(pcall(function() local r = f() return r end))
    }
}
--- request
GET /t
--- response_body
falsecontent_by_lua(nginx.conf:18):3: "type" is not a number
falsecontent_by_lua(nginx.conf:18):3: "type" is not a number
falsecontent_by_lua(nginx.conf:18):3: "type" is not a number
falsecontent_by_lua(nginx.conf:18):3: "type" 7 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" -1 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" 6.5 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" -0.5 out of range
falsecontent_by_lua(nginx.conf:18):3: "type" inf out of range
falsecontent_by_lua(nginx.conf:18):3: "type" -inf out of range
false"type" 9 out of range
falsecontent_by_lua(nginx.conf:18):7: "type" is not a number

=== TEST 34: unescape_uri: well-formed escapes only, plus is a space, any value (FFI path)
--- http_config
lua_load_resty_core on;
--- config
location = /t {
    content_by_lua_block {
        for _, s in ipairs({"%%41", "%4%41", "%4", "%", "%zz", "%2b%2", "%g1%41", "a+b%20c", "%E4%B8%AD", "plain"}) do
            ngx.say(s, " -> ", ngx.unescape_uri(s))
        end
        ngx.say(ngx.unescape_uri(nil), "|", ngx.unescape_uri(false), "|", ngx.unescape_uri(12), "|", ngx.unescape_uri(true))
        ngx.say(#ngx.unescape_uri(string.rep("%41", 5000)))
    }
}
--- request
GET /t
--- response_body
%%41 -> %A
%4%41 -> %4A
%4 -> %4
% -> %
%zz -> %zz
%2b%2 -> +%2
%g1%41 -> %g1A
a+b%20c -> a b c
%E4%B8%AD -> 中
plain -> plain
||12|true
5000

=== TEST 35: unescape_uri: well-formed escapes only, plus is a space, any value (builtin path)
--- http_config
lua_load_resty_core off;
--- config
location = /t {
    content_by_lua_block {
        for _, s in ipairs({"%%41", "%4%41", "%4", "%", "%zz", "%2b%2", "%g1%41", "a+b%20c", "%E4%B8%AD", "plain"}) do
            ngx.say(s, " -> ", ngx.unescape_uri(s))
        end
        ngx.say(ngx.unescape_uri(nil), "|", ngx.unescape_uri(false), "|", ngx.unescape_uri(12), "|", ngx.unescape_uri(true))
        ngx.say(#ngx.unescape_uri(string.rep("%41", 5000)))
    }
}
--- request
GET /t
--- response_body
%%41 -> %A
%4%41 -> %4A
%4 -> %4
% -> %
%zz -> %zz
%2b%2 -> +%2
%g1%41 -> %g1A
a+b%20c -> a b c
%E4%B8%AD -> 中
plain -> plain
||12|true
5000

=== TEST 36: ngx.re's "o" cache drops the least recently used regex when full (FFI path)
--- http_config
lua_load_resty_core on; lua_regex_cache_max_entries 2;
--- config
location = /t {
    content_by_lua_block {
        local out = {}
        for i = 1, 3 do
            for _, re in ipairs({"a", "b", "c", "a"}) do
                out[#out + 1] = ngx.re.match("abc", re, "jo")[0]
            end
            out[#out + 1] = ngx.re.gsub("abc", "[ab]", "<$0>", "o")
        end
        ngx.say(table.concat(out, " "))
        local ok, err = pcall(require("ngx.re").opt, "jit_stack_size", 65536)
        ngx.say(ok, " ", err:match("not allowed") ~= nil)
    }
}
--- request
GET /t
--- response_body
a b c a <a><b>c a b c a <a><b>c a b c a <a><b>c
false true
--- no_error_log
exceeding

=== TEST 37: ngx.re's "o" cache stops caching when full and warns (builtin path)
--- http_config
lua_load_resty_core off; lua_regex_cache_max_entries 2;
--- config
location = /t {
    content_by_lua_block {
        local out = {}
        for i = 1, 3 do
            for _, re in ipairs({"a", "b", "c", "a"}) do
                out[#out + 1] = ngx.re.match("abc", re, "jo")[0]
            end
            out[#out + 1] = ngx.re.gsub("abc", "[ab]", "<$0>", "o")
        end
        ngx.say(table.concat(out, " "))
        local ok, err = pcall(require("ngx.re").opt, "jit_stack_size", 65536)
        ngx.say(ok, " ", err:match("not allowed") ~= nil)
    }
}
--- request
GET /t
--- response_body
a b c a <a><b>c a b c a <a><b>c a b c a <a><b>c
false true
--- error_log
lua exceeding regex cache max entries (2)
