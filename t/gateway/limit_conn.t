# nginx's limit_conn module: limit_conn_zone, limit_conn, limit_conn_status,
# limit_conn_log_level, limit_conn_dry_run and $limit_conn_status. A request
# in progress makes a second one through a cosocket to its own server, from
# the same address: that one is counted against the first.

=== TEST 1: a request over the limit while another is in progress is refused with a 503, and logged
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t {
    limit_conn addr 1;
    content_by_lua_block {
        if ngx.var.arg_inner then return ngx.say("inner") end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", ngx.var.server_port))
        sock:send("GET /t?inner=1 HTTP/1.0\r\nHost: localhost\r\n\r\n")
        ngx.say("inner got: ", sock:receive("*l"))
    }
}
--- request
GET /t
--- response_body
inner got: HTTP/1.1 503 Service Temporarily Unavailable
--- error_log
limiting connections by zone "addr"

=== TEST 2: a request gives its count back when it ends
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t { limit_conn addr 1; content_by_lua_block { ngx.say(ngx.var.limit_conn_status) } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- response_body
PASSED

=== TEST 3: within the limit both go on
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t {
    limit_conn addr 2;
    content_by_lua_block {
        if ngx.var.arg_inner then return ngx.say("inner") end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", ngx.var.server_port))
        sock:send("GET /t?inner=1 HTTP/1.0\r\nHost: localhost\r\n\r\n")
        ngx.say("inner got: ", sock:receive("*l"))
    }
}
--- request
GET /t
--- response_body
inner got: HTTP/1.1 200 OK

=== TEST 4: limit_conn_status, limit_conn_log_level
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t {
    limit_conn addr 1;
    limit_conn_status 429;
    limit_conn_log_level notice;
    content_by_lua_block {
        if ngx.var.arg_inner then return ngx.say("inner") end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", ngx.var.server_port))
        sock:send("GET /t?inner=1 HTTP/1.0\r\nHost: localhost\r\n\r\n")
        ngx.say("inner got: ", sock:receive("*l"))
    }
}
--- request
GET /t
--- response_body
inner got: HTTP/1.1 429 Too Many Requests
--- error_log_like
\[notice\] .*limiting connections by zone "addr", client: 127\.0\.0\.1, server: localhost, request: "GET /t\?inner=1 HTTP/1\.0", host: "localhost"

=== TEST 5: a dry run refuses nothing; it logs and sets $limit_conn_status
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t {
    limit_conn addr 1;
    limit_conn_dry_run on;
    content_by_lua_block {
        if ngx.var.arg_inner then return ngx.say("inner ", ngx.var.limit_conn_status) end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", ngx.var.server_port))
        sock:send("GET /t?inner=1 HTTP/1.0\r\nHost: localhost\r\n\r\n")
        local body = sock:receive("*a")
        ngx.say(body:match("inner %S+"))
    }
}
--- request
GET /t
--- response_body
inner REJECTED_DRY_RUN
--- error_log
limiting connections, dry run, by zone "addr"

=== TEST 6: a request whose key is empty is not counted
--- http_config
limit_conn_zone $http_x_user zone=users:1m;
--- config
location = /t {
    limit_conn users 1;
    content_by_lua_block {
        if ngx.var.arg_inner then return ngx.say("inner") end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", ngx.var.server_port))
        sock:send("GET /t?inner=1 HTTP/1.0\r\nHost: localhost\r\n\r\n")
        ngx.say("inner got: ", sock:receive("*l"), "; status: ", ngx.var.limit_conn_status)
    }
}
--- request
GET /t
--- response_body
inner got: HTTP/1.1 200 OK; status: nil

=== TEST 7: limit_req and limit_conn together: limit_req decides first
--- http_config
limit_req_zone $binary_remote_addr zone=rate:1m rate=1r/m;
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t {
    limit_req zone=rate;
    limit_conn addr 1;
    content_by_lua_block { ngx.say(ngx.var.limit_req_status, " ", ngx.var.limit_conn_status) }
}
--- pipelined_requests
GET /t
GET /t
--- error_code: 503
--- error_log
limiting requests, excess: 1.000 by zone "rate"

=== TEST 8: a limit_conn naming no zone
--- config
location = /t { limit_conn nowhere 1; }
--- request
GET /t
--- must_die
--- error_log
zero size shared memory zone "nowhere"

=== TEST 9: a limit over 65535
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t { limit_conn addr 70000; }
--- request
GET /t
--- must_die
--- error_log
connection limit must be less 65536

=== TEST 10: a zone name another zone has
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
limit_req_zone $binary_remote_addr zone=addr:1m rate=1r/s;
--- request
GET /t
--- must_die
--- error_log
the shared memory zone "addr" is already declared for a different use

=== TEST 11: the same zone twice at one level
--- http_config
limit_conn_zone $binary_remote_addr zone=addr:1m;
--- config
location = /t { limit_conn addr 1; limit_conn addr 2; }
--- request
GET /t
--- must_die
--- error_log
"limit_conn" directive is duplicate
