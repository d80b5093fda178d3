# nginx's auth_request module: a subrequest decides (2xx go on, 401/403
# end the request, others are a 500), with auth_request_set's variables.

=== TEST 1: a 2xx from the auth subrequest lets the request go on
--- config
location = /auth { content_by_lua_block { ngx.exit(ngx.var.http_x_token == "ok" and 204 or 403) } }
location = /t { auth_request /auth; content_by_lua_block { ngx.say("in") } }
--- more_headers
X-Token: ok
--- request
GET /t
--- response_body
in

=== TEST 2: a 403 ends the request with 403
--- config
location = /auth { content_by_lua_block { ngx.exit(ngx.var.http_x_token == "ok" and 204 or 403) } }
location = /t { auth_request /auth; content_by_lua_block { ngx.say("in") } }
--- request
GET /t
--- error_code: 403

=== TEST 3: a 401 ends it with 401 and the subrequest's WWW-Authenticate
--- config
location = /auth { content_by_lua_block {
    ngx.header["WWW-Authenticate"] = 'Bearer realm="api"'
    ngx.exit(401)
} }
location = /t { auth_request /auth; content_by_lua_block { ngx.say("in") } }
--- request
GET /t
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="api"

=== TEST 4: any other status is a 500, logged
--- config
location = /auth { content_by_lua_block { ngx.exit(302) } }
location = /t { auth_request /auth; content_by_lua_block { ngx.say("in") } }
--- request
GET /t
--- error_code: 500
--- error_log
auth request unexpected status: 302

=== TEST 5: auth_request_set takes values of the subrequest (a proxied auth service's header)
--- config
location = /auth_be { content_by_lua_block { ngx.header["X-User"] = "alice"; ngx.exit(200) } }
location = /auth {
    internal;
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/auth_be;
    proxy_pass_request_body off;
    proxy_set_header Content-Length "";
}
location = /t {
    auth_request /auth;
    auth_request_set $user $upstream_http_x_user;
    content_by_lua_block { ngx.say("user ", ngx.var.user, " ", ngx.req.get_method()) }
}
--- request
POST /t
--- response_body
user alice POST

=== TEST 6: the subrequest is a GET with the request's headers, and access_by_lua runs after it
--- config
location = /auth { content_by_lua_block {
    ngx.log(ngx.NOTICE, "auth saw ", ngx.req.get_method(), " ", ngx.var.http_cookie)
    ngx.exit(200)
} }
location = /t {
    auth_request /auth;
    access_by_lua_block { ngx.log(ngx.NOTICE, "access_by_lua after auth") }
    content_by_lua_block { ngx.say("in") }
}
--- more_headers
Cookie: sid=1
--- request
PUT /t
--- response_body
in
--- error_log
auth saw GET sid=1
access_by_lua after auth

=== TEST 7: auth_request off in a location
--- config
auth_request /auth;
location = /auth { content_by_lua_block { ngx.exit(403) } }
location = /open { auth_request off; content_by_lua_block { ngx.say("open") } }
--- request
GET /open
--- response_body
open
