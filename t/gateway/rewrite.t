# nginx's rewrite module beyond set/rewrite/return (conf.t has those):
# `if` with every kind of condition, break, and the named captures of the
# conf's regexes (location, rewrite, if, server_name) as variables. Every
# block agrees with nginx (t/tools/nginx_expect.py).

=== TEST 1: if on a variable: empty and "0" are false
--- config
location = /t {
    set $zero "0";
    if ($zero) { return 500; }
    if ($arg_x) { return 200 "x=$arg_x\n"; }
    return 200 "no x\n";
}
--- pipelined_requests
GET /t?x=0
GET /t?x=5
--- response_body
x=5

=== TEST 2: = and != compare strings, variables on both sides, quoted or not
--- config
location = /t {
    if ($request_method = POST) { return 201 "post\n"; }
    if ($arg_a = $arg_b) { return 200 "same\n"; }
    if ($arg_a != "") { return 200 "differ\n"; }
    return 200 "none\n";
}
--- pipelined_requests
GET /t?a=1&b=2
GET /t?a=1&b=1
--- response_body
same

=== TEST 3: ~ and ~* match (~* ignoring case), !~ does not; a match sets $1
--- config
location /t {
    if ($uri ~* "^/T(\d+)$") { return 200 "num $1\n"; }
    if ($http_user_agent !~ curl) { return 200 "not curl\n"; }
    return 200 "curl\n";
}
--- more_headers
User-Agent: curl/8
--- pipelined_requests
GET /tx
GET /t42
--- response_body
num 42

=== TEST 4: file tests: -f -d -e -x and their negations
--- config
location = /t {
    set $r "";
    if (-f $document_root/a.txt) { set $r "${r}f"; }
    if (!-f $document_root) { set $r "${r}!f"; }
    if (-d $document_root) { set $r "${r}d"; }
    if (-e $document_root/a.txt) { set $r "${r}e"; }
    if (!-e $document_root/nothing) { set $r "${r}!e"; }
    if (!-x $document_root/a.txt) { set $r "${r}!x"; }
    return 200 "$r\n";
}
--- user_files
>>> html/a.txt
a
--- request
GET /t
--- response_body
f!fde!e!x

=== TEST 5: rewrite in an if: last searches the locations again, with the request's args after its own
--- config
location = /t {
    if ($arg_go) { rewrite ^ /u?from=t last; }
    return 200 "stayed\n";
}
location = /u { return 200 "u $args\n"; }
--- request
GET /t?go=1
--- response_body
u from=t&go=1

=== TEST 6: break in an if ends the rewrite directives, and the location is not searched again (its static file answers)
--- config
location /t {
    rewrite ^ /elsewhere;
    if ($arg_stop) { break; }
    return 200 "not stopped\n";
}
location /elsewhere { return 200 "searched again\n"; }
--- user_files
>>> html/elsewhere
the file
--- pipelined_requests
GET /t
GET /t?stop=1
--- response_body
the file

=== TEST 7: a server-level if runs before any location
--- config
if ($http_x_block) { return 403; }
location / { return 200 "ok\n"; }
--- more_headers
X-Block: 1
--- request
GET /
--- error_code: 403

=== TEST 8: named captures of location, rewrite and if regexes are variables (PCRE's (?<name>) syntax)
--- config
location ~ ^/f(?<rest>.*)$ {
    if ($rest ~ ^/(?<num>\d+)$) { return 200 "num $num\n"; }
    rewrite ^/f/(?<word>[a-z]+)$ /g/$word last;
    return 200 "rest=$rest\n";
}
location /g/ { return 200 "g $uri $word\n"; }
--- pipelined_requests
GET /fabc
GET /f/12
GET /f/xy
--- response_body
g /g/xy xy

=== TEST 9: a server_name regex: its named groups are variables, its captures $1..
--- config
location / { return 200 "sub=$sub 1=$1 2=$2\n"; }
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    server_name ~^(?<sub>\w+)\.(ex)\.test$;
    location / { return 200 "sub=$sub 1=$1 2=$2\n"; }
}
--- more_headers
Host: www.ex.test
--- request
GET /
--- response_body
sub=www 1=www 2=ex

=== TEST 10: a condition nginx does not read is a conf error
--- config
location / { if ($arg_a ~~ b) { return 200; } }
--- request
GET /
--- must_die
--- error_log
unexpected "~~" in condition

=== TEST 11: if inside if is not allowed, as in nginx
--- config
location / { if ($arg_a) { if ($arg_b) { return 200; } } }
--- request
GET /
--- must_die
--- error_log
"if" directive is not allowed here

=== TEST 12: the CORS preflight idiom: an if's block is a location with its own add_header, answering with return
--- config
location = /api {
    add_header X-Outer 1;
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "*";
        add_header Access-Control-Allow-Methods "GET, POST";
        return 204;
    }
    content_by_lua_block { ngx.say("get") }
}
--- request
OPTIONS /api
--- error_code: 204
--- response_headers
Access-Control-Allow-Origin: *
Access-Control-Allow-Methods: GET, POST
!X-Outer
--- response_body

=== TEST 13: when the condition does not hold, the location's own settings and handler answer
--- config
location = /api {
    add_header X-Outer 1;
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "*";
        return 204;
    }
    content_by_lua_block { ngx.say("get") }
}
--- request
GET /api
--- response_headers
X-Outer: 1
!Access-Control-Allow-Origin
--- response_body
get

=== TEST 14: an if's block without a handler keeps the location's content_by_lua; its settings apply
--- config
location = /t {
    add_header X-Outer 1;
    if ($arg_mark) { add_header X-Mark $arg_mark; }
    content_by_lua_block { ngx.say("content ", ngx.var.arg_mark or "-") }
}
--- request
GET /t?mark=7
--- response_headers
X-Mark: 7
!X-Outer
--- response_body
content 7

=== TEST 15: the last if whose condition held gives the settings; the directives after it still run
--- config
location = /t {
    set $true 1;
    if ($true) { add_header X-First 1; }
    if ($true) { add_header X-Second 2; }
    return 200 "end\n";
}
--- request
GET /t
--- response_headers
X-Second: 2
!X-First
--- response_body
end

=== TEST 16: content_by_lua and proxy_pass inside an if replace the location's handler
--- config
location = /be { content_by_lua_block { ngx.say("backend ", ngx.var.arg_v) } }
location = /t {
    if ($arg_lua) { content_by_lua_block { ngx.say("if's lua") } }
    if ($arg_proxy) { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be?v=$arg_proxy; }
    content_by_lua_block { ngx.say("location's lua") }
}
--- pipelined_requests
GET /t?lua=1
GET /t
GET /t?proxy=9
--- response_body
backend 9

=== TEST 17: the if's location keeps the enclosing proxy_pass and its URI part
--- config
location /be/ { content_by_lua_block { ngx.say(ngx.var.request_uri, " ", ngx.var.http_x_if or "-") } }
location /p/ {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    if ($arg_a) { set $x 1; }
}
--- request
GET /p/abc?a=1
--- response_body
/be/abc?a=1 -

=== TEST 18: rewrite_by_lua and access_by_lua of an if's block run instead of the location's; without their own, the location's run
--- config
location = /t {
    rewrite_by_lua_block { ngx.ctx.r = "outer rewrite" }
    access_by_lua_block { ngx.ctx.a = "outer access" }
    if ($arg_in) {
        access_by_lua_block { ngx.ctx.a = "if's access" }
    }
    content_by_lua_block { ngx.say(ngx.ctx.r, ", ", ngx.ctx.a) }
}
--- pipelined_requests
GET /t
GET /t?in=1
--- response_body
outer rewrite, if's access

=== TEST 19: error_page and root inside an if
--- config
location / {
    if ($arg_other) {
        root other;
        error_page 404 =200 /missing.txt;
    }
}
location = /missing.txt { return 200 "the if's error page\n"; }
--- user_files
>>> html/a.txt
html's
>>> other/a.txt
other's
--- request
GET /nothing?other=1
--- response_body
the if's error page

=== TEST 20: the if's block in a location: root's file when it holds
--- config
location / {
    if ($arg_other) { root other; }
}
--- user_files
>>> html/a.txt
html's
>>> other/a.txt
other's
--- request
GET /a.txt?other=1
--- response_body
other's

=== TEST 21: try_files is not the if's: the block's location has none, as in nginx
--- config
location / {
    try_files /b.txt =404;
    if ($arg_x) { set $y 1; }
}
--- user_files
>>> html/a.txt
a
>>> html/b.txt
b
--- pipelined_requests
GET /a.txt
GET /a.txt?x=1
--- response_body
a

=== TEST 22: what nginx does not allow inside an if is refused in its words
--- config
location / { if ($arg_a) { proxy_set_header X-A 1; } }
--- request
GET /
--- must_die
--- error_log
"proxy_set_header" directive is not allowed here

=== TEST 23: a server-level if holds the rewrite module's directives only
--- config
if ($arg_a) { add_header X-A 1; }
location / { return 200; }
--- request
GET /
--- must_die
--- error_log
"add_header" directive is not allowed here

=== TEST 24: the CORS idiom in YAML: an if's block as a mapping under its condition
--- yaml_config
location:
  = /api:
    if:
      ($request_method = OPTIONS):
        add_header: Access-Control-Allow-Origin "*"
        return: 204
    content_by_lua_block: |
      ngx.say("get")
--- request
OPTIONS /api
--- error_code: 204
--- response_headers
Access-Control-Allow-Origin: *
