# Static files as nginx's static, range and not_modified modules serve
# them. The multipart body of several ranges and the ETag/Last-Modified
# round trip (they depend on the file's time) are in test_static.py.

=== TEST 1: a file: its type, length and Accept-Ranges
--- config
location / { }
--- user_files
>>> html/a.txt
hello
--- request
GET /a.txt
--- response_headers
Content-Type: text/plain
Content-Length: 6
Accept-Ranges: bytes
--- response_body
hello

=== TEST 2: one range: a 206 with Content-Range and no Accept-Ranges
--- config
location / { }
--- user_files
>>> html/a.txt
0123456789
--- more_headers
Range: bytes=2-4
--- request
GET /a.txt
--- error_code: 206
--- response_headers
Content-Range: bytes 2-4/11
Content-Length: 3
!Accept-Ranges
--- response_body_like
^234$

=== TEST 3: a suffix range; an open end; a range past the end is cut at it
--- config
location / { }
--- user_files
>>> html/a.txt
0123456789
--- raw_request
GET /a.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=-3\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=8-100\r\nConnection: close\r\n\r\n
--- error_code: 206
--- response_headers
Content-Range: bytes 8-10/11
--- response_body
89

=== TEST 4: a Range no byte satisfies, or that does not parse: 416 with the file's size
--- config
location / { }
--- user_files
>>> html/a.txt
0123456789
--- more_headers
Range: bytes=20-30
--- request
GET /a.txt
--- error_code: 416
--- response_headers
Content-Range: bytes */11
--- response_body_like
.*<title>416 Requested Range Not Satisfiable</title>.*

=== TEST 5: another unit, or ranges adding up to more than the file: the whole file
--- config
location / { }
--- user_files
>>> html/a.txt
0123456789
--- raw_request
GET /a.txt HTTP/1.1\r\nHost: localhost\r\nRange: items=1-2\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-9,0-9\r\nConnection: close\r\n\r\n
--- error_code: 200
--- response_headers
Accept-Ranges: bytes
--- response_body
0123456789

=== TEST 6: If-Range that no longer holds: the whole file
--- config
location / { }
--- user_files
>>> html/a.txt
0123456789
--- more_headers
Range: bytes=0-1
If-Range: "an-old-etag"
--- request
GET /a.txt
--- error_code: 200
--- response_body
0123456789

=== TEST 7: a HEAD with a Range: the 206's headers, no body
--- config
location / { }
--- user_files
>>> html/a.txt
0123456789
--- more_headers
Range: bytes=1-2
--- request
HEAD /a.txt
--- error_code: 206
--- response_headers
Content-Range: bytes 1-2/11
Content-Length: 2
--- response_body

=== TEST 8: If-None-Match: * is a 304 with no body, type or length
--- config
location / { }
--- user_files
>>> html/a.txt
hello
--- more_headers
If-None-Match: *
--- request
GET /a.txt
--- error_code: 304
--- response_headers
!Content-Type
!Content-Length
--- response_body

=== TEST 9: If-Match naming another tag, If-Unmodified-Since before the file's time: 412
--- config
location / { }
--- user_files
>>> html/a.txt
hello
--- raw_request
GET /a.txt HTTP/1.1\r\nHost: localhost\r\nIf-Match: "nope"\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: localhost\r\nIf-Unmodified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\nConnection: close\r\n\r\n
--- error_code: 412
--- response_body_like
.*<title>412 Precondition Failed</title>.*

=== TEST 10: If-Modified-Since other than the file's time is not a 304 (if_modified_since exact)
--- config
location / { }
--- user_files
>>> html/a.txt
hello
--- more_headers
If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT
--- request
GET /a.txt
--- error_code: 200
--- response_body
hello

=== TEST 11: a URI no location matches is served with the server's settings
--- config
location = /other { return 204; }
--- user_files
>>> html/a.txt
hello
--- request
GET /a.txt
--- response_body
hello

=== TEST 12: error_page to a file keeps the error's status; `=` takes the page's, `=410` its own
--- config
location /ep/ { error_page 404 /err.html; }
location /eq/ { error_page 404 = /err.html; }
location /en/ { error_page 404 =410 /err.html; }
--- user_files
>>> html/err.html
sorry
--- pipelined_requests
GET /ep/missing
GET /eq/missing
GET /en/missing
--- error_code: 410
--- access_log_like
"GET /ep/missing HTTP/1\.1" 404 6 
"GET /eq/missing HTTP/1\.1" 200 6 
"GET /en/missing HTTP/1\.1" 410 6 
--- response_body
sorry

=== TEST 13: try_files: the first file that exists is served; then the last name, a URI
--- config
location / { try_files $uri $uri/ /index.html; }
--- user_files
>>> html/index.html
the index
>>> html/a.txt
a
--- pipelined_requests
GET /a.txt
GET /nothing/here
--- response_body
the index

=== TEST 14: try_files $uri/: a directory without its "/" is redirected to it, as nginx does
--- config
location / { try_files $uri $uri/ =404; }
--- user_files
>>> html/dir/index.html
dir index
--- request
GET /dir
--- error_code: 301
--- response_headers
Location: http://localhost:$TEST_NGINX_SERVER_PORT/dir/

=== TEST 15: try_files to a named location, or =code
--- config
location /api/ { try_files $uri @back; }
location @back { return 200 "back $uri $args\n"; }
location /code/ { try_files $uri =418; }
--- pipelined_requests
GET /code/none
GET /api/x?y=1
--- response_body
back /api/x y=1

=== TEST 16: a last name with args replaces the request's
--- config
location /q/ { try_files $uri /fallback.txt?from=q; }
location = /fallback.txt { return 200 "fallback $args\n"; }
--- request
GET /q/none?o=1
--- response_body
fallback from=q

=== TEST 17: try_files before a content handler: the URI it found is the handler's
--- config
location /lua/ {
    try_files $uri $uri.txt =404;
    content_by_lua_block { ngx.say("lua ", ngx.var.uri) }
}
--- user_files
>>> html/lua/x.txt
x
--- request
GET /lua/x
--- response_body
lua /lua/x.txt

=== TEST 18: alias replaces the location's prefix; in a regex location it is the whole path, with captures
--- config
location /i/ { alias html/images/; }
location ~ ^/img/(.+)$ { alias html/images/$1; }
--- user_files
>>> html/images/sub/q.txt
q
--- pipelined_requests
GET /i/sub/q.txt
GET /img/sub/q.txt
--- response_body
q

=== TEST 19: alias with root in the same location is a conf error
--- config
location /i/ { root html; alias html/images/; }
--- request
GET /
--- must_die
--- error_log
"alias" directive is duplicate, "root" directive was specified earlier

=== TEST 20: charset adds to the text types' Content-Type: a file's, a handler's, the default, an error page's
--- http_config
charset utf-8;
--- config
location / { }
location = /lua { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("x") } }
location = /json { content_by_lua_block { ngx.header.content_type = "application/json"; ngx.say("{}") } }
location = /set { content_by_lua_block { ngx.header.content_type = "text/html; charset=latin1"; ngx.say("x") } }
--- user_files
>>> html/a.txt
a
--- pipelined_requests
GET /a.txt
GET /lua
GET /json
GET /set
GET /missing
--- error_code: 404
--- response_headers
Content-Type: text/html; charset=utf-8
--- access_log_like
"GET /a\.txt HTTP/1\.1" 200
"GET /json HTTP/1\.1" 200

=== TEST 21: charset on a handler's default type, off in a location, charset_types widened
--- http_config
charset utf-8;
--- config
location = /t { content_by_lua_block { ngx.say("x") } }
location /off/ { charset off; content_by_lua_block { ngx.say("x") } }
location /ct/ { charset koi8-r; charset_types application/json; default_type application/json; content_by_lua_block { ngx.say("{}") } }
--- pipelined_requests
GET /t
GET /off/x
GET /ct/x
--- response_headers
Content-Type: application/json; charset=koi8-r

=== TEST 22: log_not_found off: a missing file is a 404 with no error.log line
--- config
location / { log_not_found off; }
--- request
GET /missing
--- error_code: 404
--- no_error_log
open()

=== TEST 23: charset: a static file's type gets it
--- http_config
charset utf-8;
--- config
location / { }
--- user_files
>>> html/a.txt
a
--- request
GET /a.txt
--- response_headers
Content-Type: text/plain; charset=utf-8

=== TEST 24: charset off in a location sends the type alone
--- http_config
charset utf-8;
--- config
location = /set { content_by_lua_block { ngx.header.content_type = "text/html; charset=latin1"; ngx.say("x") } }
location /off/ { charset off; content_by_lua_block { ngx.say("x") } }
--- pipelined_requests
GET /set
GET /off/x
--- response_headers
Content-Type: text/plain

=== TEST 25: charset: a type that names one already keeps it
--- http_config
charset utf-8;
--- config
location = /set { content_by_lua_block { ngx.header.content_type = "text/html; charset=latin1"; ngx.say("x") } }
--- request
GET /set
--- response_headers
Content-Type: text/html; charset=latin1

=== TEST 26: expires: Cache-Control from the time given, max and epoch, on files and handlers alike
--- config
location /x/ { expires max; }
location = /lua { expires 30s; content_by_lua_block { ngx.say("lua") } }
location = /past { expires -1; content_by_lua_block { ngx.say("x") } }
--- user_files
>>> html/x/f.txt
f
--- pipelined_requests
GET /x/f.txt
GET /past
GET /lua
--- response_headers
Cache-Control: max-age=30

=== TEST 27: expires max
--- config
location /x/ { expires max; }
--- user_files
>>> html/x/f.txt
f
--- request
GET /x/f.txt
--- response_headers
Expires: Thu, 31 Dec 2037 23:55:55 GMT
Cache-Control: max-age=315360000

=== TEST 28: expires epoch; a negative time is no-cache
--- config
location /x/ { expires epoch; }
location = /past { expires -1; return 200 "x\n"; }
--- user_files
>>> html/x/f.txt
f
--- pipelined_requests
GET /past
GET /x/f.txt
--- response_headers
Expires: Thu, 01 Jan 1970 00:00:01 GMT
Cache-Control: no-cache

=== TEST 29: etag off: no ETag, and If-None-Match finds nothing to match but *
--- config
location / { etag off; }
--- user_files
>>> html/f.txt
f
--- more_headers
If-None-Match: "whatever"
--- request
GET /f.txt
--- response_headers
!ETag
--- response_body
f

=== TEST 30: if_modified_since off: If-None-Match still makes a 304, no date does
--- config
location / { if_modified_since off; }
--- user_files
>>> html/f.txt
f
--- more_headers
If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT
--- request
GET /f.txt
--- error_code: 200

=== TEST 31: max_ranges: more ranges than allowed is the whole file; 0 turns ranges off
--- config
location /r/ { max_ranges 1; }
location /r0/ { max_ranges 0; }
--- user_files
>>> html/r/f.txt
0123456789
>>> html/r0/f.txt
0123456789
--- raw_request
GET /r/f.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1,3-4\r\n\r\nGET /r0/f.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1\r\nConnection: close\r\n\r\n
--- error_code: 200
--- response_headers
!Accept-Ranges
--- response_body
0123456789

=== TEST 32: recursive_error_pages off (the default): an error page's own error gets nginx's page
--- config
error_page 404 /b;
error_page 403 /c;
location = /a { return 404; }
location = /b { return 403; }
location = /c { return 200 "c\n"; }
--- request
GET /a
--- error_code: 403
--- response_body_like
.*<title>403 Forbidden</title>.*

=== TEST 33: recursive_error_pages on: error pages chain, and the last error's status stays
--- config
recursive_error_pages on;
error_page 404 /b;
error_page 403 /page.html;
location = /a { return 404; }
location = /b { return 403; }
location / { root html; }
--- user_files
>>> html/page.html
page
--- request
GET /a
--- error_code: 403
--- response_body
page

=== TEST 34: recursive_error_pages on: a Lua error on the way, and ngx.status in the page
--- config
recursive_error_pages on;
error_page 404 = /b;
error_page 500 /c;
location = /a { return 404; }
location = /b { content_by_lua_block { error("x") } }
location = /c { content_by_lua_block { ngx.say("c ", ngx.status) } }
--- request
GET /a
--- error_code: 500
--- response_body
c 500

=== TEST 35: recursive_error_pages on: an error page that fails itself ends in the redirection cycle's 500
--- config
recursive_error_pages on;
error_page 404 /missing;
location = /a { return 404; }
--- request
GET /a
--- error_code: 500
--- error_log
rewrite or internal redirection cycle while internally redirecting to "/missing"
