# nginx's map module: variables looked up from another's value. Every
# block agrees with nginx (t/tools/nginx_expect.py).

=== TEST 1: the websocket idiom: Connection from Upgrade
--- http_config
map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      close;
}
--- config
location / { return 200 "$connection_upgrade\n"; }
--- more_headers
Upgrade: websocket
--- request
GET /
--- response_body
upgrade

=== TEST 2: the empty key matches an absent header
--- http_config
map $http_upgrade $connection_upgrade { default upgrade; '' close; }
--- config
location / { return 200 "$connection_upgrade\n"; }
--- request
GET /
--- response_body
close

=== TEST 3: exact keys ignore case; regexes in order (~* ignoring case) with captures; then the default
--- http_config
map $arg_k $m {
    default       "dflt";
    A             "exact-a";
    ~^re(\d+)$    "re-$1";
    ~*^ci         "ci";
    \default      "the word default";
    b             $arg_v;
}
--- config
location / { return 200 "$m\n"; }
location = /lua { content_by_lua_block { ngx.say(ngx.var.m) } }
--- pipelined_requests
GET /?k=a
GET /?k=re12
GET /?k=CIx
GET /?k=default
GET /?k=b&v=from-v
GET /lua?k=zz
--- response_body
dflt
--- access_log_like
"GET /\?k=a HTTP/1\.1" 200 8 
"GET /\?k=re12 HTTP/1\.1" 200 6 
"GET /\?k=CIx HTTP/1\.1" 200 3 
"GET /\?k=default HTTP/1\.1" 200 17 
"GET /\?k=b&v=from-v HTTP/1\.1" 200 7 

=== TEST 4: hostnames: wildcards at either end and a leading dot
--- http_config
map $host $h {
    hostnames;
    default     no;
    *.ex.test   head;
    .dot.test   dot;
    www.tail.*  tail;
}
--- config
location / { return 200 "$h\n"; }
--- raw_request
GET / HTTP/1.1\r\nHost: a.ex.test\r\n\r\nGET / HTTP/1.1\r\nHost: dot.test\r\n\r\nGET / HTTP/1.1\r\nHost: www.tail.org\r\nConnection: close\r\n\r\n
--- response_body
tail

=== TEST 5: no key matches and no default: the empty string; named groups are variables
--- http_config
map $arg_none $empty { x y; }
map $uri $named { ~^/n/(?<part>\w+) "got-$part"; }
--- config
location / { return 200 "[$empty] $named $part\n"; }
--- request
GET /n/foo
--- response_body
[] got-foo foo

=== TEST 6: the same key twice is a conf error
--- http_config
map $arg_a $x { a 1; A 2; }
--- config
location / { return 200; }
--- request
GET /
--- must_die
--- error_log
conflicting parameter "a"
