# lua-cjson as OpenResty bundles it: require "cjson" and "cjson.safe" in
# handlers (the gateway registers both in package.preload; plain luavm does
# not). Most cases live in t/test_cjson.py; these check the module as the
# gateway opens it. Expectations observed with nginx + lua-nginx-module and
# Debian's lua-cjson 2.1.0 (t/tools/nginx_expect.py), except the blocks
# with a note: OpenResty's fork adds what 2.1.0 lacks.

=== TEST 1: encode and decode
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode({1, 2.5, "a/b", true, cjson.null, {x = {}}}))
        local t = cjson.decode('{"list":[1,"two",null,{"k":-0.5e1}],"s":"\\u00e9\\ud83d\\ude00"}')
        ngx.say(#t.list, " ", t.list[2], " ", t.list[3] == cjson.null, " ", t.list[4].k, " ", t.s)
        ngx.say(cjson.encode(1/3), " ", cjson.encode(-0), " ", cjson.encode(2^53))
    }
}
--- request
GET /t
--- response_body
[1,2.5,"a\/b",true,null,{"x":{}}]
4 two true -5 é😀
0.33333333333333 -0 9.007199254741e+15

=== TEST 2: cjson.null is ngx.null
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.null == ngx.null, " ", type(cjson.null), " ", cjson.decode("null") == ngx.null)
        ngx.say(cjson.encode({ngx.null}), " ", tostring(cjson.null), " ", ({[ngx.null] = "k"})[cjson.null])
    }
}
--- request
GET /t
--- response_body
true userdata true
[null] userdata: NULL k

=== TEST 3: the request body decoded, the answer encoded
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson.safe"
        ngx.req.read_body()
        local data, err = cjson.decode(ngx.req.get_body_data())
        if not data then
            ngx.status = 400
            ngx.say(cjson.encode({error = err}))
            return
        end
        ngx.say(cjson.encode({sum = data.a + data.b}))
    }
}
--- request
POST /t
{"a": 40, "b": 2}
--- response_body
{"sum":42}

=== TEST 4: cjson.safe returns the error
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson.safe"
        ngx.req.read_body()
        local data, err = cjson.decode(ngx.req.get_body_data())
        if not data then
            ngx.status = 400
            ngx.say(cjson.encode({error = err}))
            return
        end
        ngx.say("ok")
    }
}
--- request
POST /t
{"a": 40, "b": }
--- error_code: 400
--- response_body
{"error":"Expected value but found T_OBJ_END at character 16"}

=== TEST 5: a decode error in a handler is a 500, positioned at the caller
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        local t = cjson.decode("[1, 2")
        ngx.say("not reached")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
content_by_lua(nginx.conf:18):3: Expected comma or array end but found T_END at character 6

=== TEST 6: encode errors
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(pcall(cjson.encode, function() end))
        ngx.say(pcall(cjson.encode, {[1] = 1, [100] = 2}))
        ngx.say(pcall(cjson.encode, {[true] = 1}))
        local ok, err = pcall(function() local s = cjson.encode() return s end)
        ngx.say(err)
        local safe = require "cjson.safe"
        ngx.say(safe.encode(coroutine.create(function() end)))
    }
}
--- request
GET /t
--- response_body
falseCannot serialise function: type not supported
falseCannot serialise table: excessively sparse array
falseCannot serialise boolean: table key must be a number or string
content_by_lua(nginx.conf:18):6: bad argument #1 to 'encode' (expected 1 argument)
nilCannot serialise thread: type not supported

=== TEST 7: NaN and Infinity
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(pcall(cjson.encode, 0/0))
        cjson.encode_invalid_numbers("null")
        ngx.say(cjson.encode({1/0, -1/0}))
        cjson.encode_invalid_numbers(true)
        ngx.say(cjson.encode({1/0, -1/0, 0/0}))
        cjson.encode_invalid_numbers(false)
    }
}
--- request
GET /t
--- response_body
falseCannot serialise number: must not be NaN or Infinity
[null,null]
[Infinity,-Infinity,NaN]
--- note: lua-cjson 2.1.0 says "NaN or Inf" and prints inf/nan; OpenResty's fork (mpx's master) says "NaN or Infinity" and prints Infinity/NaN

=== TEST 8: settings and instances
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        local mine = cjson.new()
        mine.encode_number_precision(4)
        mine.encode_sparse_array(true)
        ngx.say(mine.encode(math.pi), " ", cjson.encode(math.pi))
        ngx.say(mine.encode({[1] = 1, [100] = 2}))
        ngx.say(cjson.encode_sparse_array())
        ngx.say(cjson.encode_max_depth(), " ", cjson.decode_max_depth(), " ", cjson.encode_keep_buffer())
    }
}
--- request
GET /t
--- response_body_like
^3\.142 3\.1415926535898
\{("1":1,"100":2|"100":2,"1":1)\}
false210
1000 1000 true$

=== TEST 9: OpenResty's additions for arrays
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode({list = cjson.empty_array}))
        ngx.say(cjson.encode(setmetatable({}, cjson.array_mt)), " ",
                cjson.encode(setmetatable({}, cjson.empty_array_mt)), " ",
                cjson.encode(setmetatable({"a", "b"}, cjson.array_mt)))
        cjson.decode_array_with_array_mt(true)
        ngx.say(cjson.encode(cjson.decode('{"x":[]}')))
        cjson.encode_empty_table_as_object(false)
        ngx.say(cjson.encode({}))
        cjson.encode_empty_table_as_object(true)
        cjson.decode_array_with_array_mt(false)
    }
}
--- request
GET /t
--- response_body
{"list":[]}
[] [] ["a","b"]
{"x":[]}
[]
--- note: empty_array, array_mt, empty_array_mt, decode_array_with_array_mt and encode_empty_table_as_object are OpenResty's (README of openresty/lua-cjson); Debian's 2.1.0 lacks them

=== TEST 10: forward slashes
--- config
location = /t {
    content_by_lua_block {
        local cjson = require "cjson"
        ngx.say(cjson.encode("http://example.com/a"))
        cjson.encode_escape_forward_slash(false)
        ngx.say(cjson.encode("http://example.com/a"))
        cjson.encode_escape_forward_slash(true)
    }
}
--- request
GET /t
--- response_body
"http:\/\/example.com\/a"
"http://example.com/a"
--- note: encode_escape_forward_slash is OpenResty's (README of openresty/lua-cjson)

=== TEST 11: settings stay with the worker's module across requests
--- config
location = /set {
    content_by_lua_block {
        require("cjson").encode_number_precision(3)
        ngx.say("set")
    }
}
location = /get {
    content_by_lua_block {
        ngx.say(require("cjson").encode(1/3), " ", require("cjson.safe").encode(1/3))
        require("cjson").encode_number_precision(14)
    }
}
--- pipelined_requests
GET /set
GET /get
--- response_body
0.333 0.33333333333333
