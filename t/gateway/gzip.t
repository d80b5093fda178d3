# nginx's gzip filter: which responses are compressed (gzip, gzip_types,
# gzip_min_length, gzip_http_version, gzip_proxied, gzip_disable, the
# client's Accept-Encoding, statuses) and what their headers become
# (Content-Encoding, no Content-Length or Accept-Ranges, a weak ETag,
# gzip_vary). test_gzip.py decompresses the bodies.

=== TEST 1: a text/html response to a client that takes gzip is compressed
--- config
gzip on;
location = /t { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("<p>hello</p>") } }
--- more_headers
Accept-Encoding: gzip, deflate
--- request
GET /t
--- response_headers
Content-Encoding: gzip
!Content-Length
!Vary

=== TEST 2: without Accept-Encoding, or with gzip;q=0, it is not
--- config
gzip on;
location = /t { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- more_headers
Accept-Encoding: deflate, gzip;q=0
--- pipelined_requests
GET /t
GET /t
--- response_headers
!Content-Encoding
--- response_body
hello

=== TEST 3: only gzip_types (text/html always): text/plain when listed, not application/json
--- config
gzip on;
gzip_types text/plain;
location = /plain { content_by_lua_block { ngx.say("plain") } }
location = /json { content_by_lua_block { ngx.header.content_type = "application/json"; ngx.say("{}") } }
--- more_headers
Accept-Encoding: gzip
--- pipelined_requests
GET /plain
GET /json
--- response_headers
!Content-Encoding
--- response_body
{}

=== TEST 4: gzip_types * and text/plain compressed
--- config
gzip on;
gzip_types *;
location = /t { content_by_lua_block { ngx.header.content_type = "application/json"; ngx.say("{}") } }
--- more_headers
Accept-Encoding: gzip
--- request
GET /t
--- response_headers
Content-Encoding: gzip

=== TEST 5: gzip_vary: Vary on what could be compressed, though this client takes no gzip
--- config
gzip on;
gzip_vary on;
location = /t { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- request
GET /t
--- response_headers
Vary: Accept-Encoding
!Content-Encoding
--- response_body
hello

=== TEST 6: a static file: under gzip_min_length as it is; over, compressed, with a weak ETag and no Accept-Ranges
--- config
gzip on;
gzip_min_length 100;
location / { root html; }
--- user_files
>>> html/small.html
small
>>> html/big.html
0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
--- more_headers
Accept-Encoding: gzip
--- pipelined_requests
GET /small.html
GET /big.html
--- response_headers
Content-Encoding: gzip
!Accept-Ranges
!Content-Length

=== TEST 7: under gzip_min_length, a file keeps its Content-Length
--- config
gzip on;
gzip_min_length 100;
location / { root html; }
--- user_files
>>> html/small.html
small
--- more_headers
Accept-Encoding: gzip
--- request
GET /small.html
--- response_headers
!Content-Encoding
Content-Length: 6
Accept-Ranges: bytes
--- response_body
small

=== TEST 8: HTTP/1.0 is below gzip_http_version's default
--- config
gzip on;
location = /t { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- raw_request
GET /t HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n
--- response_headers
!Content-Encoding
--- response_body
hello

=== TEST 9: a request through a proxy (Via) is compressed only as gzip_proxied says
--- config
gzip on;
location = /off { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
location = /any { gzip_proxied any; content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- more_headers
Accept-Encoding: gzip
Via: 1.1 cache
--- pipelined_requests
GET /off
GET /any
--- response_headers
Content-Encoding: gzip

=== TEST 10: gzip_proxied off leaves a proxied request's response alone
--- config
gzip on;
location = /t { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- more_headers
Accept-Encoding: gzip
Via: 1.1 cache
--- request
GET /t
--- response_headers
!Content-Encoding
--- response_body
hello

=== TEST 11: gzip_disable matches the User-Agent, ignoring case
--- config
gzip on;
gzip_disable "oldbrowser";
location = /t { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- more_headers
Accept-Encoding: gzip
User-Agent: OldBrowser/1.0
--- request
GET /t
--- response_headers
!Content-Encoding
--- response_body
hello

=== TEST 12: only 200, 403 and 404 are compressed; a response already encoded is not
--- config
gzip on;
location = /created { content_by_lua_block { ngx.status = 201; ngx.header.content_type = "text/html"; ngx.say("made") } }
location = /encoded { content_by_lua_block { ngx.header.content_type = "text/html"; ngx.header.content_encoding = "br"; ngx.say("x") } }
--- more_headers
Accept-Encoding: gzip
--- pipelined_requests
GET /created
GET /encoded
--- response_headers
Content-Encoding: br
--- response_body
x

=== TEST 13: an error page (404, text/html) is compressed
--- config
gzip on;
location / { root html; }
--- more_headers
Accept-Encoding: gzip
--- request
GET /nothing.html
--- error_code: 404
--- response_headers
Content-Encoding: gzip

=== TEST 14: gzip off in a location; gzip inside an if
--- config
gzip on;
location = /off { gzip off; content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
location = /if { gzip off; if ($arg_z) { gzip on; } content_by_lua_block { ngx.header.content_type = "text/html"; ngx.say("hello") } }
--- more_headers
Accept-Encoding: gzip
--- pipelined_requests
GET /off
GET /if?z=1
--- response_headers
Content-Encoding: gzip

=== TEST 15: gzip_comp_level out of range
--- config
gzip_comp_level 10;
--- request
GET /t
--- must_die
--- error_log
value must be between 1 and 9

=== TEST 16: gzip_static on: a client that takes gzip gets the file's .gz twin as it is, with the original's type and the twin's ETag
--- config
gzip_static on;
location / { root html; }
--- user_files
>>> html/a.txt
plain
>>> html/a.txt.gz
GZ
--- more_headers
Accept-Encoding: gzip
--- request
GET /a.txt
--- response_headers
Content-Encoding: gzip
Content-Type: text/plain
Content-Length: 3
!Vary
--- response_body
GZ

=== TEST 17: gzip_static on with gzip_vary: a client that does not take gzip gets the file, with Vary
--- config
gzip_static on;
gzip_vary on;
location / { root html; }
--- user_files
>>> html/a.txt
plain
>>> html/a.txt.gz
GZ
--- request
GET /a.txt
--- response_headers
Vary: Accept-Encoding
Accept-Ranges: bytes
!Content-Encoding
--- response_body
plain

=== TEST 18: gzip_static always: the twin whatever the client takes, and no Vary
--- config
gzip_static always;
gzip_vary on;
location / { root html; }
--- user_files
>>> html/a.html
plain
>>> html/a.html.gz
GZ
--- request
GET /a.html
--- response_headers
Content-Encoding: gzip
Content-Type: text/html
!Vary
--- response_body
GZ

=== TEST 19: gzip_static: no twin, the file (no Vary); a twin alone is enough
--- config
gzip_static on;
gzip_vary on;
location / { root html; }
--- user_files
>>> html/a.txt
plain
>>> html/b.txt.gz
GZ
--- more_headers
Accept-Encoding: gzip
--- pipelined_requests
GET /a.txt
GET /b.txt
--- response_headers
Content-Encoding: gzip
--- response_body
GZ

=== TEST 20: gzip_static: a twin is sent whole, whatever Range asks; gzip does not compress it again
--- config
gzip on; gzip_types text/plain; gzip_min_length 1;
gzip_static on;
location / { root html; }
--- user_files
>>> html/a.txt
plain
>>> html/a.txt.gz
GZIPDATA
--- more_headers
Accept-Encoding: gzip
Range: bytes=0-1
--- request
GET /a.txt
--- error_code: 200
--- response_headers
Content-Length: 9
!Accept-Ranges
--- response_body
GZIPDATA

=== TEST 21: gzip_static takes on, off or always
--- config
gzip_static maybe;
--- must_die
--- error_log
invalid value "maybe"

=== TEST 22: gzip_static not in a location's if
--- config
location / { if ($args) { gzip_static on; } }
--- must_die
--- error_log
"gzip_static" directive is not allowed here
