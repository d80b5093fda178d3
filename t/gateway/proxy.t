# proxy_pass to the test's own server ($TEST_NGINX_SERVER_PORT): URIs, request
# headers and bodies going up, response headers coming back, error pages,
# redirects and the Lua filters on proxied responses, as nginx does them.
# (With pipelined requests only the last response's body is compared.)

=== TEST 1: proxy_pass with a URI part replaces the location's prefix
--- config
location /be/ { content_by_lua_block { ngx.say(ngx.var.request_uri) } }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/two/; }
--- request
GET /one/a%20b?x=1
--- response_body
/be/two/a%20b?x=1

=== TEST 2: proxy_pass without a URI part passes the client's URI as it came
--- config
location /asis/ {
    access_by_lua_block {
        if ngx.var.http_x_hop then
            ngx.say(ngx.var.request_uri)
            return ngx.exit(200)
        end
    }
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    proxy_set_header X-Hop 1;
}
--- request
GET /asis/q%2Fr?y=2
--- response_body
/asis/q%2Fr?y=2

=== TEST 3: proxy_set_header with variables; the client's headers go up, hop-by-hop ones do not
--- config
location = /be { content_by_lua_block {
    local h = ngx.req.get_headers()
    ngx.say(h.host, " ", h["x-foo"], " ", h["x-set"], " ", h["user-agent"], " ", h.connection, " ", h.te)
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_set_header X-Set "$request_method $arg_a"; }
--- request
GET /t?a=1
--- more_headers
X-Foo: bar
User-Agent: t
TE: trailers
--- response_body_like
^127\.0\.0\.1:\d+ bar GET 1 t close nil$

=== TEST 4: proxy_pass_request_headers off: only Host, Connection and proxy_set_header go up
--- config
location = /be { content_by_lua_block {
    local h = ngx.req.get_headers()
    ngx.say(h.host, " ", h["x-foo"], " ", h["user-agent"], " ", h.connection)
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_pass_request_headers off; proxy_set_header Host example.com; }
--- request
GET /t
--- more_headers
X-Foo: bar
User-Agent: t
--- response_body
example.com nil nil close

=== TEST 5: the request body goes up
--- config
location = /be { content_by_lua_block {
    ngx.req.read_body()
    ngx.say(ngx.req.get_method(), " [", ngx.req.get_body_data(), "] ", ngx.var.http_content_length)
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; }
--- request
POST /t
hello
--- response_body
POST [hello] 5

=== TEST 6: proxy_pass_request_body off: no body goes up
--- config
location = /be { content_by_lua_block {
    ngx.req.read_body()
    ngx.say(ngx.req.get_method(), " [", ngx.req.get_body_data(), "] ", ngx.var.http_content_length)
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_pass_request_body off; proxy_set_header Content-Length ""; }
--- request
POST /t
hello
--- response_body
POST [nil] nil

=== TEST 7: response headers: hidden by default or by proxy_hide_header, passed by proxy_pass_header
--- config
location = /be { content_by_lua_block {
    ngx.header["X-Secret"] = "s"
    ngx.header["X-Pad"] = "p"
    ngx.header["X-Keep"] = "k"
    ngx.header["X-Accel-Expires"] = "10"
    ngx.say("body")
} }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    proxy_hide_header X-Secret;
    proxy_pass_header X-Pad;
}
--- request
GET /t
--- response_headers
X-Keep: k
X-Pad: p
!X-Secret
!X-Accel-Expires
--- response_body
body

=== TEST 8: proxy_intercept_errors: the location's error_page answers for a status it has
--- config
location = /be { return 404 "upstream 404"; }
location = /err { content_by_lua_block { ngx.say("our page for ", ngx.status) } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_intercept_errors on; error_page 404 /err; }
--- request
GET /t
--- error_code: 404
--- response_body
our page for 404

=== TEST 9: proxy_intercept_errors: a status without an error_page passes through
--- config
location = /be { return 500 "upstream 500"; }
location = /err { content_by_lua_block { ngx.say("our page") } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_intercept_errors on; error_page 404 /err; }
--- request
GET /t
--- error_code: 500
--- response_body_like
^upstream 500$

=== TEST 10: without proxy_intercept_errors the upstream's error page is relayed
--- config
location = /be { return 404 "upstream 404"; }
location = /err { content_by_lua_block { ngx.say("our page") } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; error_page 404 /err; }
--- request
GET /t
--- error_code: 404
--- response_body_like
^upstream 404$

=== TEST 11: header_filter_by_lua and body_filter_by_lua run on the proxied response
--- config
location = /be { content_by_lua_block { ngx.header["X-Up"] = "1" ngx.print("abc") } }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    header_filter_by_lua_block { ngx.header["X-Up"] = nil ngx.header["X-Filtered"] = "yes" ngx.header.content_length = nil }
    body_filter_by_lua_block { ngx.arg[1] = string.upper(ngx.arg[1]) }
}
--- request
GET /t
--- response_headers
X-Filtered: yes
!X-Up
--- response_body_like
^ABC$

=== TEST 12: a closed port is a 502 with nginx's error.log line
--- config
location = /t { proxy_pass http://127.0.0.1:1/x; }
--- request
GET /t
--- error_code: 502
--- error_log
connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", upstream: "http://127.0.0.1:1/x", host: "localhost"

=== TEST 13: $upstream_addr and $upstream_status after the proxied response
--- config
location = /be { return 201 "made"; }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    header_filter_by_lua_block {
        ngx.header["X-Up"] = ngx.var.upstream_addr == "127.0.0.1:" .. ngx.var.server_port
        ngx.header["X-Status"] = ngx.var.upstream_status
    }
}
--- request
GET /t
--- error_code: 201
--- response_headers
X-Up: true
X-Status: 201

=== TEST 14: balancer_by_lua picks the peer
--- http_config
upstream u {
    server 0.0.0.1;
    balancer_by_lua_block {
        local balancer = require "ngx.balancer"
        assert(balancer.set_current_peer("127.0.0.1", tonumber(ngx.var.server_port)))
    }
}
--- config
location = /be { content_by_lua_block { ngx.say("be ", ngx.get_phase()) } }
location = /t { proxy_pass http://u/be; }
--- request
GET /t
--- response_body
be content

=== TEST 15: balancer_by_lua retries with set_more_tries and sees the last failure
--- http_config
upstream u {
    server 0.0.0.1;
    balancer_by_lua_block {
        local balancer = require "ngx.balancer"
        local state, status = balancer.get_last_failure()
        if not state then
            ngx.ctx.more = table.concat({tostring(balancer.set_more_tries(1))}, " ")
            assert(balancer.set_current_peer("127.0.0.1:1"))
        else
            ngx.ctx.failure = state .. " " .. tostring(status) .. " " .. ngx.get_phase()
            assert(balancer.set_current_peer("127.0.0.1", tonumber(ngx.var.server_port)))
        end
    }
}
--- config
location = /be { return 200 "be"; }
location = /t {
    proxy_pass http://u/be;
    header_filter_by_lua_block {
        ngx.header["X-Failure"] = ngx.ctx.failure
        ngx.header["X-More"] = ngx.ctx.more
    }
}
--- request
GET /t
--- response_headers
X-Failure: failed 502 balancer
X-More: true
--- response_body_like
^be$
--- error_log
connect() failed (111: Connection refused) while connecting to upstream

=== TEST 16: set_current_peer takes addresses only, and needs an upstream
--- http_config
upstream u {
    server 0.0.0.1;
    balancer_by_lua_block {
        local balancer = require "ngx.balancer"
        local ok, err = balancer.set_current_peer("example.com", 80)
        ngx.ctx.host = tostring(ok) .. " " .. tostring(err)
        assert(balancer.set_current_peer("127.0.0.1", tonumber(ngx.var.server_port)))
    }
}
--- config
location = /be { return 200 "be"; }
location = /t {
    proxy_pass http://u/be;
    header_filter_by_lua_block { ngx.header["X-Host"] = ngx.ctx.host }
}
location = /c {
    content_by_lua_block {
        local balancer = require "ngx.balancer"
        ngx.say(pcall(balancer.set_current_peer, "127.0.0.1", 80))
    }
}
--- pipelined_requests
GET /t
GET /c
--- response_body_like
^truenilno upstream found$

=== TEST 17: an error in balancer_by_lua is a 500
--- http_config
upstream u {
    server 0.0.0.1;
    balancer_by_lua_block { error("boom") }
}
--- config
location = /t { proxy_pass http://u/be; }
--- request
GET /t
--- error_code: 500
--- error_log_like
failed to run balancer_by_lua\*: balancer_by_lua\(nginx\.conf:\d+\):1: boom\nstack traceback:\n\t\[C\]: in function 'error'\n\tbalancer_by_lua\(nginx\.conf:\d+\):1: in main chunk while connecting to upstream, client:

=== TEST 18: proxy_redirect default rewrites the upstream's Location, made absolute as nginx does
--- config
location /be/ { content_by_lua_block {
    ngx.header["Location"] = "http://127.0.0.1:" .. ngx.var.server_port .. "/be/two/next"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/two/; }
--- request
GET /one/x
--- error_code: 302
--- response_headers
Location: http://localhost:$TEST_NGINX_SERVER_PORT/one/next

=== TEST 19: proxy_redirect off leaves it
--- config
location /be/ { content_by_lua_block {
    ngx.header["Location"] = "http://127.0.0.1:" .. ngx.var.server_port .. "/be/two/next"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/two/; proxy_redirect off; }
--- request
GET /one/x
--- error_code: 302
--- response_headers
Location: http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/two/next

=== TEST 20: $proxy_add_x_forwarded_for appends the client's address
--- config
location = /be { content_by_lua_block { ngx.say(ngx.var.http_x_forwarded_for) } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; }
location = /u { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/t; proxy_set_header X-Forwarded-For ""; }
--- pipelined_requests
GET /u
GET /t
--- more_headers
X-Forwarded-For: 1.2.3.4
--- response_body
1.2.3.4, 127.0.0.1

=== TEST 21: proxy_pass with variables and a URI part: that URI replaces the request's
--- config
location /be/ { content_by_lua_block { ngx.say(ngx.var.request_uri, " ", ngx.var.http_host) } }
location /v/ {
    set $be_port $TEST_NGINX_SERVER_PORT;
    proxy_pass http://127.0.0.1:$be_port/be/fixed;
}
--- request
GET /v/a?x=1
--- response_body
/be/fixed 127.0.0.1:$TEST_NGINX_SERVER_PORT

=== TEST 22: proxy_pass with variables and no URI part passes the request's URI
--- config
location /be/ { content_by_lua_block { ngx.say(ngx.var.request_uri) } }
location /v/ {
    set $be 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    rewrite ^/v/(.*)$ /be/$1 break;
    proxy_pass http://$be;
}
--- request
GET /v/a?x=1
--- response_body
/be/a?x=1

=== TEST 23: proxy_pass with a variable naming an upstream block
--- http_config
upstream backend_a { server 127.0.0.1:$TEST_NGINX_SERVER_PORT; }
--- config
location = /be { content_by_lua_block { ngx.say("be ", ngx.var.arg_k, " ", ngx.var.http_host) } }
location = /t {
    set $target backend_a;
    proxy_pass http://$target/be$is_args$args;
}
--- request
GET /t?k=v
--- response_body
be v backend_a

=== TEST 24: proxy_pass with a variable host name and no resolver
--- config
location = /t {
    set $h example.invalid;
    proxy_pass http://$h/x;
}
--- request
GET /t
--- error_code: 502
--- error_log
no resolver defined to resolve example.invalid

=== TEST 25: proxy_set_header per request: an empty value holds back the client's header, Host from a variable, Connection of the conf's
--- config
location = /be { content_by_lua_block {
    local h = ngx.req.get_headers()
    ngx.say(h.host, " ", h["x-drop"], " ", h["x-arg"], " ", h.connection, " ", h["x-keep"])
} }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    proxy_set_header X-Drop $arg_none;
    proxy_set_header Host "h-$arg_a";
    proxy_set_header X-Arg $arg_a;
    proxy_set_header Connection "";
}
--- request
GET /t?a=1
--- more_headers
X-Drop: client
X-Keep: k
--- response_body
h-1 nil 1 nil k

=== TEST 26: a body filter that dies on a proxied response: the client gets nothing, the backend's answer was read
--- config
location = /be { content_by_lua_block { ngx.say("from the backend") } }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    body_filter_by_lua_block { error("bboom") }
}
--- request
GET /t
--- no_response
--- error_log
failed to run body_filter_by_lua*: body_filter_by_lua(nginx.conf:
--- access_log_like
"GET /be HTTP/1\.0" 200
"GET /t HTTP/1\.1" 200 0

=== TEST 27: a header filter that dies on a proxied response: no answer
--- config
location = /be { content_by_lua_block { ngx.say("from the backend") } }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    header_filter_by_lua_block { if ngx.var.uri == "/t" then error("hboom") end }
}
--- request
GET /t
--- no_response
--- error_log
failed to run header_filter_by_lua*: header_filter_by_lua(nginx.conf:

=== TEST 28: the client headers nginx's proxy sets itself do not go up (Expect, Keep-Alive, Upgrade, TE); Proxy-Connection and Trailer do
--- config
location = /be { content_by_lua_block {
    local h = ngx.req.get_headers()
    ngx.say(tostring(h.expect), " ", tostring(h["keep-alive"]), " ", tostring(h.upgrade), " ",
            tostring(h.te), " ", h["proxy-connection"], " ", h.trailer)
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; }
--- request
POST /t
body
--- more_headers
Expect: 100-continue
Keep-Alive: 5
Upgrade: h2c
TE: trailers
Proxy-Connection: keep-alive
Trailer: X-Sum
--- response_body
nil nil nil nil keep-alive X-Sum

=== TEST 29: $upstream_http_NAME is the upstream's response header
--- config
location = /be { content_by_lua_block { ngx.header["X-Up-Thing"] = "v1"; ngx.say("body") } }
location = /t {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    header_filter_by_lua_block {
        ngx.header["X-Seen"] = tostring(ngx.var.upstream_http_x_up_thing) .. " " .. tostring(ngx.var.upstream_http_nope)
    }
}
--- request
GET /t
--- response_headers
X-Seen: v1 nil
--- response_body
body

=== TEST 30: the client leaving while the upstream thinks ends the exchange: 499, the upstream connection closed too
--- config
location = /be { content_by_lua_block { ngx.sleep(1) ngx.say("late") } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    log_by_lua_block { ngx.log(ngx.WARN, "status ", ngx.status) } }
--- request
GET /t
--- timeout: 0.3
--- abort
--- wait: 1.5
--- error_log
[info]
epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", upstream: "http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be", host: "localhost"
status 499 while logging request

=== TEST 31: proxy_ignore_client_abort on: the exchange goes on
--- config
location = /be { content_by_lua_block { ngx.sleep(1) ngx.say("late") } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_ignore_client_abort on;
    log_by_lua_block { ngx.log(ngx.WARN, "status ", ngx.status, " upstream ", ngx.var.upstream_status) } }
--- request
GET /t
--- timeout: 0.3
--- abort
--- wait: 1.5
--- error_log
status 200 upstream 200 while logging request
--- no_error_log
prematurely

=== TEST 32: proxy_ignore_client_abort takes on or off
--- config
location = /t { proxy_ignore_client_abort maybe; }
--- must_die
--- error_log
invalid value "maybe" in "proxy_ignore_client_abort" directive, it must be "on" or "off"

=== TEST 33: $upstream_* list every attempt: a refused peer, then the next one
--- http_config
upstream u { server 127.0.0.1:1; server 127.0.0.1:$TEST_NGINX_SERVER_PORT; }
--- config
location = /be { return 200 "ok\n"; }
location = /t { proxy_pass http://u/be;
    log_by_lua_block { ngx.log(ngx.WARN, "addr ", ngx.var.upstream_addr, " status ", ngx.var.upstream_status, " rt ", ngx.var.upstream_response_time, " ct ", ngx.var.upstream_connect_time, " ht ", ngx.var.upstream_header_time) } }
--- request
GET /t
--- response_body
ok
--- error_log_like
addr 127\.0\.0\.1:1, 127\.0\.0\.1:\d+ status 502, 200 rt \d\.\d{3}, \d\.\d{3} ct -, \d\.\d{3} ht -, \d\.\d{3} while logging request

=== TEST 34: a refused peer alone: it never connected nor got a head
--- config
location = /t { proxy_pass http://127.0.0.1:1/be;
    log_by_lua_block { ngx.log(ngx.WARN, "addr ", ngx.var.upstream_addr, " status ", ngx.var.upstream_status, " rt ", ngx.var.upstream_response_time, " ct ", ngx.var.upstream_connect_time, " ht ", ngx.var.upstream_header_time) } }
--- request
GET /t
--- error_code: 502
--- error_log_like
addr 127\.0\.0\.1:1 status 502 rt \d\.\d{3} ct - ht - while logging request

=== TEST 35: an answer passed over by proxy_next_upstream http_502 is listed with its status and times
--- http_config
upstream u { server 127.0.0.1:$TEST_NGINX_SERVER_PORT; server 127.0.0.1:$TEST_NGINX_SERVER_PORT; }
--- config
location = /be { return 502; }
location = /t { proxy_pass http://u/be; proxy_next_upstream http_502;
    log_by_lua_block { ngx.log(ngx.WARN, "addr ", ngx.var.upstream_addr, " status ", ngx.var.upstream_status, " ct ", ngx.var.upstream_connect_time, " ht ", ngx.var.upstream_header_time) } }
--- request
GET /t
--- error_code: 502
--- error_log_like
addr (127\.0\.0\.1:\d+), \1 status 502, 502 ct \d\.\d{3}, \d\.\d{3} ht \d\.\d{3}, \d\.\d{3} while logging request

=== TEST 36: a timed-out attempt connected but got no head
--- config
location = /be { content_by_lua_block { ngx.sleep(0.5) ngx.say("x") } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_read_timeout 100ms;
    log_by_lua_block { ngx.log(ngx.WARN, "status ", ngx.var.upstream_status, " rt ", ngx.var.upstream_response_time, " ct ", ngx.var.upstream_connect_time, " ht ", ngx.var.upstream_header_time) } }
--- request
GET /t
--- error_code: 504
--- wait: 0.6
--- error_log_like
status 504 rt 0\.\d{3} ct \d\.\d{3} ht - while logging request

=== TEST 37: once proxied, error.log lines of the request name its upstream, and the filters what nginx is doing, as nginx's
--- config
location = /be { return 200 "ok\n"; }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
    header_filter_by_lua_block { ngx.log(ngx.WARN, "in header filter") }
    body_filter_by_lua_block { if ngx.arg[2] then ngx.log(ngx.WARN, "in body filter") end }
    log_by_lua_block { ngx.log(ngx.WARN, "in log") } }
--- request
GET /t
--- error_log
in header filter while reading response header from upstream, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", upstream: "http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be", host: "localhost"
in body filter while sending to client, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", upstream: "http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be", host: "localhost"
in log while logging request, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", upstream: "http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be", host: "localhost"

=== TEST 38: a body filter sees a proxied body's end apart from its data, as nginx's
--- config
location = /be { return 200 "ok\n"; }
location = /be2 { content_by_lua_block { ngx.say("a") ngx.flush(true) ngx.sleep(0.05) ngx.say("b") } }
location /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_http_version 1.1;
    body_filter_by_lua_block {
        ngx.ctx.s = (ngx.ctx.s or "") .. "[" .. ngx.arg[1]:gsub("\n", "~") .. "]" .. tostring(ngx.arg[2]) .. " "
    }
    log_by_lua_block { ngx.log(ngx.WARN, "calls: ", ngx.ctx.s) } }
--- pipelined_requests
GET /t
GET /t2
--- response_body
a
b
--- error_log
calls: [ok~]false []true  while logging request
calls: [a~]false [b~]false []true  while logging request

=== TEST 39: proxy_method and proxy_set_body (with variables) replace the client's method and body upstream
--- config
location = /be { content_by_lua_block {
    ngx.req.read_body()
    ngx.say(ngx.req.get_method(), " ", ngx.var.http_content_length, " [", ngx.req.get_body_data(), "]")
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_method PUT;
    proxy_set_body "name=$arg_n&via=$request_method"; }
location = /m { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_method $arg_m; }
--- pipelined_requests
POST /t?n=x
GET /m?m=DELETE
--- more_headers
Content-Length: 0
--- response_body
DELETE 0 [nil]

=== TEST 40: proxy_set_body sends its body, not the client's, with its length
--- config
location = /be { content_by_lua_block {
    ngx.req.read_body()
    ngx.say(ngx.req.get_method(), " ", ngx.var.http_content_length, " [", ngx.req.get_body_data(), "]")
} }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; proxy_set_body "name=$arg_n"; }
--- request
POST /t?n=x
client body
--- response_body
POST 6 [name=x]

=== TEST 41: proxy_method is set once
--- config
location = /t { proxy_method PUT; proxy_method GET; }
--- must_die
--- error_log
"proxy_method" directive is duplicate

=== TEST 42: Content-Length goes upstream when the client sent a body length, as nginx's: a bodiless POST's none (a GET's 0: TEST 39)
--- config
location = /be { content_by_lua_block { ngx.say(ngx.req.get_method(), " ", ngx.var.http_content_length) } }
location = /t { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be; }
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n
--- response_body
POST nil
