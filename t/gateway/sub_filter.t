# nginx's sub filter: sub_filter strings replaced in response bodies,
# ignoring case; sub_filter_once, sub_filter_types,
# sub_filter_last_modified; with gzip after it (test_gzip.py).

=== TEST 1: a string replaced once, ignoring its case; Content-Length goes
--- config
location = /t {
    sub_filter "World" "Moon";
    content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello world, hello WORLD") }
}
--- request
GET /t
--- response_body
hello Moon, hello WORLD

=== TEST 2: sub_filter_once off replaces every one; several strings, the replacement with variables
--- config
location = /t {
    sub_filter "a" "[$arg_x]";
    sub_filter "bb" "B";
    sub_filter_once off;
    content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("abba cabbage") }
}
--- request
GET /t?x=1
--- response_body
[1]B[1] c[1]B[1]ge

=== TEST 3: with once, each string is replaced once
--- config
location = /t {
    sub_filter "a" "X";
    sub_filter "b" "Y";
    content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("a b a b") }
}
--- request
GET /t
--- response_body
X Y a b

=== TEST 4: a string split between two flushes is still found
--- config
location = /t {
    sub_filter "needle" "pin";
    content_by_lua_block {
        ngx.header.content_type = "text/html"
        ngx.print("hay nee")
        ngx.flush(true)
        ngx.print("dle hay")
    }
}
--- request
GET /t
--- response_body chomp
hay pin hay

=== TEST 5: only sub_filter_types (text/html always)
--- config
location = /plain { sub_filter "x" "y"; content_by_lua_block { ngx.say("x") } }
location = /typed { sub_filter "x" "y"; sub_filter_types text/plain; content_by_lua_block { ngx.say("x") } }
--- pipelined_requests
GET /plain
GET /typed
--- response_body
y

=== TEST 6: a static file: Last-Modified and ETag go unless sub_filter_last_modified
--- config
location / { root html; sub_filter "old" "new"; }
location /keep/ { alias html/; sub_filter "old" "new"; sub_filter_last_modified on; }
--- user_files
>>> html/a.html
the old text
--- request
GET /a.html
--- response_headers
!Last-Modified
!ETag
!Content-Length
--- response_body
the new text

=== TEST 7: sub_filter_last_modified on keeps them, the ETag weak
--- config
location / { root html; sub_filter "old" "new"; sub_filter_last_modified on; }
--- user_files
>>> html/a.html
the old text
--- request
GET /a.html
--- response_body
the new text
