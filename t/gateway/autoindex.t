# autoindex: directory listings in nginx's html, json, jsonp and xml,
# byte for byte but for the dates.

=== TEST 1: html: directories first, then by name; hidden files left out; names escaped; sizes
--- config
location /d/ { root html; autoindex on; }
--- user_files
>>> html/d/a.txt
hello
>>> html/d/B.txt
x
>>> html/d/sub/x.txt
x
>>> html/d/.hidden
x
>>> html/d/a name&<x>.txt
x
--- request
GET /d/
--- response_headers
Content-Type: text/html
--- response_body_like
(?x)<html>\r\n<head><title>Index[ ]of[ ]/d/</title></head>\r\n<body>\r\n
<h1>Index[ ]of[ ]/d/</h1><hr><pre><a[ ]href="\.\./">\.\./</a>\r\n
<a[ ]href="sub/">sub/</a>[ ]{47}\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{19}-\r\n
<a[ ]href="B\.txt">B\.txt</a>[ ]{46}\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{19}2\r\n
<a[ ]href="a%20name%26%3Cx%3E\.txt">a[ ]name&amp;&lt;x&gt;\.txt</a>[ ]{37}\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{19}2\r\n
<a[ ]href="a\.txt">a\.txt</a>[ ]{46}\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{19}6\r\n
</pre><hr></body>\r\n</html>\s*

=== TEST 2: html: a name over 50 characters is cut; a UTF-8 name counts its bytes
--- config
location /d/ { root html; autoindex on; }
--- user_files
>>> html/d/llllllllllllllllllllllllllllllllllllllllllllllllllllllllllll.txt
x
>>> html/d/ünï.txt
x
--- request
GET /d/
--- response_body_like
(?x).*<a[ ]href="l{60}\.txt">l{47}\.\.&gt;</a>[ ]\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{19}2\r\n
<a[ ]href="%C3%BCn%C3%AF\.txt">ünï\.txt</a>[ ]{42}\d\d-.*

=== TEST 3: html under `charset utf-8`: a UTF-8 name counts its characters, and is cut by them
--- config
location /d/ { root html; autoindex on; charset utf-8; }
--- user_files
>>> html/d/ünï.txt
x
>>> html/d/üüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüüü.txt
x
--- request
GET /d/
--- response_headers
Content-Type: text/html; charset=utf-8
--- response_body_like
(?x).*<a[ ]href="%C3%BCn%C3%AF\.txt">ünï\.txt</a>[ ]{44}\d\d-.*
">(?:ü){47}\.\.&gt;</a>[ ]\d\d-.*

=== TEST 4: autoindex_exact_size off: sizes in K, M and G, rounded
--- config
location /d/ { root html; autoindex on; autoindex_exact_size off; }
--- user_files
>>> html/d/s.txt
0123456789
>>> html/d/sub/x.txt
x
--- request
GET /d/
--- response_body_like
(?x).*<a[ ]href="sub/">sub/</a>[ ]{47}\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{7}-\r\n
<a[ ]href="s\.txt">s\.txt</a>[ ]{46}\d\d-[A-Z][a-z]{2}-\d{4}[ ]\d\d:\d\d[ ]{6}11\r\n.*

=== TEST 5: json
--- config
location /d/ { root html; autoindex on; autoindex_format json; }
--- user_files
>>> html/d/a.txt
hello
>>> html/d/q"uote.txt
x
>>> html/d/sub/x.txt
x
--- request
GET /d/
--- response_headers
Content-Type: application/json
--- response_body_like
(?x)\[\r\n
\{[ ]"name":"sub",[ ]"type":"directory",[ ]"mtime":"\w{3},[ ]\d\d[ ]\w{3}[ ]\d{4}[ ]\d\d:\d\d:\d\d[ ]GMT"[ ]\},\r\n
\{[ ]"name":"a\.txt",[ ]"type":"file",[ ]"mtime":"[^"]+",[ ]"size":6[ ]\},\r\n
\{[ ]"name":"q\\"uote\.txt",[ ]"type":"file",[ ]"mtime":"[^"]+",[ ]"size":2[ ]\}\r\n
\]

=== TEST 6: jsonp with its callback; xml
--- config
location /d/ { root html; autoindex on; autoindex_format jsonp; }
location /x/ { alias html/d/; autoindex on; autoindex_format xml; }
--- user_files
>>> html/d/a.txt
hello
--- pipelined_requests
GET /x/
GET /d/?callback=cb.x
--- response_headers
Content-Type: application/javascript
--- response_body_like
(?x)/\*[ ]callback[ ]\*/\r\ncb\.x\(\[\r\n
\{[ ]"name":"a\.txt",[ ]"type":"file",[ ]"mtime":"[^"]+",[ ]"size":6[ ]\}\r\n\]\);

=== TEST 7: xml
--- config
location /x/ { alias html/d/; autoindex on; autoindex_format xml; }
--- user_files
>>> html/d/a&b.txt
hello
>>> html/d/sub/x.txt
x
--- request
GET /x/
--- response_headers
Content-Type: text/xml; charset=utf-8
--- response_body_like
(?x)<\?xml[ ]version="1\.0"\?>\r\n<list>\r\n
<directory[ ]mtime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">sub</directory>\r\n
<file[ ]mtime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"[ ]size="6">a&amp;b\.txt</file>\r\n
</list>\s*

=== TEST 8: a jsonp callback of other characters is a 400
--- config
location /d/ { root html; autoindex on; autoindex_format jsonp; }
--- user_files
>>> html/d/a.txt
hello
--- request
GET /d/?callback=c-b
--- error_code: 400
--- error_log
client sent invalid callback name: "c-b"

=== TEST 9: an index file wins; without autoindex a directory is forbidden
--- config
location /d/ { root html; autoindex on; }
location /e/ { root html; }
--- user_files
>>> html/d/index.html
the index
>>> html/e/a.txt
x
--- pipelined_requests
GET /d/
GET /e/
--- error_code: 403
--- error_log
directory index of

=== TEST 10: a bad autoindex_format
--- config
location / { autoindex_format yaml; }
--- must_die
--- error_log
invalid value "yaml"
