# nginx's auth_basic module: auth_basic, auth_basic_user_file (relative to
# the conf's directory), the htpasswd schemes nginx reads ($apr1$, crypt(3)'s
# $1$, {SHA}, {PLAIN}), its log lines and $remote_user.
# The users: alice:s3cret ($apr1$), bob:pw2 ($1$), carol:pw3 ({SHA}),
# dave:"plain pw" ({PLAIN}).

=== TEST 1: no credentials: 401 with the realm, logged at info
--- config
location = /t { auth_basic "Closed Site"; auth_basic_user_file htpasswd; content_by_lua_block { ngx.say("in") } }
--- user_files
>>> conf/htpasswd
alice:$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.
--- request
GET /t
--- error_code: 401
--- response_headers
WWW-Authenticate: Basic realm="Closed Site"
--- error_log
no user/password was provided for basic authentication

=== TEST 2: apr1, crypt(3), SHA and PLAIN passwords let their users in, with $remote_user
--- config
location = /t { auth_basic "x"; auth_basic_user_file htpasswd; content_by_lua_block { ngx.say("in as ", ngx.var.remote_user) } }
--- user_files
>>> conf/htpasswd
# the team
alice:$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.
bob:$1$ab$5HlcSdP/TQDPo188cPRWt0:a comment
carol:{SHA}Z/q5KhbWJGlg/C2XbiLEJnMKKr8=
dave:{PLAIN}plain pw
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6czNjcmV0\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Ym9iOnB3Mg==\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic Y2Fyb2w6cHcz\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: basic   ZGF2ZTpwbGFpbiBwdw==\r\nConnection: close\r\n\r\n
--- response_body
in as dave
--- no_error_log
[error]

=== TEST 3: a wrong password
--- config
location = /t { auth_basic "x"; auth_basic_user_file htpasswd; content_by_lua_block { ngx.say("in") } }
--- user_files
>>> conf/htpasswd
alice:$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.
--- more_headers
Authorization: Basic YWxpY2U6d3Jvbmc=
--- request
GET /t
--- error_code: 401
--- error_log
user "alice": password mismatch

=== TEST 4: a user not in the file
--- config
location = /t { auth_basic "x"; auth_basic_user_file htpasswd; content_by_lua_block { ngx.say("in") } }
--- user_files
>>> conf/htpasswd
alice:$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.
--- more_headers
Authorization: Basic emVkOng=
--- request
GET /t
--- error_code: 401
--- error_log_like
user "zed" was not found in ".*/conf/htpasswd"

=== TEST 5: a file that is not there is a 403
--- config
location = /t { auth_basic "x"; auth_basic_user_file missing; content_by_lua_block { ngx.say("in") } }
--- more_headers
Authorization: Basic YWxpY2U6czNjcmV0
--- request
GET /t
--- error_code: 403
--- error_log_like
open\(\) ".*/conf/missing" failed \(2: No such file or directory\)

=== TEST 6: auth_basic off in a location turns the server's off; the realm may come from a variable
--- config
auth_basic "$arg_realm";
auth_basic_user_file htpasswd;
location = /open { auth_basic off; content_by_lua_block { ngx.say("open") } }
location = /t { content_by_lua_block { ngx.say("in") } }
--- user_files
>>> conf/htpasswd
alice:$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.
--- pipelined_requests
GET /open
GET /t?realm=off
GET /t?realm=Area
--- error_code: 401
--- response_headers
WWW-Authenticate: Basic realm="Area"

=== TEST 7: allow/deny come first; access_by_lua runs after a success only
--- config
location = /t {
    auth_basic "x";
    auth_basic_user_file htpasswd;
    access_by_lua_block { ngx.log(ngx.NOTICE, "access_by_lua for ", ngx.var.remote_user) }
    content_by_lua_block { ngx.say("in") }
}
--- user_files
>>> conf/htpasswd
alice:$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6d3Jvbmc=\r\n\r\nGET /t HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic YWxpY2U6czNjcmV0\r\nConnection: close\r\n\r\n
--- response_body
in
--- error_log
access_by_lua for alice
--- no_error_log
access_by_lua for nil

=== TEST 8: $remote_user is the Authorization header's user where no auth_basic runs, too
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.remote_user) } }
--- more_headers
Authorization: Basic emVkOng=
--- request
GET /t
--- response_body
zed

=== TEST 9: auth_basic is not allowed inside an if
--- config
location = /t { if ($arg_a) { auth_basic "x"; } }
--- request
GET /t
--- must_die
--- error_log
"auth_basic" directive is not allowed here
