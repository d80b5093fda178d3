# Globals of Lua handlers (with pipelined requests, the body checked is
# the last one's): each handler run has its own environment that
# reads through to _G (gateway.lua_tables reads it at C speed; these blocks
# pin what that shortcut must keep). Runs of a chunk that assigns no global
# read _G itself (gateway.worker_state.enter_handler) until Lua code asks for an
# environment: TESTs 8-13.

=== TEST 1: a global written by a handler is its run's own
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        ngx.say("before: ", tostring(counter))
        counter = (counter or 0) + 1
        ngx.say("after: ", counter)
    }
}
--- pipelined_requests
GET /t
GET /t
--- response_body
before: nil
after: 1

=== TEST 2: _G writes are seen by later runs, shadowed by the run's own globals
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        ngx.say("seen: ", tostring(shared))
        _G.shared = "from _G"
        shared = "mine"
        ngx.say(shared, " ", _G.shared, " ", rawget(getfenv(1), "shared"))
    }
}
--- pipelined_requests
GET /t
GET /t
--- response_body
seen: from _G
mine from _G mine

=== TEST 3: the environment is a table with a metatable reading _G
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        local env = getfenv(1)
        ngx.say(type(env), " ", env == _G, " ", getmetatable(env).__index == _G)
        ngx.say(rawget(env, "ngx") == nil, " ", env.ngx == ngx, " ", next(env) == nil)
        x = 1
        local keys = {}
        for k in pairs(env) do keys[#keys + 1] = k end
        ngx.say(table.concat(keys, ","))
    }
}
--- request
GET /t
--- response_body
table false true
true true true
x

=== TEST 4: setmetatable on the environment takes effect at once
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        local say, tostring, setmetatable, G, env = ngx.say, tostring, setmetatable, _G, getfenv(1)
        setmetatable(env, {__index = function(_, k) return "<" .. k .. ">" end})
        say(ngx, " ", pairs)
        setmetatable(env, nil)
        say(tostring(ngx))
        setmetatable(env, {__index = G})
        say(ngx == G.ngx)
    }
}
--- pipelined_requests
GET /t
GET /t
--- response_body
<ngx> <pairs>
nil
true

=== TEST 5: an edit of the shared environment metatable reaches later runs
--- config
location = /t {
    content_by_lua_block {
        ngx.say(tostring(magic))
        getmetatable(getfenv(1)).__index = setmetatable({magic = 42}, {__index = _G})
    }
}
--- pipelined_requests
GET /t
GET /t
--- response_body
42

=== TEST 6: a function defined in a handler keeps that run's globals
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        tag = ngx.var.arg_t
        function show() return tag end
        _G.last_show = _G.last_show or show
        ngx.say(show(), " ", _G.last_show())
    }
}
--- pipelined_requests
GET /t?t=a
GET /t?t=b
--- response_body
b a

=== TEST 7: a metatable on _G (a strict mode set at init) applies to handlers' global reads
--- http_config
init_by_lua_block {
    setmetatable(_G, {__index = function(_, k) error("undefined global " .. k, 2) end})
}
--- config
location = /t {
    content_by_lua_block {
        ngx.say(type(ngx), " ", pcall(function() return no_such_global end))
    }
}
--- request
GET /t
--- response_body_like
^table false.*undefined global no_such_global

=== TEST 8: a handler that assigns no global shares its environment only until Lua code takes it
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        ngx.say(tostring(rawget(getfenv(1), "mark")))
        rawset(getfenv(1), "mark", ngx.var.arg_m)
    }
}
--- pipelined_requests
GET /t?m=a
GET /t?m=b
--- response_body
nil

=== TEST 9: getfenv(2) from a function of another chunk takes the handler's environment
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- http_config
init_by_lua_block {
    function put(k, v) rawset(getfenv(2), k, v) end
}
--- config
location = /t {
    content_by_lua_block {
        ngx.say(tostring(seen))
        put("seen", ngx.var.arg_v)
        ngx.say(seen)
    }
}
--- pipelined_requests
GET /t?v=a
GET /t?v=b
--- response_body
nil
b

=== TEST 10: setfenv on a running handler does not reach its later runs
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        ngx.say(tostring(x))
        setfenv(1, setmetatable({x = ngx.var.arg_v}, {__index = _G}))
        ngx.say(x)
    }
}
--- pipelined_requests
GET /t?v=a
GET /t?v=b
--- response_body
nil
b

=== TEST 11: debug.getfenv on a function of the handler takes its environment too
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        local function f() end
        ngx.say(tostring(rawget(debug.getfenv(f), "mark")))
        rawset(debug.getfenv(f), "mark", ngx.var.arg_m)
    }
}
--- pipelined_requests
GET /t?m=a
GET /t?m=b
--- response_body
nil

=== TEST 12: the functions of a handler run asked for their environment share one, not _G
--- note: the issue's per-request globals (lua-nginx-module's before 0.10.16); Debian's module runs every handler in _G itself, shared by all requests
--- config
location = /t {
    content_by_lua_block {
        local function f() return seen end
        if not ngx.var.arg_ask then
            return ngx.say("quiet")
        end
        ngx.say(tostring(f()), " ", getfenv(f) ~= _G, " ", getfenv(1) == getfenv(f))
        rawset(getfenv(f), "seen", ngx.var.arg_v)
        ngx.say(f(), " ", seen, " ", tostring(rawget(_G, "seen")))
    }
}
--- pipelined_requests
GET /t
GET /t?ask=1&v=b
--- response_body
nil true true
b b nil

=== TEST 13: a strict mode set on _G after handlers ran still sees their global reads
--- config
location = /strict {
    content_by_lua_block {
        setmetatable(_G, {__index = function(_, k) error("undefined global " .. k, 2) end})
        ngx.say("on")
    }
}
location = /t {
    content_by_lua_block {
        ngx.say(type(ngx), " ", pcall(function() return no_such_global end))
    }
}
--- pipelined_requests
GET /t
GET /strict
GET /t
--- response_body_like
^table false.*undefined global no_such_global
