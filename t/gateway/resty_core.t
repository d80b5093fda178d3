# How the ngx API gets its FFI versions (lua_load_resty_core on, the
# default: lualib's resty.core) or keeps the Python builtins (off), and the
# behaviours where the two paths follow different OpenResty versions on
# purpose. The functions themselves are checked on both paths, and against
# OpenResty, by codec.t and regex.t.

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

=== TEST 8: ngx.re's "o" cache drops the least recently used regex when full (FFI path)
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

=== TEST 9: ngx.re's "o" cache stops caching when full and warns (builtin path)
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
