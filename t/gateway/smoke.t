# The gateway end to end: a request over a socket, the response, error.log.

=== TEST 1: hello
--- config
location = /t {
    content_by_lua_block {
        ngx.say("hello, world")
    }
}
--- request
GET /t
--- response_body
hello, world
--- error_code: 200
--- response_headers
Content-Type: text/plain
Server: moongate
--- no_error_log
[error]

=== TEST 2: a Lua error is a 500 and an error.log line
--- config
location = /t {
    content_by_lua_block {
        local t = nil
        ngx.say(t.x)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error: content_by_lua(nginx.conf:18):3: attempt to index local 't' (a nil value)
client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", host: "localhost"

=== TEST 3: YAML conf
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.say("from yaml ", ngx.var.arg_a)
--- request
GET /t?a=1
--- response_body
from yaml 1
