# limit_except: requests of a method the list does not name take the
# block's settings (allow/deny, auth_basic, access_log, proxy_pass), a
# location nginx makes of the block; GET brings HEAD.

=== TEST 1: methods not listed are denied; GET and HEAD go on
--- config
location = /t {
    limit_except GET { deny all; }
    content_by_lua_block { ngx.say(ngx.req.get_method()) }
}
--- pipelined_requests
GET /t
POST /t
--- error_code: 403
--- error_log
access forbidden by rule

=== TEST 2: GET brings HEAD
--- config
location = /t {
    limit_except GET { deny all; }
    content_by_lua_block { ngx.say(ngx.req.get_method()) }
}
--- request
HEAD /t
--- error_code: 200

=== TEST 3: a listed method answers as the location does
--- config
location = /t {
    limit_except GET POST { deny all; }
    content_by_lua_block { ngx.say(ngx.req.get_method()) }
}
--- request
POST /t
--- response_body
POST

=== TEST 4: allow inside the block: the allowed client goes on to the proxy_pass it inherits
--- config
location = /be { content_by_lua_block { ngx.say("backend got ", ngx.req.get_method()) } }
location = /t {
    limit_except GET { allow 127.0.0.1; deny all; }
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be;
}
--- request
DELETE /t
--- response_body
backend got DELETE

=== TEST 5: the block's location has no content_by_lua of its own (nginx gives it none)
--- config
location = /t {
    limit_except GET { allow all; }
    content_by_lua_block { ngx.say("lua") }
}
--- user_files
>>> html/t
the file
--- pipelined_requests
GET /t
PUT /t
--- error_code: 405

=== TEST 6: auth_basic for writes only
--- config
location = /t {
    limit_except GET { auth_basic "writers"; auth_basic_user_file htpasswd; }
    content_by_lua_block { ngx.say("ok") }
}
--- user_files
>>> conf/htpasswd
alice:{PLAIN}pw
--- pipelined_requests
GET /t
POST /t
--- error_code: 401
--- response_headers
WWW-Authenticate: Basic realm="writers"

=== TEST 7: an unknown method is refused at load
--- config
location = /t { limit_except FETCH { deny all; } }
--- request
GET /t
--- must_die
--- error_log
invalid method "FETCH"

=== TEST 8: two limit_except in one location
--- config
location = /t { limit_except GET { deny all; } limit_except POST { deny all; } }
--- request
GET /t
--- must_die
--- error_log
"limit_except" directive is duplicate

=== TEST 9: what limit_except does not take
--- config
location = /t { limit_except GET { return 403; } }
--- request
GET /t
--- must_die
--- error_log
"return" directive is not allowed here
