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

=== TEST 12: what nginx also allows inside an if, Moongate refuses in plain words
--- config
location / { if ($arg_a) { proxy_pass http://127.0.0.1:1; } }
--- request
GET /
--- must_die
--- error_log
"proxy_pass" directive inside "if" is not supported by moongate
--- note
nginx makes a location of the if's block; Moongate's if holds the rewrite module's directives
