# satisfy all|any: how allow/deny, auth_basic, auth_request and
# access_by_lua decide together. The user: dave:pw ({PLAIN}).

=== TEST 1: any: an allow rule lets the request in; the auth checks and access_by_lua do not run
--- config
location = /t {
    satisfy any;
    allow 127.0.0.1;
    deny all;
    auth_basic "r"; auth_basic_user_file htpasswd;
    access_by_lua_block { ngx.ctx.lua = "ran"; return ngx.exit(403) }
    content_by_lua_block { ngx.say("in ", tostring(ngx.ctx.lua)) }
}
--- user_files
>>> conf/htpasswd
dave:{PLAIN}pw
--- request
GET /t
--- response_body
in nil

=== TEST 2: any: denied by rule, let in by auth_basic
--- config
location = /t {
    satisfy any;
    deny all;
    auth_basic "r"; auth_basic_user_file htpasswd;
    access_by_lua_block { ngx.ctx.lua = "ran" }
    content_by_lua_block { ngx.say("in ", tostring(ngx.ctx.lua), " ", ngx.var.remote_user) }
}
--- user_files
>>> conf/htpasswd
dave:{PLAIN}pw
--- request
GET /t
--- more_headers
Authorization: Basic ZGF2ZTpwdw==
--- response_body
in nil dave
--- no_error_log
access forbidden by rule

=== TEST 3: any: denied by rule and no credentials: the 401 wins
--- config
location = /t {
    satisfy any;
    deny all;
    auth_basic "r"; auth_basic_user_file htpasswd;
    content_by_lua_block { ngx.say("in") }
}
--- user_files
>>> conf/htpasswd
dave:{PLAIN}pw
--- request
GET /t
--- error_code: 401
--- response_headers
WWW-Authenticate: Basic realm="r"

=== TEST 4: any: a wrong password, and an allow rule that does not hold the client: 401
--- config
location = /t {
    satisfy any;
    allow 10.0.0.0/8;
    auth_basic "r"; auth_basic_user_file htpasswd;
    content_by_lua_block { ngx.say("in") }
}
--- user_files
>>> conf/htpasswd
dave:{PLAIN}pw
--- request
GET /t
--- more_headers
Authorization: Basic ZGF2ZTpwdXg=
--- error_code: 401
--- error_log
user "dave": password mismatch

=== TEST 5: any: denied by rule and nothing else: 403, logged once everything was tried
--- config
location = /t {
    satisfy any;
    deny all;
    content_by_lua_block { ngx.say("in") }
}
--- request
GET /t
--- error_code: 403
--- error_log
access forbidden by rule

=== TEST 6: any: access_by_lua that runs to its end lets the request in
--- config
location = /t {
    satisfy any;
    deny all;
    access_by_lua_block { ngx.log(ngx.ERR, "lua ran") }
    content_by_lua_block { ngx.say("in") }
}
--- request
GET /t
--- response_body
in
--- error_log
lua ran

=== TEST 7: any: so does ngx.exit(ngx.OK)
--- config
location = /t {
    satisfy any;
    allow 10.0.0.1;
    access_by_lua_block { return ngx.exit(ngx.OK) }
    content_by_lua_block { ngx.say("in") }
}
--- request
GET /t
--- response_body
in

=== TEST 8: any: ngx.exit(403) in access_by_lua is one more refusal
--- config
location = /t {
    satisfy any;
    allow 10.0.0.1;
    access_by_lua_block { return ngx.exit(403) }
    content_by_lua_block { ngx.say("in") }
}
--- request
GET /t
--- error_code: 403
--- error_log
access forbidden by rule

=== TEST 9: any: ngx.exit(200) in access_by_lua ends the request there
--- config
location = /t {
    satisfy any;
    deny all;
    access_by_lua_block { return ngx.exit(ngx.HTTP_OK) }
    content_by_lua_block { ngx.say("not reached") }
}
--- request
GET /t
--- response_body

=== TEST 10: any with no access checks: in
--- config
location = /t {
    satisfy any;
    content_by_lua_block { ngx.say("in") }
}
--- request
GET /t
--- response_body
in

=== TEST 11: any, set at the server level: auth_request lets the request in past a deny
--- config
satisfy any;
location = /t {
    deny all;
    auth_request /auth;
    content_by_lua_block { ngx.say("in") }
}
location = /auth { return 204; }
--- request
GET /t
--- response_body
in

=== TEST 12: all (the default, also when given): every check must pass
--- config
location = /t {
    satisfy all;
    allow 127.0.0.1;
    auth_basic "r"; auth_basic_user_file htpasswd;
    content_by_lua_block { ngx.say("in") }
}
--- user_files
>>> conf/htpasswd
dave:{PLAIN}pw
--- request
GET /t
--- error_code: 401

=== TEST 13: a value that is neither all nor any
--- config
location = /t { satisfy some; }
--- must_die
--- error_log
invalid value "some"

=== TEST 14: not in an if
--- config
location = /t { if ($args) { satisfy any; } }
--- must_die
--- error_log
"satisfy" directive is not allowed here

=== TEST 15: from YAML
--- yaml_config
location:
  = /t:
    satisfy: any
    allow: 127.0.0.1
    deny: all
    access_by_lua_block: |
      return ngx.exit(403)
    content_by_lua_block: |
      ngx.say("in")
--- request
GET /t
--- response_body
in
