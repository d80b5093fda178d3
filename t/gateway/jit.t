# Tier 1 in the gateway: regions of handlers compile, and jit.v says so in
# LuaJIT's words (lua-resty-core's tests check the same lines).

=== TEST 1: a hot loop in a content handler is compiled, and jit.v logs its trace to error.log
--- http_config
init_by_lua_block {
    require("jit.v").on("logs/error.log")
}
--- config
location = /t {
    content_by_lua_block {
        local s = 0
        for i = 1, 1000 do
            s = s + i % 7
        end
        ngx.say(s)
    }
}
--- request
GET /t
--- response_body
3003
--- error_log_like
\[TRACE +\d+ content_by_lua\(nginx\.conf:\d+\):3 loop\] [\d.]+ ms
--- no_error_log
[TRACE ---
[error]

=== TEST 2: a loop that cannot compile says why once it is hot (entered often: a loop that cannot compile counts its entries)
--- http_config
init_by_lua_block {
    require("jit.v").on("logs/error.log")
}
--- config
location = /t {
    content_by_lua_block {
        local parts
        for r = 1, 100 do
            parts = {}
            for i = 1, 10 do
                parts[#parts + 1] = function() return "p" .. i end
            end
        end
        ngx.say(#parts, " ", parts[10]())
    }
}
--- request
GET /t
--- response_body
10 p10
--- error_log_like
\[TRACE --- content_by_lua\(nginx\.conf:\d+\):5 -- NYI: closure at content_by_lua\(nginx\.conf:\d+\):6\]
--- no_error_log
[error]

=== TEST 3: the loop of OpenResty's article on the FFI-based ngx.encode_base64 compiles whole (the Lua function, the C call, ffi.string), and so does ngx.md5's (a C function picked by a name in an upvalue), with no NYI
--- http_config
init_by_lua_block {
    require("jit.v").on("logs/error.log")
}
--- config
location = /t {
    content_by_lua_block {
        local n = 0
        for i = 1, 1000 do n = n + #ngx.encode_base64("123456") end
        local m = 0
        for i = 1, 1000 do m = m + #ngx.md5("hello") end
        ngx.say(n, " ", ngx.encode_base64("123456"), " ", ngx.encode_base64("a", true), " ", m)
    }
}
--- request
GET /t
--- response_body
8000 MTIzNDU2 YQ 32000
--- error_log_like
\[TRACE +\d+ content_by_lua\(nginx\.conf:\d+\):3 loop\] [\d.]+ ms
\[TRACE +\d+ content_by_lua\(nginx\.conf:\d+\):5 loop\] [\d.]+ ms
--- no_error_log
NYI
[error]

=== TEST 4: a callee that cannot compile is named with its own chunk and line
--- http_config
init_by_lua_block {
    require("jit.v").on("logs/error.log")
}
--- config
location = /t {
    content_by_lua_block {
        local m = 0
        for i = 1, 1000 do m = m + #ngx.encode_base64(i, true) end
        ngx.say(m)
    }
}
--- request
GET /t
--- response_body
3894
--- error_log_like
\[TRACE --- content_by_lua\(nginx\.conf:\d+\):3 -- NYI: tostring of a number at .*/resty/core/base\.lua:\d+\]
--- no_error_log
[error]
