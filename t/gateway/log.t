# ngx.log and print: error.log lines with the `[lua] chunk:line:` prefix.

=== TEST 1: ngx.log at ERR with the chunk and line
--- config
location = /t {
    content_by_lua_block {
        ngx.log(ngx.ERR, "something ", 42, " ", nil, " ", true)
        ngx.say("ok")
    }
}
--- request
GET /t
--- error_log
[error]
[lua] content_by_lua(nginx.conf:18):2: something 42 nil true, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", host: "localhost"

=== TEST 2: the levels
--- config
location = /t {
    content_by_lua_block {
        ngx.log(ngx.STDERR, "l-stderr")
        ngx.log(ngx.EMERG, "l-emerg")
        ngx.log(ngx.ALERT, "l-alert")
        ngx.log(ngx.CRIT, "l-crit")
        ngx.log(ngx.WARN, "l-warn")
        ngx.log(ngx.NOTICE, "l-notice")
        ngx.log(ngx.INFO, "l-info")
        ngx.say(ngx.STDERR, ngx.EMERG, ngx.ALERT, ngx.CRIT, ngx.ERR, ngx.WARN, ngx.NOTICE, ngx.INFO, ngx.DEBUG)
    }
}
--- request
GET /t
--- response_body
012345678
--- error_log
[emerg] 
[alert] 
[crit] 
[warn] 
[notice] 
[info] 
:2: l-stderr
:3: l-emerg
:8: l-info

=== TEST 3: print logs at notice
--- config
location = /t {
    content_by_lua_block {
        print("printed ", 1, " ", false)
        ngx.say("ok")
    }
}
--- request
GET /t
--- error_log
[notice]
[lua] content_by_lua(nginx.conf:18):2: printed 1 false

=== TEST 4: the line of a function defined in the chunk
--- config
location = /t {
    content_by_lua_block {
        local function f()
            ngx.log(ngx.WARN, "in f")
        end
        f()
        ngx.say("ok")
    }
}
--- request
GET /t
--- error_log
[lua] content_by_lua(nginx.conf:18):3: f(): in f

=== TEST 5: a bad level
--- config
location = /t {
    content_by_lua_block {
        ngx.log(100, "x")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad log level: 100

=== TEST 6: a level that is not a number
--- config
location = /t {
    content_by_lua_block {
        ngx.log("error", "x")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #1 to 'log' (number expected, got string)

=== TEST 7: a table argument without __tostring
--- config
location = /t {
    content_by_lua_block {
        ngx.log(ngx.ERR, "t: ", {})
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #2 to 'log' (expected table to have __tostring metamethod)

=== TEST 8: a table with __tostring
--- config
location = /t {
    content_by_lua_block {
        ngx.log(ngx.ERR, "t: ", setmetatable({}, {__tostring = function() return "TS" end}))
        ngx.say("ok")
    }
}
--- request
GET /t
--- error_log
t: TS

=== TEST 9: numbers as ngx.log writes them
--- config
location = /t {
    content_by_lua_block {
        ngx.log(ngx.ERR, "n: ", 0.5, " ", 2^53, " ", -0.0, " ", 10)
        ngx.say("ok")
    }
}
--- request
GET /t
--- error_log
n: 0.5 9.007199254741e+15 0 10

=== TEST 10: ngx.log from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.log(ngx.ERR, "yaml log")
      ngx.say("ok")
--- request
GET /t
--- error_log
yaml log
