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

=== TEST 11: access.log in the combined format by default (nginx chunks this body, so its $body_bytes_sent counts the chunk framing too; ours goes with a Content-Length)
--- config
location = /t {
    content_by_lua_block { ngx.say("ok") }
}
--- request
GET /t?a=1&b=2
--- more_headers
User-Agent: blocks-test/1.0
Referer: http://example.com/from
--- response_body
ok
--- access_log_like
^127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET /t\?a=1&b=2 HTTP/1\.1" 200 \d+ "http://example\.com/from" "blocks-test/1\.0"$

=== TEST 12: log_format with variables; a variable without a value is logged as "-"
--- http_config
log_format vars '$request_method $uri $args $status [$http_x_missing] [$http_x_one] $arg_b';
--- config
location = /t {
    access_log logs/access.log vars;
    content_by_lua_block { ngx.status = 201; ngx.print("12345") }
}
--- request
GET /t?a=1&b=two
--- more_headers
X-One: first
--- error_code
201
--- access_log_like
^GET /t a=1&b=two 201 \[-\] \[first\] two$

=== TEST 13: a log_format of one variable alone, with and without a value
--- http_config
log_format only_missing '$http_x_missing';
log_format only_uri '$uri';
--- config
location = /t {
    access_log logs/access.log only_missing;
    access_log logs/access.log only_uri;
    content_by_lua_block { ngx.say("ok") }
}
--- request
GET /t
--- access_log_like
^-$
^/t$

=== TEST 14: variables in access.log escape quotes, backslashes and control bytes as \xHH
--- http_config
log_format esc '[$http_x_raw]';
--- config
location = /t {
    access_log logs/access.log esc;
    content_by_lua_block { ngx.say("ok") }
}
--- request
GET /t
--- more_headers
X-Raw: a"b\c	d
--- access_log_like
^\[a\\x22b\\x5Cc\\x09d\]$

=== TEST 15: access_log off in a location logs nothing
--- config
location = /t {
    access_log off;
    content_by_lua_block { ngx.say("ok") }
}
--- request
GET /t
--- response_body
ok
--- no_access_log

=== TEST 16: a request the handler fails is logged with its 500
--- config
location = /t {
    content_by_lua_block { error("boom") }
}
--- request
GET /t
--- error_code
500
--- access_log_like
"GET /t HTTP/1\.1" 500 \d+ "-" "-"$

=== TEST 17: log_format and access_log from YAML
--- yaml_http_config
log_format: yfmt '$request_method $uri "$http_x_one"'
--- yaml_config
location:
  = /t:
    access_log: logs/access.log yfmt
    content_by_lua_block: |
      ngx.say("ok")
--- request
GET /t
--- more_headers
X-One: yaml "quoted"
--- response_body
ok
--- access_log_like
^GET /t "yaml \\x22quoted\\x22"$

=== TEST 18: a malformed request line is logged as it came, with its 400
--- config
location = /t { return 200 "ok"; }
--- raw_request
GARBAGE\r\n\r\n
--- error_code
400
--- access_log_like
"GARBAGE" 400 \d+ "-" "-"$

=== TEST 19: a request without Host is logged with its request line and 400
--- config
location = /t { return 200 "ok"; }
--- raw_request
GET /t HTTP/1.1\r\n\r\n
--- error_code
400
--- access_log_like
"GET /t HTTP/1\.1" 400 \d+ "-" "-"$

=== TEST 20: a request line over large_client_header_buffers is logged with its 414, cut at the buffer's size
--- http_config
large_client_header_buffers 2 1k;
--- config
location = /t { return 200 "ok"; }
--- raw_request
GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: localhost\r\n\r\n
--- error_code
414
--- access_log_like
"GET /a{1019}" 414 \d+ "-" "-"$

=== TEST 21: a header over large_client_header_buffers: nginx's 400 page that says why, and the 400 logged
--- http_config
large_client_header_buffers 2 1k;
--- config
location = /t { return 200 "ok"; }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nX-Big: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n\r\n
--- error_code
400
--- response_body_like
.*<title>400 Request Header Or Cookie Too Large</title>.*<center><h1>400 Bad Request</h1></center>\r\n<center>Request Header Or Cookie Too Large</center>.*
--- access_log_like
"GET /t HTTP/1\.1" 400 \d+ "-" "-"$

=== TEST 22: a request rejected before it ran still has its log phase: the server's log_by_lua runs
--- config
log_by_lua_block {
    ngx.log(ngx.ERR, "logged ", ngx.status, " ", ngx.var.request)
}
location = /t { return 200 "ok"; }
--- raw_request
GARBAGE\r\n\r\n
--- error_code
400
--- error_log
logged 400 GARBAGE while logging request, client: 127.0.0.1
--- access_log_like
"GARBAGE" 400 \d+ "-" "-"$

=== TEST 23: the log phase of client_header_timeout's 408, with the http level's log_by_lua
--- http_config
client_header_timeout 1;
log_by_lua_block {
    ngx.log(ngx.ERR, "logged ", ngx.status, " ", ngx.var.request_method)
}
--- config
location = /t { return 200 "ok"; }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\n
--- ignore_response
--- error_log
logged 408 GET while logging request
