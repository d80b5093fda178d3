# nginx's access module: allow and deny, before access_by_lua (and after
# the rewrite module: `return` answers before them). Every block agrees
# with nginx (t/tools/nginx_expect.py).

=== TEST 1: deny of the client's address is a 403, logged as nginx logs it
--- config
location / { deny 127.0.0.1; allow all; content_by_lua_block { ngx.say("ok") } }
--- request
GET /
--- error_code: 403
--- error_log
access forbidden by rule, client: 127.0.0.1

=== TEST 2: the first rule that holds the client decides
--- config
location /in/ { allow 127.0.0.0/8; deny all; content_by_lua_block { ngx.say("in") } }
location /out/ { allow 10.0.0.0/8; deny all; content_by_lua_block { ngx.say("out") } }
--- pipelined_requests
GET /out/
GET /in/
--- response_body
in

=== TEST 3: denied before access_by_lua runs
--- config
location / {
    deny all;
    access_by_lua_block { ngx.log(ngx.ERR, "lua ran") }
    content_by_lua_block { ngx.say("ok") }
}
--- request
GET /
--- error_code: 403
--- no_error_log
lua ran

=== TEST 4: a location's own rules replace the server's
--- config
deny all;
location /open/ { allow all; content_by_lua_block { ngx.say("open") } }
--- request
GET /open/
--- response_body
open

=== TEST 5: a bad address is a conf error
--- config
location / { allow 300.1.2.3; }
--- request
GET /
--- must_die
--- error_log
invalid parameter "300.1.2.3"
