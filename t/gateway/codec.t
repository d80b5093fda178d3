# ngx.encode_base64, decode_base64, md5, md5_bin, sha1_bin, crc32_short,
# crc32_long, hmac_sha1 and the module ngx.base64: normal use and bad use,
# as OpenResty (lua-nginx-module with lua-resty-core) answers. Binary results
# are shown in hex or base64 so the bodies stay text.
#
# Each block runs on both paths: lua_load_resty_core on and off.

=== TEST 1: encode_base64: lengths around the padding, binary bytes
--- config
location = /t {
    content_by_lua_block {
        local e = ngx.encode_base64
        ngx.say(e(""), "|", e("a"), "|", e("ab"), "|", e("abc"), "|", e("abcd"))
        ngx.say(e("\0\255\254"), "|", e("\0"), "|", e("\251\255"), "|", e("hello, world"))
    }
}
--- request
GET /t
--- response_body
|YQ==|YWI=|YWJj|YWJjZA==
AP/+|AA==|+/8=|aGVsbG8sIHdvcmxk

=== TEST 2: encode_base64: nil and false are "", other values go through tostring
--- config
location = /t {
    content_by_lua_block {
        local e = ngx.encode_base64
        ngx.say(e(nil), "|", e(false), "|", e(), "|", e(true), "|", e(123), "|", e(1.5), "|", e(-0), "|", e(1/0))
    }
}
--- request
GET /t
--- response_body
|||dHJ1ZQ==|MTIz|MS41|LTA=|aW5m

=== TEST 3: encode_base64: no_padding
--- config
location = /t {
    content_by_lua_block {
        local e = ngx.encode_base64
        ngx.say(e("a", true), "|", e("ab", true), "|", e("abc", true), "|", e("", true))
        ngx.say(e("a", false), "|", e("a", nil))
    }
}
--- request
GET /t
--- response_body
YQ|YWI|YWJj|
YQ==|YQ==

=== TEST 4: encode_base64: no_padding must be a boolean
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

=== TEST 5: decode_base64: padded, unpadded, binary, every byte value
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        ngx.say(d(""), "|", d("YQ=="), "|", d("YQ"), "|", d("YWI="), "|", d("YWJj"), "|", d("YWJjZA"))
        ngx.say(d("AP/+") == "\0\255\254", " ", d("+/8=") == "\251\255")
        local all = {}
        for i = 0, 255 do all[#all + 1] = string.char(i) end
        all = table.concat(all)
        ngx.say(d(ngx.encode_base64(all)) == all, " ", d(ngx.encode_base64(all, true)) == all)
    }
}
--- request
GET /t
--- response_body
|a|a|ab|abc|abcd
true true
true true

=== TEST 6: decode_base64: input ends at the first "=", unused bits are dropped
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        for _, s in ipairs({"QQ==!!", "QQ=Q", "QQ=", "=", "==", "QR==", "YWJj=x y"}) do
            ngx.say(s, " -> ", d(s))
        end
    }
}
--- request
GET /t
--- response_body
QQ==!! -> A
QQ=Q -> A
QQ= -> A
= -> 
== -> 
QR== -> A
YWJj=x y -> abc

=== TEST 7: decode_base64: bad input gives nil
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.decode_base64
        for _, s in ipairs({"Q", "Q===", "YWJjZ", "Q Q", "YWJj\n", "-_", "YQ!=", "\255\255\255\255"}) do
            ngx.say(ngx.encode_base64(s), " -> ", d(s))
        end
        ngx.say(select("#", d("!")))
    }
}
--- request
GET /t
--- response_body
UQ== -> nil
UT09PQ== -> nil
WVdKalo= -> nil
USBR -> nil
WVdKago= -> nil
LV8= -> nil
WVEhPQ== -> nil
/////w== -> nil
1

=== TEST 8: decode_base64: strings only
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

=== TEST 9: decode_base64 uncaught: a 500 and the error in error.log
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

=== TEST 10: md5 and md5_bin
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.md5(""), " ", ngx.md5("abc"))
        ngx.say(ngx.md5("The quick brown fox jumps over the lazy dog"))
        ngx.say(#ngx.md5_bin("abc"), " ", ngx.encode_base64(ngx.md5_bin("abc")))
        local hex = ngx.md5_bin("\0\255"):gsub(".", function(c) return string.format("%02x", c:byte()) end)
        ngx.say(hex == ngx.md5("\0\255"))
    }
}
--- request
GET /t
--- response_body
d41d8cd98f00b204e9800998ecf8427e 900150983cd24fb0d6963f7d28e17f72
9e107d9d372bb6826bd81d3542a419d6
16 kAFQmDzST7DWlj99KOF/cg==
true

=== TEST 11: md5 and md5_bin: nil and false are "", other values go through tostring
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.md5(nil), " ", ngx.md5(false), " ", ngx.md5())
        ngx.say(ngx.md5(123), " ", ngx.md5(true), " ", ngx.md5(0.1), " ", ngx.md5(2^53))
        ngx.say(ngx.encode_base64(ngx.md5_bin(nil)), " ", ngx.encode_base64(ngx.md5_bin(12)))
    }
}
--- request
GET /t
--- response_body
d41d8cd98f00b204e9800998ecf8427e d41d8cd98f00b204e9800998ecf8427e d41d8cd98f00b204e9800998ecf8427e
202cb962ac59075b964b07152d234b70 b326b5062b2f0e69046810717534cb09 cb5ae17636e975f9bf71ddf5bc542075 f3ae644cd77ca654980f6f4db0c6070a
1B2M2Y8AsgTpgAmY7PhCfg== wgrU12/pd1mqJ6DJm/9nEA==

=== TEST 12: sha1_bin
--- config
location = /t {
    content_by_lua_block {
        local function hex(s)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
        end
        ngx.say(#ngx.sha1_bin("abc"), " ", hex(ngx.sha1_bin("abc")))
        ngx.say(hex(ngx.sha1_bin("")))
        ngx.say(hex(ngx.sha1_bin("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))
        ngx.say(ngx.encode_base64(ngx.sha1_bin(nil)), " ", ngx.encode_base64(ngx.sha1_bin(1.5)))
    }
}
--- request
GET /t
--- response_body
20 a9993e364706816aba3e25717850c26c9cd0d89d
da39a3ee5e6b4b0d3255bfef95601890afd80709
84983e441c3bd26ebaae4aa1f95129e5e54670f1
2jmj7l5rSw0yVb/vlWAYkK/YBwk= qo8onr5tTbG0oQOLiTHsjCtTmfs=

=== TEST 13: crc32_short and crc32_long agree, and are numbers
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.crc32_short(""), " ", ngx.crc32_short("hello"), " ", ngx.crc32_long("hello"))
        ngx.say(ngx.crc32_short("123456789"), " ", ngx.crc32_long("\0\255"), " ", type(ngx.crc32_long("x")))
        local long = string.rep("abcdefgh", 1000)
        ngx.say(ngx.crc32_long(long), " ", ngx.crc32_short(long))
    }
}
--- request
GET /t
--- response_body
0 907060870 907060870
3421780262 1826356594 number
3157113480 3157113480

=== TEST 14: crc32: nil and false are "", other values go through tostring
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.crc32_short(nil), " ", ngx.crc32_long(false), " ", ngx.crc32_short())
        ngx.say(ngx.crc32_long(123), " ", ngx.crc32_short(true), " ", ngx.crc32_short(-1), " ", ngx.crc32_long(1e100))
    }
}
--- request
GET /t
--- response_body
0 0 0
2286445522 4261170317 808273962 2217946193

=== TEST 15: hmac_sha1: RFC 2202's vectors, short and long keys
--- config
location = /t {
    content_by_lua_block {
        local function hex(s)
            return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
        end
        ngx.say(hex(ngx.hmac_sha1(string.rep("\11", 20), "Hi There")))
        ngx.say(hex(ngx.hmac_sha1("Jefe", "what do ya want for nothing?")))
        ngx.say(hex(ngx.hmac_sha1(string.rep("\170", 80), "Test Using Larger Than Block-Size Key - Hash Key First")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1("key", "The quick brown fox jumps over the lazy dog")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1(string.rep("k", 64), "m")), " ", ngx.encode_base64(ngx.hmac_sha1(string.rep("k", 65), "m")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1("", "")), " ", ngx.encode_base64(ngx.hmac_sha1("key", "")), " ", ngx.encode_base64(ngx.hmac_sha1("", "msg")))
        ngx.say(ngx.encode_base64(ngx.hmac_sha1("\0k\255", "\0m\255")), " ", #ngx.hmac_sha1("a", "b"))
    }
}
--- request
GET /t
--- response_body
b617318655057264e28bc0b6fb378c8ef146be00
effcdf6ae5eb2fa2d27416d5f184df9c259a7c79
aa4ae5e15272d00e95705637ce8a3b55ed402112
3nybhbi3iqa8ino29wqQcBydtNk=
1StbMDk8IPQjhwu20K1iKwKEjKk= 16s2cSEjDH4HOnhfAsd5yRXpbQE=
+9sdGxiqbAgyS31ktx+3Y3BpDh0= 9Cuw7rAY671Fl65yE3EexgdghD8= HfVSuQg26YgbGHOZhxWDi/E65l4=
kvWbGLgq9YXzxSvVNxSixQELKjg= 20

=== TEST 16: hmac_sha1: numbers are strings, two arguments exactly
--- config
location = /t {
    content_by_lua_block {
        local h = ngx.hmac_sha1
        ngx.say(ngx.encode_base64(h(123, 4.5)) == ngx.encode_base64(h("123", "4.5")))
        ngx.say(pcall(h, "a"))
        ngx.say(pcall(h, "a", "b", "c"))
        ngx.say(pcall(h))
        ngx.say(pcall(function() local r = ngx.hmac_sha1("x") return r end))
    }
}
--- request
GET /t
--- response_body
true
falseexpecting 2 arguments, but got 1
falseexpecting 2 arguments, but got 3
falseexpecting 2 arguments, but got 0
falsecontent_by_lua(nginx.conf:18):7: expecting 2 arguments, but got 1

=== TEST 17: hmac_sha1: bad arguments, named as the caller named the function
--- config
location = /t {
    content_by_lua_block {
        local h = ngx.hmac_sha1
        ngx.say(pcall(h, nil, "b"))
        ngx.say(pcall(h, "a", nil))
        ngx.say(pcall(h, "a", true))
        ngx.say(pcall(function() local r = ngx.hmac_sha1(nil, "x") return r end))
        ngx.say(pcall(function() local r = h("x", {}) return r end))
        local function call(fn, ...) local r = fn(...) return r end
        ngx.say(pcall(call, ngx.hmac_sha1, "x", false))
    }
}
--- request
GET /t
--- response_body
falsebad argument #1 to '?' (string expected, got nil)
falsebad argument #2 to '?' (string expected, got nil)
falsebad argument #2 to '?' (string expected, got boolean)
falsecontent_by_lua(nginx.conf:18):6: bad argument #1 to 'hmac_sha1' (string expected, got nil)
falsecontent_by_lua(nginx.conf:18):7: bad argument #2 to 'h' (string expected, got table)
falsecontent_by_lua(nginx.conf:18):8: bad argument #2 to 'fn' (string expected, got boolean)

=== TEST 18: ngx.base64: URL-safe alphabet, never padded
--- config
location = /t {
    content_by_lua_block {
        local b64 = require "ngx.base64"
        local e, d = b64.encode_base64url, b64.decode_base64url
        ngx.say(e(""), "|", e("a"), "|", e("ab"), "|", e("abc"), "|", e("\255\254\253"), "|", e("\251\255"))
        for _, s in ipairs({"", "YQ", "YQ==", "__79", "-_", "QR", "YWJj=x"}) do
            ngx.say(s, " -> ", ngx.encode_base64(d(s)))
        end
        ngx.say(type(b64.version), " ", package.loaded["ngx.base64"] == b64, " ", require("ngx.base64") == b64)
    }
}
--- request
GET /t
--- response_body
|YQ|YWI|YWJj|__79|-_8
 -> 
YQ -> YQ==
YQ== -> YQ==
__79 -> //79
-_ -> +w==
QR -> QQ==
YWJj=x -> YWJj
string true true

=== TEST 19: ngx.base64: nil and an error message for bad use
--- config
location = /t {
    content_by_lua_block {
        local b64 = require "ngx.base64"
        ngx.say(b64.encode_base64url(nil))
        ngx.say(b64.encode_base64url(123))
        ngx.say(b64.encode_base64url())
        ngx.say(b64.decode_base64url(nil))
        ngx.say(b64.decode_base64url(1))
        for _, s in ipairs({"+/", "Q", "a b", "YQ!"}) do
            local r, err = b64.decode_base64url(s)
            ngx.say(s, " -> ", select("#", b64.decode_base64url(s)), " ", r, " ", err)
        end
    }
}
--- request
GET /t
--- response_body
nilmust provide a string
nilmust provide a string
nilmust provide a string
nilmust provide a string
nilmust provide a string
+/ -> 2 nil invalid input
Q -> 2 nil invalid input
a b -> 2 nil invalid input
YQ! -> 2 nil invalid input

=== TEST 20: long inputs
--- config
location = /t {
    content_by_lua_block {
        local s = string.rep("0123456789abcdef", 65536)
        local enc = ngx.encode_base64(s)
        ngx.say(#s, " ", #enc, " ", ngx.decode_base64(enc) == s, " ", ngx.md5(enc))
        ngx.say(ngx.md5(s), " ", ngx.crc32_long(s), " ", ngx.crc32_short(s))
        ngx.say(ngx.encode_base64(ngx.sha1_bin(s)), " ", ngx.encode_base64(ngx.hmac_sha1(s, s)))
        local b64 = require "ngx.base64"
        ngx.say(b64.decode_base64url(b64.encode_base64url(s)) == s)
    }
}
--- request
GET /t
--- response_body
1048576 1398104 true f6bacc6f66c5923b3dc8bbbe967f1d7c
14d785daab3823736c981ca82a750c98 106518166 106518166
e5YawY0zuZEi7V2I0c5i3Rn8jGk= mu8uPS6nc8GdNjYVO6yYo6jEnqA=
true

=== TEST 21: unescape_uri leaves malformed escapes as they are
--- config
location = /t {
    content_by_lua_block {
        for _, s in ipairs({"%%41", "%4%41", "%4", "%", "%zz", "%2b%2", "%%", "%g1%41", "a+b%20c", "%E4%B8%AD"}) do
            ngx.say(s, " -> ", ngx.unescape_uri(s))
        end
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
%% -> %%
%g1%41 -> %g1A
a+b%20c -> a b c
%E4%B8%AD -> 中

=== TEST 22: encode_base64: lengths, binary, no_padding, any value
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

=== TEST 23: decode_base64: good input, bad input gives nil
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

=== TEST 24: ngx.base64: encode_base64url, decode_base64url, bad use
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

=== TEST 25: md5, md5_bin, sha1_bin: any value, long input
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

=== TEST 26: crc32_short and crc32_long: numbers, any value
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

=== TEST 27: hmac_sha1: vectors, numbers are strings
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

=== TEST 28: hmac_sha1: two arguments exactly, named as the caller named it
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

=== TEST 29: hmac_sha1 uncaught: a 500 and the error in error.log
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

=== TEST 30: escape_uri: every type, any value
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

=== TEST 31: escape_uri: a bad type
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

=== TEST 32: unescape_uri: well-formed escapes only, plus is a space, any value
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
