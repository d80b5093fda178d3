# nginx directives: location matching, rewrite, return, set, error_page, add_header.

=== TEST 1: exact before ^~ before regex before prefix
--- config
location = /a/b { return 200 "exact"; }
location ^~ /a/ { return 200 "caret"; }
location ~ ^/a { return 200 "regex"; }
location /a/b/c { return 200 "longest prefix"; }
location / { return 200 "root"; }
--- pipelined_requests
GET /a/b
--- response_body_like
^exact$

=== TEST 2: regex wins over a plain prefix
--- config
location /x/ { return 200 "prefix"; }
location ~ \.txt$ { return 200 "regex"; }
--- request
GET /x/f.txt
--- response_body_like
^regex$

=== TEST 3: ^~ stops the regex search
--- config
location ^~ /x/ { return 200 "caret"; }
location ~ \.txt$ { return 200 "regex"; }
--- request
GET /x/f.txt
--- response_body_like
^caret$

=== TEST 4: case-insensitive regex and order
--- config
location ~* \.JPG$ { return 200 "first"; }
location ~ \.jpg$ { return 200 "second"; }
--- request
GET /p.jpg
--- response_body_like
^first$

=== TEST 5: nested location
--- config
location /outer/ {
    location /outer/inner { return 200 "inner"; }
    return 200 "outer";
}
--- request
GET /outer/inner/x
--- response_body_like
^inner$

=== TEST 6: rewrite last with captures
--- config
location /old/ {
    rewrite ^/old/(.*)$ /new/$1 last;
}
location /new/ {
    content_by_lua_block { ngx.say(ngx.var.uri, " ", ngx.var.args) }
}
--- request
GET /old/p?q=1
--- response_body
/new/p q=1

=== TEST 7: rewrite redirect and permanent
--- config
location /r {
    rewrite ^ http://example.com/target permanent;
}
--- request
GET /r
--- error_code: 301
--- response_headers
Location: http://example.com/target

=== TEST 8: return with a text and variables
--- config
location = /t {
    set $who "world";
    return 202 "hello $who $arg_x";
}
--- request
GET /t?x=1
--- error_code: 202
--- response_body_like
^hello world 1$

=== TEST 9: error_page to a location
--- config
location = /t { return 404; }
error_page 404 /err;
location = /err {
    content_by_lua_block { ngx.say("custom ", ngx.status, " ", ngx.var.uri) }
}
--- request
GET /t
--- error_code: 404
--- response_body
custom 404 /err

=== TEST 10: add_header on success
--- config
location = /t {
    add_header X-Added yes;
    content_by_lua_block { ngx.say("ok") }
}
--- request
GET /t
--- response_headers
X-Added: yes

=== TEST 11: no location matches
--- config
location = /only { return 200; }
--- request
GET /other
--- error_code: 404

=== TEST 12: default_type per location
--- config
location = /t {
    default_type application/json;
    content_by_lua_block { ngx.say("{}") }
}
--- request
GET /t
--- response_headers
Content-Type: application/json

=== TEST 13: location matching from YAML
--- yaml_config
location:
  = /t:
    return: 200 "exact"
  /:
    return: 200 "root"
--- request
GET /t
--- response_body_like
^exact$

=== TEST 14: a location's rewrite with break keeps the location
--- config
location /a/ {
    rewrite ^/a/(.*)$ /b/$1 break;
    content_by_lua_block { ngx.say("in /a/ with ", ngx.var.uri) }
}
location /b/ { content_by_lua_block { ngx.say("in /b/ with ", ngx.var.uri) } }
--- request
GET /a/x
--- response_body
in /a/ with /b/x

=== TEST 15: a location's rewrite without a flag searches the locations again
--- config
location /c/ {
    rewrite ^/c/(.*)$ /b/$1;
    content_by_lua_block { ngx.say("in /c/ with ", ngx.var.uri) }
}
location /b/ { content_by_lua_block { ngx.say("in /b/ with ", ngx.var.uri) } }
--- request
GET /c/y
--- response_body
in /b/ with /b/y

=== TEST 16: a variable nobody defines is an error at load time
--- config
location = /t { return 200 "[$nosuch]"; }
--- must_die
--- error_log
unknown "nosuch" variable

=== TEST 17: nginx's other variables: $request_id, $request_filename, a module's absent one
--- config
root html;
location = /t {
    set $e "[$http2]";
    content_by_lua_block {
        ngx.say(#ngx.var.request_id, " ", ngx.var.request_id:find("^%x+$"))
        ngx.say(ngx.var.request_filename:sub(-7), " ", ngx.var.e, " ", ngx.var.pipe)
    }
}
--- request
GET /t
--- response_body
32 132
/html/t [] .

=== TEST 18: $proxy_host
--- config
location = /p {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/q;
    proxy_set_header X-Ph $proxy_host;
}
location = /q { content_by_lua_block { ngx.say(ngx.var.http_x_ph) } }
--- request
GET /p
--- response_body
127.0.0.1:$TEST_NGINX_SERVER_PORT

=== TEST 19: listen ... default_server takes requests whose Host names no server
--- config
location = /t { return 200 "localhost server\n"; }
--- http_config
server {
    listen 127.0.0.1:$TEST_NGINX_SERVER_PORT;
    server_name first.example;
    location = /t { return 200 "first server\n"; }
}
server {
    listen 127.0.0.1:$TEST_NGINX_SERVER_PORT default_server;
    server_name other.example;
    location = /t { return 200 "default server\n"; }
}
--- raw_request
GET /t HTTP/1.1\r\nHost: unknown.example\r\nConnection: close\r\n\r\n
--- response_body
default server

=== TEST 20: tuning knobs nginx knows load, each with a notice that Moongate ignores it
--- http_config
sendfile_max_chunk 1m;
map_hash_bucket_size 64;
proxy_headers_hash_max_size 1024;
--- config
location = /t {
    aio off; directio off; read_ahead 0; proxy_socket_keepalive on;
    return 200 "ok\n";
}
--- request
GET /t
--- response_body
ok
--- error_log
[notice]
"sendfile_max_chunk" directive is ignored by moongate in
"proxy_socket_keepalive" directive is ignored by moongate in
--- note: Moongate's own notice; nginx applies these knobs and says nothing

=== TEST 21: a directive nginx knows that Moongate does not implement is refused in plain words
--- config
location = /t { proxy_pass http://127.0.0.1:1; proxy_method POST; proxy_cookie_flags one secure; }
--- must_die
--- error_log
"proxy_cookie_flags" directive is not supported by moongate
--- note: Moongate's own refusal; nginx implements proxy_cookie_flags and starts
