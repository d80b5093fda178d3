# nginx's realip module: set_real_ip_from, real_ip_header, real_ip_recursive,
# and what the client's address is then: $remote_addr, $remote_port,
# $binary_remote_addr, allow/deny, limit keys, error.log's client, the
# access log; $realip_remote_addr keeps the proxy's. The tests' client is
# 127.0.0.1.

=== TEST 1: X-Real-IP from a trusted proxy is the client
--- config
set_real_ip_from 127.0.0.1;
location = /t { content_by_lua_block {
    ngx.say(ngx.var.remote_addr, " [", ngx.var.remote_port, "] ", ngx.var.realip_remote_addr, " ",
            #ngx.var.binary_remote_addr, " ", ngx.var.realip_remote_port ~= "")
} }
--- more_headers
X-Real-IP: 203.0.113.7
--- request
GET /t
--- response_body
203.0.113.7 [] 127.0.0.1 4 true

=== TEST 2: from a proxy not trusted, the header changes nothing
--- config
set_real_ip_from 10.0.0.0/8;
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_addr, " ", ngx.var.realip_remote_addr) } }
--- more_headers
X-Real-IP: 203.0.113.7
--- request
GET /t
--- response_body
127.0.0.1 127.0.0.1

=== TEST 3: X-Forwarded-For: the last address, with its port; several headers are one list
--- config
set_real_ip_from 127.0.0.0/8;
real_ip_header X-Forwarded-For;
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_addr, " ", ngx.var.remote_port) } }
--- more_headers
X-Forwarded-For: 198.51.100.1, 10.1.1.1
X-Forwarded-For: 192.0.2.9:8080
--- request
GET /t
--- response_body
192.0.2.9 8080

=== TEST 4: real_ip_recursive: the last address that is not a trusted proxy
--- config
set_real_ip_from 127.0.0.1;
set_real_ip_from 10.0.0.0/8;
real_ip_header X-Forwarded-For;
real_ip_recursive on;
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_addr) } }
--- more_headers
X-Forwarded-For: 198.51.100.1, 192.0.2.2,10.1.1.1 ,  10.2.2.2
--- request
GET /t
--- response_body
192.0.2.2

=== TEST 5: real_ip_recursive with every address trusted: the first
--- config
set_real_ip_from 127.0.0.1;
set_real_ip_from 10.0.0.0/8;
real_ip_header X-Forwarded-For;
real_ip_recursive on;
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_addr) } }
--- more_headers
X-Forwarded-For: 10.9.9.9, 10.1.1.1
--- request
GET /t
--- response_body
10.9.9.9

=== TEST 6: an address that does not parse changes nothing; IPv6 in brackets with a port
--- config
set_real_ip_from 127.0.0.1;
real_ip_header X-Client;
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_addr, " ", ngx.var.remote_port) } }
--- pipelined_requests
GET /t
GET /t
--- more_headers
X-Client: [2001:db8::1]:443
--- response_body
2001:db8::1 443

=== TEST 7: a header value that is no address
--- config
set_real_ip_from 127.0.0.1;
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_addr) } }
--- more_headers
X-Real-IP: not-an-address
--- request
GET /t
--- response_body
127.0.0.1

=== TEST 8: allow/deny see the real client
--- config
set_real_ip_from 127.0.0.1;
location = /t { deny 203.0.113.0/24; allow all; content_by_lua_block { ngx.say("in") } }
--- more_headers
X-Real-IP: 203.0.113.7
--- request
GET /t
--- error_code: 403
--- error_log
access forbidden by rule, client: 203.0.113.7

=== TEST 9: a location's own set_real_ip_from applies in its preaccess phase, after rewrite_by_lua
--- config
location = /t {
    set_real_ip_from 127.0.0.1;
    rewrite_by_lua_block { ngx.req.set_header("X-Real-IP", "198.51.100.5") }
    content_by_lua_block { ngx.say(ngx.var.remote_addr) }
}
--- more_headers
X-Real-IP: 203.0.113.7
--- request
GET /t
--- response_body
198.51.100.5

=== TEST 10: at server level it applies from the start, and the access log shows the real client
--- config
set_real_ip_from 127.0.0.1;
access_log logs/access.log;
location = /t {
    rewrite_by_lua_block { ngx.ctx.before = ngx.var.remote_addr }
    content_by_lua_block { ngx.say(ngx.ctx.before) }
}
--- more_headers
X-Real-IP: 203.0.113.7
--- request
GET /t
--- response_body
203.0.113.7
--- access_log_like
^203\.0\.113\.7 - - \[

=== TEST 11: the next request on the connection has the connection's own address again
--- config
location = /a { set_real_ip_from 127.0.0.1; content_by_lua_block { ngx.say(ngx.var.remote_addr) } }
location = /b { content_by_lua_block { ngx.say(ngx.var.remote_addr) } }
--- more_headers
X-Real-IP: 203.0.113.7
--- pipelined_requests
GET /a
GET /b
--- response_body
127.0.0.1

=== TEST 12: limit keys are the real client's
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
set_real_ip_from 127.0.0.1;
real_ip_header X-Client;
location = /t { limit_req zone=one; content_by_lua_block { ngx.say("passed ", ngx.var.remote_addr) } }
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nX-Client: 192.0.2.1\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nX-Client: 192.0.2.2\r\nConnection: close\r\n\r\n
--- response_body
passed 192.0.2.2

=== TEST 13: set_real_ip_from with no address
--- config
set_real_ip_from nowhere.invalid;
--- request
GET /t
--- must_die
--- error_log
host not found in set_real_ip_from "nowhere.invalid"
