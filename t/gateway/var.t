# ngx.var: nginx variables read from Lua, user variables from `set`.

=== TEST 1: request line variables
--- config
location /t {
    content_by_lua_block {
        local v = ngx.var
        ngx.say(v.uri, "|", v.document_uri, "|", v.request_uri, "|", v.args, "|", v.query_string,
                "|", v.is_args, "|", v.request_method, "|", v.request, "|", v.server_protocol,
                "|", v.scheme)
    }
}
--- request
GET /t/x?a=1&b=2
--- response_body
/t/x|/t/x|/t/x?a=1&b=2|a=1&b=2|a=1&b=2|?|GET|GET /t/x?a=1&b=2 HTTP/1.1|HTTP/1.1|http

=== TEST 2: no args
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.var.args, "|", ngx.var.is_args, "|", ngx.var.arg_a)
    }
}
--- request
GET /t
--- response_body
nil||nil

=== TEST 3: arg_, http_ and cookie_ variables
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.var.arg_a, "|", ngx.var.arg_B, "|", ngx.var.arg_c, "|", ngx.var.http_x_foo,
                "|", ngx.var.http_user_agent, "|", ngx.var.cookie_s, "|", ngx.var.cookie_none)
    }
}
--- request
GET /t?a=1%202&b=x&c
--- more_headers
X-Foo: bar
User-Agent: ua/1
Cookie: s=v; t=w
--- response_body
1%202|x|nil|bar|ua/1|v|nil

=== TEST 4: host, server_name, addresses and ports
--- config
location = /t {
    content_by_lua_block {
        local v = ngx.var
        ngx.say(v.host, "|", v.server_name, "|", v.remote_addr, "|", v.server_addr, "|",
                tonumber(v.server_port) > 0, "|", tonumber(v.remote_port) > 0)
    }
}
--- request
GET /t
--- more_headers
Host: Example.COM:8080
--- response_body
example.com|localhost|127.0.0.1|127.0.0.1|true|true

=== TEST 5: content_type and content_length
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.var.content_type, "|", ngx.var.content_length)
    }
}
--- request
POST /t
abc
--- more_headers
Content-Type: text/x
--- response_body
text/x|3

=== TEST 6: user variables from set, read and written
--- config
location = /t {
    set $mine "conf $arg_a";
    content_by_lua_block {
        ngx.say(ngx.var.mine)
        ngx.var.mine = "lua"
        ngx.say(ngx.var.mine)
        ngx.var.mine = 12
        ngx.say(ngx.var.mine)
        ngx.var.mine = nil
        ngx.say(ngx.var.mine)
    }
}
--- request
GET /t?a=1
--- response_body
conf 1
lua
12
nil

=== TEST 7: writing an unknown variable
--- config
location = /t {
    content_by_lua_block {
        ngx.var.nothing_here = "x"
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
variable "nothing_here" not found for writing; maybe it is a built-in variable that is not changeable or you forgot to use "set $nothing_here '';" in the config file to define it first

=== TEST 8: writing a built-in that cannot change
--- config
location = /t {
    content_by_lua_block {
        ngx.var.uri = "/x"
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
variable "uri" not changeable

=== TEST 9: a table value is written as tostring makes it
--- config
location = /t {
    set $v "";
    content_by_lua_block {
        ngx.var.v = {}
        ngx.say((ngx.var.v:gsub("0x%x+", "ADDR")))
    }
}
--- request
GET /t
--- response_body
table: ADDR

=== TEST 10: ngx.var.args may be written
--- config
location = /t {
    content_by_lua_block {
        ngx.var.args = "z=9"
        ngx.say(ngx.var.arg_z, " ", ngx.req.get_uri_args().z)
    }
}
--- request
GET /t?z=1
--- response_body
9 9

=== TEST 11: regex captures by number
--- config
location ~ ^/t/(\w+)/(\d+)$ {
    content_by_lua_block {
        ngx.say(ngx.var[1], " ", ngx.var[2], " ", ngx.var[3])
    }
}
--- request
GET /t/abc/42
--- response_body
abc 42 nil

=== TEST 12: an unknown variable reads as nil
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.var.no_such_var)
    }
}
--- request
GET /t
--- response_body
nil

=== TEST 13: a user variable set in an unrelated location is empty here
--- config
location = /a {
    set $only_a "a";
}
location = /t {
    content_by_lua_block {
        ngx.say("[", ngx.var.only_a, "]")
    }
}
--- request
GET /t
--- response_body
[]

=== TEST 14: status, request_length, connection_requests
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.var.status, " ", ngx.var.connection_requests, " ", tonumber(ngx.var.request_length) > 20)
    }
    log_by_lua_block {
        ngx.log(ngx.WARN, "status in log: ", ngx.var.status)
    }
}
--- request
GET /t
--- response_body
000 1 true
--- error_log
status in log: 200

=== TEST 15: variables from YAML
--- yaml_config
location:
  = /t:
    set: $who "$arg_name!"
    content_by_lua_block: |
      ngx.say(ngx.var.who, " ", ngx.var.uri)
--- request
GET /t?name=yaml
--- response_body
yaml! /t

=== TEST 16: ngx.var is a table; its metatable's __index can be wrapped or replaced
--- config
location = /t {
    content_by_lua_block {
        local var = ngx.var
        ngx.say(type(var), " ", next(var) == nil, " ", rawget(var, "uri") == nil, " ", var[1] == nil)
        local mt = getmetatable(var)
        local orig = mt.__index
        mt.__index = function(t, k) return "wrapped " .. orig(t, k) end
        ngx.say(var.uri)
        mt.__index = orig
        setmetatable(var, {__index = function(_, k) return "own " .. k end})
        ngx.say(var.uri)
        setmetatable(var, mt)
        ngx.say(var.uri, " ", var.arg_a)
    }
}
--- request
GET /t?a=1
--- response_body
table true true true
wrapped /t
own uri
/t 1

=== TEST 17: a name is resolved once, its value read on every request
--- note
ngx.var keeps each name Lua code reads with its lower-case form and its
getter: the names below are read again on later requests, in other
locations and in other cases, and must still give each request's value.
The block checks the last response, read after the three before it.
--- config
location = /t {
    set $mine "m$arg_a";
    content_by_lua_block {
        ngx.say(ngx.var.arg_a, " ", ngx.var.ARG_A, " ", ngx.var.mine, " ", ngx.var.Mine, " ",
                ngx.var.uri, " ", ngx.var.http_x_none, " ", ngx.var[1])
    }
}
location ~ ^/(u) {
    content_by_lua_block {
        ngx.say(ngx.var.arg_a, " ", ngx.var.mine == "", " ", ngx.var.MINE == "", " ",
                ngx.var.uri, " ", ngx.var.http_x_none, " ", ngx.var[1])
    }
}
--- pipelined_requests
GET /t?a=1
GET /u?a=2
GET /t?a=3
GET /u?a=4
--- response_body
4 true true /u nil u

=== TEST 18: $request_completion is empty while the response is made and OK once it is complete
--- config
location = /t {
    content_by_lua_block {
        ngx.say("during: [", ngx.var.request_completion, "]")
    }
    log_by_lua_block {
        ngx.log(ngx.ERR, "after: [", ngx.var.request_completion, "]")
    }
}
--- request
GET /t
--- response_body
during: []
--- error_log
after: [OK]

=== TEST 19: $request_completion stays empty when no response was sent (ngx.exit(444))
--- config
location = /t {
    content_by_lua_block {
        ngx.exit(444)
    }
    log_by_lua_block {
        ngx.log(ngx.ERR, "after: [", ngx.var.request_completion, "]")
    }
}
--- request
GET /t
--- ignore_response
--- error_log
after: []

=== TEST 20: a variable declared by a set inside an if is writable from Lua, though the if did not run
--- config
location = /t {
    if ($arg_never) { set $flag "from if"; }
    content_by_lua_block {
        ngx.var.flag = "from lua"
        ngx.say(ngx.var.flag)
    }
}
--- request
GET /t
--- response_body
from lua
