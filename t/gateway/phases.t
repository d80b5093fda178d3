# The phases: their order, ngx.ctx across them, and APIs refused in the wrong one.

=== TEST 1: phase order and ngx.get_phase
--- config
location = /t {
    set_by_lua_block $s { return ngx.get_phase() }
    rewrite_by_lua_block { ngx.ctx.p = {ngx.var.s, ngx.get_phase()} }
    access_by_lua_block { table.insert(ngx.ctx.p, ngx.get_phase()) }
    content_by_lua_block {
        table.insert(ngx.ctx.p, ngx.get_phase())
        ngx.say(table.concat(ngx.ctx.p, " "))
    }
    header_filter_by_lua_block { ngx.header.X_Phase = ngx.get_phase() }
    log_by_lua_block { ngx.log(ngx.WARN, "phase ", ngx.get_phase(), " ctx ", #ngx.ctx.p) }
}
--- request
GET /t
--- response_body
set rewrite access content
--- response_headers
X-Phase: header_filter
--- error_log
phase log ctx 4

=== TEST 2: say in log_by_lua is disabled
--- config
location = /t {
    content_by_lua_block { ngx.say("ok") }
    log_by_lua_block { ngx.say("no") }
}
--- request
GET /t
--- response_body
ok
--- error_log
API disabled in the context of log_by_lua*

=== TEST 3: say in header_filter_by_lua is disabled
--- config
location = /t {
    content_by_lua_block { ngx.say("ok") }
    header_filter_by_lua_block {
        local ok, err = pcall(ngx.say, "no")
        ngx.header.X_Err = err
    }
}
--- request
GET /t
--- response_headers
X-Err: API disabled in the context of header_filter_by_lua*
--- response_body
ok

=== TEST 4: body_filter_by_lua rewrites chunks with ngx.arg
--- config
location = /t {
    content_by_lua_block { ngx.say("hello") ngx.say("world") }
    body_filter_by_lua_block {
        ngx.arg[1] = string.upper(ngx.arg[1])
        if ngx.arg[2] then ngx.arg[1] = ngx.arg[1] .. "END\n" end
    }
}
--- request
GET /t
--- response_body
HELLO
WORLD
END

=== TEST 5: set_by_lua with arguments
--- config
location = /t {
    set $a 3;
    set_by_lua_block $sum { return tonumber(ngx.var.a) + 4 }
    return 200 "sum=$sum";
}
--- request
GET /t
--- response_body_like
^sum=7$

=== TEST 6: set_by_lua cannot yield
--- config
location = /t {
    set_by_lua_block $x { ngx.sleep(0.01) return "x" }
    return 200 $x;
}
--- request
GET /t
--- error_code: 500
--- error_log
API disabled in the context of set_by_lua*
--- skip: ngx.sleep is not defined at all, so set_by_lua reports 'attempt to call field sleep' instead of the phase error

=== TEST 7: an error in access_by_lua is a 500
--- config
location = /t {
    access_by_lua_block { error("denied here") }
    content_by_lua_block { ngx.say("no") }
}
--- request
GET /t
--- error_code: 500
--- error_log
access_by_lua(nginx.conf:18):1: denied here

=== TEST 8: ngx.ctx is per request
--- config
location = /t {
    content_by_lua_block {
        ngx.ctx.n = (ngx.ctx.n or 0) + 1
        ngx.say(ngx.ctx.n)
    }
}
--- pipelined_requests
GET /t
GET /t
--- response_body
1

=== TEST 9: assigning a non-table to ngx.ctx
--- config
location = /t {
    content_by_lua_block { ngx.ctx = 1 }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 10: phases from YAML
--- yaml_config
location:
  = /t:
    rewrite_by_lua_block: |
      ngx.ctx.r = "r"
    content_by_lua_block: |
      ngx.say(ngx.ctx.r, ngx.get_phase())
--- request
GET /t
--- response_body
rcontent

=== TEST 11: a header filter that dies: no answer at all, the error with its stack, the log phase still runs
--- config
location = /t {
    header_filter_by_lua_block {
        error("hboom")
    }
    log_by_lua_block { ngx.log(ngx.ERR, "logged ", ngx.status) }
    return 200 "never\n";
}
--- request
GET /t
--- no_response
--- error_log_like
failed to run header_filter_by_lua\*: header_filter_by_lua\(nginx\.conf:\d+\):2: hboom\nstack traceback:\n\t\[C\]: in function 'error'\n\theader_filter_by_lua\(nginx\.conf:\d+\):2: in main chunk, client: 127\.0\.0\.1
logged 200 while logging request, client:
--- access_log_like
"GET /t HTTP/1\.1" 200 0 
--- no_error_log
runtime error

=== TEST 12: a body filter that dies: ngx.say returns nil and "nginx output filter error", nothing goes out
--- config
location = /t {
    body_filter_by_lua_block { error("bboom") }
    content_by_lua_block {
        local ok, err = ngx.say("first")
        ngx.log(ngx.ERR, "say: ", tostring(ok), " ", err)
        ok, err = ngx.say("second")
        ngx.log(ngx.ERR, "again: ", tostring(ok), " ", err)
        ok, err = ngx.flush()
        ngx.log(ngx.ERR, "flush: ", tostring(ok), " ", err)
    }
}
--- request
GET /t
--- no_response
--- error_log_like
failed to run body_filter_by_lua\*: body_filter_by_lua\(nginx\.conf:\d+\):1: bboom\nstack traceback:\n\t\[C\]: in function 'error'\n\tbody_filter_by_lua\(nginx\.conf:\d+\):1: in main chunk, client:
--- error_log
say: nil nginx output filter error
again: nil nginx output filter error
flush: nil nginx output filter error
--- access_log_like
"GET /t HTTP/1\.1" 200 0 

=== TEST 13: a body filter that dies after a flush: what went out stays, the rest is not sent
--- config
location = /t {
    body_filter_by_lua_block {
        if ngx.arg[1]:find("second", 1, true) then error("bboom") end
    }
    content_by_lua_block {
        ngx.say("first")
        ngx.flush(true)
        local ok, err = ngx.say("second")
        ngx.log(ngx.ERR, "say: ", tostring(ok), " ", err)
    }
}
--- request
GET /t
--- ignore_response
--- error_log
say: nil nginx output filter error
failed to run body_filter_by_lua*

=== TEST 14: an error in log_by_lua: "failed to run log_by_lua*" with the stack, while logging request
--- config
location = /t {
    log_by_lua_block {
        ngx.log(ngx.ERR, "in the log phase")
        local t = nil
        local x = t.field
    }
    return 200 "ok\n";
}
--- request
GET /t
--- response_body
ok
--- error_log_like
\[lua\] log_by_lua\(nginx\.conf:\d+\):2: in the log phase while logging request, client: 127\.0\.0\.1
failed to run log_by_lua\*: log_by_lua\(nginx\.conf:\d+\):4: attempt to index local 't' \(a nil value\)\nstack traceback:\n\tlog_by_lua\(nginx\.conf:\d+\):4: in main chunk while logging request, client:
--- no_error_log
lua entry thread aborted

=== TEST 15: rewrite_by_lua_no_postpone on: rewrite_by_lua runs before the location's rewrite directives and more_set_input_headers
--- http_config
rewrite_by_lua_no_postpone on;
--- config
location = /t {
    set $x "set";
    more_set_input_headers 'X-O: more';
    rewrite_by_lua_block {
        ngx.var.x = (ngx.var.x or "nil") .. "+lua"
        ngx.req.set_header("X-O", "lua")
    }
    content_by_lua_block { ngx.say(ngx.var.x, " ", ngx.var.http_x_o) }
}
--- request
GET /t
--- response_body
set more

=== TEST 16: access_by_lua_no_postpone on: access_by_lua runs before allow/deny
--- http_config
access_by_lua_no_postpone on;
--- config
location = /t {
    deny all;
    access_by_lua_block { ngx.log(ngx.ERR, "lua ran") }
    content_by_lua_block { ngx.say("in") }
}
--- request
GET /t
--- error_code: 403
--- error_log
lua ran
access forbidden by rule

=== TEST 17: access_by_lua_no_postpone with satisfy any: Lua that lets the request in comes first, the rest not run
--- http_config
access_by_lua_no_postpone on;
--- config
location = /t {
    satisfy any;
    deny all;
    access_by_lua_block { ngx.ctx.x = "lua" }
    content_by_lua_block { ngx.say("in ", ngx.ctx.x) }
}
--- request
GET /t
--- response_body
in lua
--- no_error_log
access forbidden by rule

=== TEST 18: the *_no_postpone directives belong to the http level
--- config
rewrite_by_lua_no_postpone on;
--- must_die
--- error_log
"rewrite_by_lua_no_postpone" directive is not allowed here
