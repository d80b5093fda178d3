# proxy_redirect, proxy_cookie_domain and proxy_cookie_path: the upstream's
# Location, Refresh and Set-Cookie as the client gets them.

=== TEST 1: proxy_cookie_domain and proxy_cookie_path edit matching attributes; the edited cookie is written again, the others go as they came
--- config
location /be/ { content_by_lua_block {
    ngx.header["Set-Cookie"] = {"a=1;Domain=.Example.COM;  path=/be/x ; Secure", "b=2; domain=example.com", "c=3",
                                "d=4;  xdomain=example.com;path=/bex ;x", "e=5; Domain=; Path="}
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_cookie_domain example.com gw.test; proxy_cookie_path /be/ /one/; }
--- request
GET /one/x
--- response_headers
Set-Cookie: a=1; Domain=.gw.test; path=/one/x; Secure
Set-Cookie: b=2; domain=gw.test
Set-Cookie: c=3
Set-Cookie: d=4;  xdomain=example.com;path=/bex ;x
Set-Cookie: e=5; Domain=; Path=

=== TEST 2: an empty replacement empties the domain (its dot stays) or takes the path's prefix
--- config
location /be/ { content_by_lua_block {
    ngx.header["Set-Cookie"] = {"a=1; Domain=example.com; Path=/be/x", "b=2; domain=.example.com;path=/be/"}
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_cookie_domain example.com ""; proxy_cookie_path /be/ ""; }
--- request
GET /one/x
--- response_headers
Set-Cookie: a=1; Domain=; Path=x
Set-Cookie: b=2; domain=.; path=

=== TEST 3: regexes replace the whole value with captures; a domain's is caseless, a path's with ~*
--- config
location /be/ { content_by_lua_block {
    ngx.header["Set-Cookie"] = {"a=1; Domain=.WWW.example.COM; Path=/BE/x/y", "b=2; path=/be/q"}
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_cookie_domain ~(\w+)\.example\.com $1.gw; proxy_cookie_path ~*/be/(.*)$ /one/$1; }
--- request
GET /one/x
--- response_headers
Set-Cookie: a=1; Domain=WWW.gw; Path=/one/x/y
Set-Cookie: b=2; path=/one/q

=== TEST 4: the first matching rule wins; several rules with variables
--- config
location /be/ { content_by_lua_block {
    ngx.header["Set-Cookie"] = {"a=1; path=/be/a/b", "b=2; path=/be/c", "c=3; domain=localhost"}
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_cookie_path /be/a/ /$host/; proxy_cookie_path /be/ /one/; proxy_cookie_path / /never/;
    proxy_cookie_domain $host front.$host; }
--- request
GET /one/x
--- response_headers
Set-Cookie: a=1; path=/localhost/b
Set-Cookie: b=2; path=/one/c
Set-Cookie: c=3; domain=front.localhost

=== TEST 5: proxy_redirect with text: a prefix of Location (made absolute) and of Refresh's url
--- config
location /be/ { content_by_lua_block {
    ngx.header["Location"] = "http://up.test/a/b"
    ngx.header["Refresh"] = "5; URL=http://up.test/z"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_redirect http://up.test/ /two/; proxy_redirect default; }
--- request
GET /one/x
--- error_code: 302
--- response_headers
Location: http://localhost:$TEST_NGINX_SERVER_PORT/two/a/b
Refresh: 5; URL=/two/z

=== TEST 6: proxy_redirect regexes: ~ is case-sensitive, ~* not; captures; a Refresh with no url is left
--- config
location /be/ { content_by_lua_block {
    ngx.header["Location"] = ngx.var.arg_caseless and "http://ab.other/a/b" or "http://ab.OTHER/a/b"
    ngx.header["Refresh"] = ngx.var.arg_caseless and "5;url=Xyz" or "http://up.test/z"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_redirect ~^http://(\w+)\.OTHER/(.*)$ http://$1.gw/$2; proxy_redirect ~*^x(.*) $host$1; }
--- pipelined_requests
GET /one/x
GET /one/x?caseless=1
--- error_code: 302
--- response_headers
Location: http://ab.other/a/b
Refresh: 5;url=localhostyz

=== TEST 7: a case-sensitive regex that matches, and a pattern with variables
--- config
location /be/ { content_by_lua_block {
    ngx.header["Location"] = ngx.var.arg_l == "1" and "http://ab.OTHER/a/b" or "http://localhost/q/z"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_redirect http://$host/q/ http://$host:9/r/; proxy_redirect ~^http://(\w+)\.OTHER/(.*)$ http://$1.gw/$2; }
--- pipelined_requests
GET /one/x?l=1
GET /one/x?l=2
--- error_code: 302
--- response_headers
Location: http://localhost:9/r/z

=== TEST 8: rules given with default: the default still applies to the proxy_pass URL
--- config
location /be/ { content_by_lua_block {
    ngx.header["Location"] = "http://127.0.0.1:" .. ngx.var.server_port .. "/be/q"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/;
    proxy_redirect http://up.test/ /two/; proxy_redirect default; }
--- request
GET /one/x
--- error_code: 302
--- response_headers
Location: http://localhost:$TEST_NGINX_SERVER_PORT/one/q

=== TEST 9: the rules of the server level, and off in a location
--- config
proxy_redirect http://up.test/ /s/;
proxy_cookie_path /be/ /s/;
location /be/ { content_by_lua_block {
    ngx.header["Location"] = "http://up.test/a"
    ngx.header["Set-Cookie"] = "a=1; path=/be/a"
    ngx.exit(302)
} }
location /one/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/; }
location /two/ { proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/be/; proxy_redirect off; proxy_cookie_path off; }
location = /t {
    content_by_lua_block {
        for _, uri in ipairs({"/one/x", "/two/x"}) do
            local res = ngx.location.capture(uri)
            ngx.say(res.status, " ", res.header["Location"], " ", res.header["Set-Cookie"])
        end
    }
}
--- request
GET /t
--- response_body
302 /s/a a=1; path=/s/a
302 http://up.test/a a=1; path=/be/a

=== TEST 10: a rule and off in one level
--- config
location / { proxy_cookie_path /a /b; proxy_cookie_path off; }
--- must_die
--- error_log
"proxy_cookie_path" directive is duplicate

=== TEST 11: proxy_redirect default before proxy_pass
--- config
location / { proxy_redirect default; proxy_pass http://127.0.0.1:1; }
--- must_die
--- error_log
"proxy_redirect default" should be placed after the "proxy_pass" directive

=== TEST 12: proxy_redirect default with a proxy_pass with variables
--- config
location / { proxy_pass http://$host; proxy_redirect default; }
--- must_die
--- error_log
"proxy_redirect default" cannot be used with "proxy_pass" directive with variables

=== TEST 13: a bad parameter
--- config
location / { proxy_cookie_domain default; }
--- must_die
--- error_log
invalid parameter "default"

=== TEST 14: a regex that does not compile
--- config
location / { proxy_redirect ~(x /; }
--- must_die
--- error_log_like
pcre2_compile\(\) failed: missing .* in "\(x"
