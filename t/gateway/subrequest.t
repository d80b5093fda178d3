# ngx.location.capture and ngx.location.capture_multi: subrequests through
# the phase pipeline, their results, options, errors and limits, and how
# they live with light threads (lua-nginx-module's README is the reference).
# nginx adds `, subrequest: "/uri"` to the error.log lines of a subrequest,
# after its main request's line (the last block checks it).

=== TEST 1: capture: status, header, body, truncated
--- config
location = /sub {
    content_by_lua_block {
        ngx.header["X-A"] = {"1", "2"}
        ngx.header["X-B"] = "b"
        ngx.say("in sub")
    }
}
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " ", type(res.status), " ", tostring(res.truncated))
        ngx.say(type(res.header["X-A"]), " ", table.concat(res.header["X-A"], ","), " ", res.header["X-B"])
        ngx.say(res.header["Content-Type"], " ", tostring(res.header["content-type"]))
        ngx.print(res.body)
        local n = 0
        for _ in pairs(res) do n = n + 1 end
        ngx.say(n, " fields")
    }
}
--- request
GET /t
--- response_body
200 number false
table 1,2 b
text/plain nil
in sub
4 fields
--- no_error_log
[error]

=== TEST 2: the subrequest's own URI, args and method; the main request's line
--- config
location = /sub {
    content_by_lua_block {
        ngx.say("uri=", ngx.var.uri, " args=", ngx.var.args, " method=", ngx.var.request_method,
                " ", ngx.req.get_method())
        ngx.say("request_uri=", ngx.var.request_uri, " request=", ngx.var.request)
        ngx.say("sub: ", tostring(ngx.is_subrequest), " internal: ", tostring(ngx.req.is_internal()),
                " a=", ngx.var.arg_a, " b=", ngx.var.arg_b)
    }
}
location = /t {
    content_by_lua_block {
        ngx.print(ngx.location.capture("/sub?a=1", {args = {b = "x y"}}).body)
        ngx.print(ngx.location.capture("/sub", {args = "a=2&b=3"}).body)
        ngx.print(ngx.location.capture("/sub?", {args = 4}).body)
        ngx.say("main: ", tostring(ngx.is_subrequest), " ", ngx.var.uri, " ", ngx.var.args)
    }
}
--- request
GET /t?z=9
--- response_body
uri=/sub args=a=1&b=x%20y method=GET GET
request_uri=/t?z=9 request=GET /t?z=9 HTTP/1.1
sub: true internal: true a=1 b=x%20y
uri=/sub args=a=2&b=3 method=GET GET
request_uri=/t?z=9 request=GET /t?z=9 HTTP/1.1
sub: true internal: true a=2 b=3
uri=/sub args=4 method=GET GET
request_uri=/t?z=9 request=GET /t?z=9 HTTP/1.1
sub: true internal: true a=nil b=nil
main: false /t z=9

=== TEST 3: capture_multi runs its subrequests concurrently, results in order
--- config
location = /s {
    content_by_lua_block {
        ngx.sleep(tonumber(ngx.var.arg_d))
        ngx.say("s ", ngx.var.arg_d)
    }
}
location = /t {
    content_by_lua_block {
        local t0 = ngx.now()
        local a, b, c = ngx.location.capture_multi{
            {"/s", {args = "d=0.1"}}, {"/s?d=0.1"}, {"/s?d=0"},
        }
        ngx.update_time()
        local elapsed = ngx.now() - t0
        ngx.print(a.body, b.body, c.body)
        ngx.say(elapsed >= 0.09, " ", elapsed < 0.18)
        ngx.say(select("#", ngx.location.capture_multi{{"/s?d=0"}, {"/s?d=0"}}))
    }
}
--- request
GET /t
--- response_body
s 0.1
s 0.1
s 0
true true
2

=== TEST 4: how a subrequest ends: exits, errors, redirects
--- config
location = /e404 { content_by_lua_block { ngx.exit(404) } }
location = /err { content_by_lua_block { error("boom") } }
location = /errsay { content_by_lua_block { ngx.say("part") error("late boom") } }
location = /exit403say { content_by_lua_block { ngx.say("hi") ngx.exit(403) } }
location = /redir { content_by_lua_block { ngx.redirect("/foo") } }
location = /exec { content_by_lua_block { ngx.exec("/target", "q=1") } }
location = /target { content_by_lua_block { ngx.say("target ", ngx.var.uri, " ", ngx.var.args) } }
location = /status { content_by_lua_block { ngx.status = 201 ngx.say("c") } }
location = /exitok { content_by_lua_block { ngx.exit(ngx.OK) } }
location = /exiterr { content_by_lua_block { ngx.say("gone") ngx.exit(ngx.ERROR) } }
location = /eof { content_by_lua_block { ngx.say("e") ngx.eof() ngx.say("after") } }
location = /flush { content_by_lua_block { ngx.say("a") ngx.flush(true) ngx.say("b") } }
location = /t {
    content_by_lua_block {
        for _, u in ipairs{"/e404", "/err", "/errsay", "/exit403say", "/redir", "/exec",
                           "/status", "/exitok", "/exiterr", "/eof", "/flush"} do
            local res = ngx.location.capture(u)
            ngx.say(u, " ", res.status, " ", tostring(res.truncated), " [", res.body, "] ",
                    res.header["Content-Type"], " ", tostring(res.header.Location))
        end
    }
}
--- request
GET /t
--- response_body
/e404 404 true [] text/plain nil
/err 500 true [] text/plain nil
/errsay 200 true [part
] text/plain nil
/exit403say 200 false [hi
] text/plain nil
/redir 302 true [] text/plain /foo
/exec 200 false [target /target q=1
] text/plain nil
/status 201 false [c
] text/plain nil
/exitok 200 false [] text/plain nil
/exiterr 200 true [gone
] text/plain nil
/eof 200 false [e
] text/plain nil
/flush 200 false [a
b
] text/plain nil
--- error_log
content_by_lua(nginx.conf:18):1: boom
content_by_lua(nginx.conf:19):1: late boom
attempt to set status 403 via ngx.exit after sending out the response status 200

=== TEST 5: ngx.exit's status before any output, in content and in rewrite
--- config
location = /s { content_by_lua_block { ngx.exit(tonumber(ngx.var.arg_c)) } }
location = /r {
    rewrite_by_lua_block { ngx.exit(tonumber(ngx.var.arg_c)) }
    content_by_lua_block { ngx.say("content") }
}
location = /t {
    content_by_lua_block {
        for _, u in ipairs{"/s", "/r"} do
            for _, c in ipairs{0, 200, 201, 202, 204, 206, 304, 400, 503} do
                local r = ngx.location.capture(u .. "?c=" .. c)
                ngx.say(u, " ", c, ": ", r.status, " ", tostring(r.truncated), " [", r.body, "] ",
                        tostring(r.header["Content-Type"]))
            end
        end
    }
}
--- request
GET /t
--- response_body
/s 0: 200 false [] text/plain
/s 200: 200 false [] text/plain
/s 201: 201 false [] text/plain
/s 202: 202 false [] text/plain
/s 204: 204 true [] text/plain
/s 206: 206 false [] text/plain
/s 304: 304 true [] nil
/s 400: 400 true [] text/plain
/s 503: 503 true [] text/plain
/r 0: 200 false [content
] text/plain
/r 200: 200 false [] text/plain
/r 201: 201 false [] text/plain
/r 202: 202 false [] text/plain
/r 204: 204 true [] text/plain
/r 206: 206 false [] text/plain
/r 304: 304 true [] nil
/r 400: 400 true [] text/plain
/r 503: 503 true [] text/plain

=== TEST 6: nginx's own content: return, rewrite, error_page, a static file
--- config
location = /ret302 { return 302 http://example.com/x; }
location = /ret200 { return 200 "text"; }
location = /ret404 { error_page 404 /target; return 404; }
location = /rw { rewrite ^ /target?r=2 last; }
location = /target { content_by_lua_block { ngx.say("target ", ngx.var.args) } }
location /static/ { root html; }
location = /t {
    content_by_lua_block {
        for _, u in ipairs{"/ret302", "/ret200", "/ret404", "/rw", "/static/a.txt",
                           "/static/none.txt"} do
            local res = ngx.location.capture(u)
            ngx.say(u, " ", res.status, " ", tostring(res.truncated), " [", res.body, "] ",
                    res.header["Content-Type"], " ", tostring(res.header.Location))
        end
        local res = ngx.location.capture("/static/a.txt")
        ngx.say(tostring(res.header["Content-Length"]), " ", type(res.header["Last-Modified"]))
        res = ngx.location.capture("/static/a.txt", {method = ngx.HTTP_HEAD})
        ngx.say("HEAD ", res.status, " ", tostring(res.truncated), " [", res.body, "]")
    }
}
--- user_files
>>> html/static/a.txt
hello
--- request
GET /t
--- response_body
/ret302 302 true [] text/plain http://example.com/x
/ret200 200 false [text] text/plain nil
/ret404 404 true [] text/plain nil
/rw 200 false [target r=2
] text/plain nil
/static/a.txt 200 false [hello
] text/plain nil
/static/none.txt 404 true [] text/plain nil
6 string
HEAD 200 true []
--- error_log
/html/static/none.txt" failed (2: No such file or directory)

=== TEST 7: a directory without its slash: a relative Location in a subrequest
--- config
location / { root html; }
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/dir")
        ngx.say(res.status, " ", res.header.Location)
    }
}
--- user_files
>>> html/dir/a.txt
a
--- request
GET /t
--- response_body
301 /dir/

=== TEST 8: header and body filters run for a subrequest; access and log do not
--- config
location = /sub {
    access_by_lua_block { ngx.exit(403) }
    content_by_lua_block { ngx.say("sub body") ngx.say("line 2") }
    header_filter_by_lua_block {
        ngx.header["X-HF"] = tostring(ngx.is_subrequest) .. " " .. ngx.status
    }
    body_filter_by_lua_block {
        ngx.arg[1] = string.upper(ngx.arg[1])
        if ngx.arg[2] then ngx.arg[1] = ngx.arg[1] .. "EOF" end
    }
    log_by_lua_block { ngx.log(ngx.ERR, "log phase of ", ngx.var.uri) }
}
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " ", res.header["X-HF"], " [", res.body, "]")
    }
    log_by_lua_block { ngx.log(ngx.ERR, "log phase of ", ngx.var.uri) }
}
--- request
GET /t
--- response_body
200 true 200 [SUB BODY
LINE 2
EOF]
--- error_log
log phase of /t
--- no_error_log
log phase of /sub

=== TEST 9: headers of a subrequest's response
--- config
location = /s {
    content_by_lua_block {
        ngx.header.content_length = 3
        ngx.header["Set-Cookie"] = {"a=1", "b=2", "c=3"}
        ngx.header.content_type = "text/html"
        ngx.header["X-Num"] = 5
        ngx.print("abc")
    }
}
location = /s2 {
    default_type application/json;
    add_header X-Added yes;
    content_by_lua_block { ngx.print("{}") }
}
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/s")
        local keys = {}
        for k, v in pairs(res.header) do
            keys[#keys + 1] = k .. "=" .. (type(v) == "table" and table.concat(v, ",") or v)
                              .. ":" .. type(v)
        end
        table.sort(keys)
        ngx.say(res.status, " ", table.concat(keys, " "), " [", res.body, "]")
        res = ngx.location.capture("/s2")
        ngx.say(res.header["Content-Type"], " ", tostring(res.header["X-Added"]))
    }
}
--- request
GET /t
--- response_body
200 Content-Type=text/html:string Set-Cookie=a=1,b=2,c=3:table X-Num=5:string content-length=3:string [abc]
application/json nil

=== TEST 10: methods: ngx.req.get_method says the subrequest's, $request_method the main request's
--- config
location = /sub {
    content_by_lua_block { ngx.say("sub ", ngx.req.get_method(), " ", ngx.var.request_method) }
}
location = /t {
    content_by_lua_block {
        for _, m in ipairs{ngx.HTTP_GET, ngx.HTTP_POST, ngx.HTTP_PUT, ngx.HTTP_DELETE,
                           ngx.HTTP_OPTIONS, ngx.HTTP_PATCH, ngx.HTTP_MKCOL, ngx.HTTP_TRACE} do
            ngx.print(ngx.location.capture("/sub", {method = m}).body)
        end
        local res = ngx.location.capture("/sub", {method = ngx.HTTP_HEAD})
        ngx.say("HEAD ", res.status, " ", tostring(res.truncated), " [", res.body, "]")
        ngx.say(pcall(ngx.location.capture, "/sub", {method = 12345}))
        ngx.say(pcall(ngx.location.capture, "/sub", {method = 0/0}))
        ngx.say(pcall(ngx.location.capture, "/sub", {method = math.huge}))
    }
}
--- request
GET /t
--- response_body
sub GET GET
sub POST GET
sub PUT GET
sub DELETE GET
sub OPTIONS GET
sub PATCH GET
sub MKCOL GET
sub TRACE GET
HEAD 200 true []
falsefailed to adjust the subrequest: -1
falsefailed to adjust the subrequest: -1
falsefailed to adjust the subrequest: -1
--- error_log
unsupported HTTP method: 12345

=== TEST 11: bad options
--- config
location = /sub { content_by_lua_block { ngx.say("sub") } }
location = /t {
    content_by_lua_block {
        local cases = {
            {args = true}, {vars = "x"}, {ctx = 1}, {ctx = "x"}, {share_all_vars = 1},
            {copy_all_vars = "x"}, {method = "GET"}, {method = true}, {body = {}},
            {vars = {"a"}}, {vars = {a = {}}}, {vars = {a = true}},
            {args = {[1] = "x"}}, {args = {a = print}},
            {args = 12, body = 12, share_all_vars = false, always_forward_body = "yes"},
        }
        for i, opts in ipairs(cases) do
            local ok, res = pcall(ngx.location.capture, "/sub", opts)
            ngx.say(i, " ", ok and res.status .. " " .. res.body or res)
        end
    }
}
--- request
GET /t
--- response_body
1 Bad args option value
2 Bad vars option value
3 Bad ctx option value type number, expected a Lua table
4 Bad ctx option value type string, expected a Lua table
5 Bad share_all_vars option value
6 Bad copy_all_vars option value
7 Bad http request method
8 Bad http request method
9 Bad http request body
10 attempt to use a non-string key in the "vars" option table
11 attempt to use bad variable value type table
12 attempt to use bad variable value type boolean
13 attempt to use a non-string key in the "args" option table
14 attempt to use function as query arg value
15 200 sub

--- no_error_log
[error]

=== TEST 12: bad arguments
--- config
location = /sub { content_by_lua_block { ngx.say("sub") } }
location = /t {
    content_by_lua_block {
        ngx.say(pcall(ngx.location.capture))
        ngx.say(pcall(ngx.location.capture, "/sub", {}, 3))
        ngx.say(pcall(ngx.location.capture, nil))
        ngx.say(pcall(ngx.location.capture, true))
        ngx.say(pcall(ngx.location.capture, "/sub", "x"))
        ngx.say(pcall(ngx.location.capture_multi))
        ngx.say(pcall(ngx.location.capture_multi, {}, 3))
        ngx.say(pcall(ngx.location.capture_multi, {}))
        ngx.say(pcall(ngx.location.capture_multi, "x"))
        ngx.say(pcall(ngx.location.capture_multi, {"/sub"}))
        ngx.say(pcall(ngx.location.capture_multi, {{}}))
        ngx.say(pcall(ngx.location.capture_multi, {{"/sub", {}, 3}}))
        ngx.say(pcall(ngx.location.capture_multi, {{"/sub", 3}}))
        ngx.say(pcall(ngx.location.capture_multi, {{{}}}))
        ngx.say(type(select(2, pcall(ngx.location.capture, "/sub", nil))))
    }
}
--- request
GET /t
--- response_body
falseexpecting one or two arguments
falseexpecting one or two arguments
falsequery argument 0 expecting one or two arguments
falsebad argument #3 to '?' (string expected, got boolean)
falseexpecting table as the 2nd argument for subrequest 0, but got string
falseonly one argument is expected, but got 0
falseonly one argument is expected, but got 2
falseat least one subrequest should be specified
falsebad argument #1 to '?' (table expected, got string)
falsethe query argument 0 is not a table, but a string
falsequery argument 0 expecting one or two arguments
falsequery argument 0 expecting one or two arguments
falseexpecting table as the 2nd argument for subrequest 0, but got number
falsebad argument #3 to '?' (string expected, got table)
table

=== TEST 13: unsafe URIs, and URIs that are safe
--- config
location = /sub { content_by_lua_block { ngx.say("sub ", ngx.var.uri, " ", tostring(ngx.var.args)) } }
location = /a/b { content_by_lua_block { ngx.say("a/b ", ngx.var.uri) } }
location = /t {
    content_by_lua_block {
        for _, u in ipairs{"", "?a=1", "..", "../sub", "/..", "/../sub", "/a/../sub", "/%2e%2e/sub",
                           "/su\0b", "/%73ub?x=%41", "/a/b", "/sub?", "/a/..b"} do
            local ok, res = pcall(ngx.location.capture, u)
            ngx.say(ok and (res.status .. " " .. res.body) or res)
        end
    }
}
--- request
GET /t
--- response_body
unsafe uri in argument #1: 
unsafe uri in argument #1: ?a=1
unsafe uri in argument #1: ..
unsafe uri in argument #1: ../sub
unsafe uri in argument #1: /..
unsafe uri in argument #1: /../sub
unsafe uri in argument #1: /a/../sub
unsafe uri in argument #1: /%2e%2e/sub
unsafe uri in argument #1: /su
200 sub /sub x=%41

200 a/b /a/b

200 sub /sub 

404 

=== TEST 14: vars, copy_all_vars and share_all_vars
--- config
location = /sub {
    set $cat "subcat";
    content_by_lua_block {
        ngx.say("sub dog=", ngx.var.dog, " cat=", ngx.var.cat, " a=", tostring(ngx.var.arg_a))
        ngx.var.dog = "changed"
    }
}
location = /t {
    set $dog "parent";
    content_by_lua_block {
        ngx.print(ngx.location.capture("/sub?a=1").body)
        ngx.say("p dog=", ngx.var.dog)
        ngx.print(ngx.location.capture("/sub", {copy_all_vars = true}).body)
        ngx.say("p dog=", ngx.var.dog, " cat=", ngx.var.cat)
        ngx.print(ngx.location.capture("/sub", {vars = {dog = "given", CAT = 3}}).body)
        ngx.print(ngx.location.capture("/sub", {vars = {dog = "given"}, copy_all_vars = true}).body)
        ngx.print(ngx.location.capture("/sub", {vars = {args = "a=5"}, args = "a=6"}).body)
        ngx.say("p dog=", ngx.var.dog, " args=", ngx.var.args)
        ngx.print(ngx.location.capture("/sub", {share_all_vars = true}).body)
        ngx.say("p dog=", ngx.var.dog, " cat=", ngx.var.cat)
    }
}
--- request
GET /t?x=1
--- response_body
sub dog= cat=subcat a=1
p dog=parent
sub dog=parent cat=subcat a=nil
p dog=parent cat=
sub dog=given cat=subcat a=nil
sub dog=given cat=subcat a=nil
sub dog= cat=subcat a=5
p dog=parent args=x=1
sub dog=parent cat=subcat a=nil
p dog=changed cat=subcat

=== TEST 15: vars: a built-in variable is not changeable
--- config
location = /sub { content_by_lua_block { ngx.say("sub") } }
location = /t {
    content_by_lua_block {
        ngx.say(pcall(ngx.location.capture, "/sub", {vars = {uri = "/x"}}))
        ngx.say("after")
    }
}
--- request
GET /t
--- response_body
falsefailed to adjust the subrequest: 500
after
--- error_log
variable "uri" not changeable

=== TEST 16: vars: an unknown variable cannot be assigned
--- config
location = /sub { content_by_lua_block { ngx.say("sub") } }
location = /t {
    content_by_lua_block {
        ngx.say(pcall(ngx.location.capture, "/sub", {vars = {nosuch = "1"}}))
        ngx.say("after")
    }
}
--- request
GET /t
--- response_body
falsefailed to adjust the subrequest: -1
after
--- error_log
variable "nosuch" cannot be assigned a value (maybe you forgot to define it first?)

=== TEST 17: ctx
--- config
location = /sub {
    content_by_lua_block {
        ngx.say("sub ctx.foo=", tostring(ngx.ctx.foo))
        ngx.ctx.foo = "set by sub"
    }
}
location = /t {
    content_by_lua_block {
        ngx.ctx.foo = "parent"
        ngx.print(ngx.location.capture("/sub").body)
        ngx.say("p ", ngx.ctx.foo)
        local c = {foo = "given"}
        ngx.print(ngx.location.capture("/sub", {ctx = c}).body)
        ngx.say("c ", c.foo, " p ", ngx.ctx.foo)
        ngx.print(ngx.location.capture("/sub", {ctx = ngx.ctx}).body)
        ngx.say("p ", ngx.ctx.foo)
    }
}
--- request
GET /t
--- response_body
sub ctx.foo=nil
p parent
sub ctx.foo=given
c set by sub p parent
sub ctx.foo=parent
p set by sub

=== TEST 18: the request body: given, inherited by POST and PUT, or forwarded
--- config
location = /sub {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.say(ngx.req.get_method(), " body=[", tostring(ngx.req.get_body_data()), "] cl=",
                tostring(ngx.var.http_content_length), " x=", tostring(ngx.var.http_x_foo))
    }
}
location = /t {
    content_by_lua_block {
        ngx.req.read_body()
        for _, o in ipairs{{}, {method = ngx.HTTP_POST}, {method = ngx.HTTP_PUT},
                           {always_forward_body = true}, {method = ngx.HTTP_POST, body = "given"},
                           {body = "g2"}, {body = ""}, {method = ngx.HTTP_DELETE}} do
            ngx.print(ngx.location.capture("/sub", o).body)
        end
    }
}
--- more_headers
X-Foo: bar
--- request
POST /t
hello
--- response_body
GET body=[nil] cl=nil x=bar
POST body=[hello] cl=5 x=bar
PUT body=[hello] cl=5 x=bar
GET body=[hello] cl=5 x=bar
POST body=[given] cl=5 x=bar
GET body=[g2] cl=2 x=bar
GET body=[nil] cl=0 x=bar
DELETE body=[nil] cl=nil x=bar

=== TEST 19: a body the parent has not read is not the subrequest's
--- config
location = /sub {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.say(ngx.req.get_method(), " body=[", tostring(ngx.req.get_body_data()), "] cl=",
                tostring(ngx.var.http_content_length))
    }
}
location = /t {
    content_by_lua_block {
        for _, o in ipairs{{}, {method = ngx.HTTP_POST}, {always_forward_body = true}} do
            ngx.print(ngx.location.capture("/sub", o).body)
        end
        ngx.req.read_body()
        ngx.say("parent body ", ngx.req.get_body_data())
    }
}
--- request
POST /t
hello
--- response_body
GET body=[nil] cl=nil
POST body=[nil] cl=5
GET body=[nil] cl=5
parent body hello

=== TEST 20: the parent's request headers as they are now
--- config
location = /sub {
    content_by_lua_block {
        local h = ngx.req.get_headers()
        local keys = {}
        for k, v in pairs(h) do keys[#keys + 1] = k .. "=" .. v end
        table.sort(keys)
        ngx.say(table.concat(keys, " "))
        ngx.print((ngx.req.raw_header():gsub("\r", "")))
        ngx.say(ngx.var.request_length, " ", ngx.var.server_protocol, " ", ngx.var.host, " ",
                ngx.req.http_version())
    }
}
location = /t {
    content_by_lua_block {
        ngx.req.set_header("X-Foo", "changed")
        ngx.print(ngx.location.capture("/sub?a=b", {body = "xy"}).body)
    }
}
--- more_headers
X-Foo: bar
--- request
GET /t?q=1
--- response_body
connection=close content-length=2 host=localhost x-foo=changed
GET /t?q=1 HTTP/1.1
Host: localhost
Connection: close
X-Foo: bar

0 HTTP/1.1 localhost 1.1

=== TEST 21: subrequests nest 50 deep, no deeper
--- config
location = /r {
    content_by_lua_block {
        local n = tonumber(ngx.var.arg_n)
        local res = ngx.location.capture("/r", {args = {n = n + 1}})
        if n == 0 then
            ngx.say("top ", res.status, " [", res.body, "]")
        elseif res.status == 200 then
            ngx.print(res.body)
        else
            ngx.say("depth ", n, " got ", res.status)
        end
    }
}
--- request
GET /r?n=0
--- response_body
top 200 [depth 50 got 500
]
--- error_log
lua subrequests cycle while processing "/r"
content_by_lua(nginx.conf:18):3: failed to issue subrequest: -1

=== TEST 22: capture after the headers went out, and after ngx.eof
--- config
location = /sub { content_by_lua_block { ngx.say("sub") } }
location = /t {
    content_by_lua_block {
        ngx.say("first")
        ngx.flush(true)
        local res = ngx.location.capture("/sub")
        ngx.say(res.status, " ", res.body)
        ngx.eof()
        res = ngx.location.capture("/sub")
        ngx.log(ngx.ERR, "after eof: ", res.status, " ", res.body)
    }
}
--- request
GET /t
--- response_body
first
200 sub

--- error_log
after eof: 200 sub

=== TEST 23: where capture may run: rewrite, access, content
--- config
location = /sub { content_by_lua_block { ngx.say("sub") } }
location = /t {
    set_by_lua_block $x { local ok, err = pcall(ngx.location.capture, "/sub") return err }
    rewrite_by_lua_block { ngx.ctx.rw = ngx.location.capture("/sub").body }
    access_by_lua_block { ngx.ctx.acc = ngx.location.capture("/sub").body }
    content_by_lua_block {
        ngx.say("set: ", ngx.var.x)
        ngx.print("rewrite: ", ngx.ctx.rw, "access: ", ngx.ctx.acc)
        ngx.timer.at(0, function()
            local ok, err = pcall(ngx.location.capture, "/sub")
            ngx.log(ngx.ERR, "timer: ", err)
        end)
        ngx.sleep(0.05)
    }
    header_filter_by_lua_block {
        local ok, err = pcall(ngx.location.capture, "/sub")
        ngx.header["X-HF"] = err
    }
    body_filter_by_lua_block {
        local ok, err = pcall(ngx.location.capture, "/sub")
        if ngx.arg[2] then ngx.arg[1] = "body filter: " .. err .. "\n" end
    }
    log_by_lua_block {
        local ok, err = pcall(ngx.location.capture, "/sub")
        ngx.log(ngx.ERR, "log: ", err)
    }
}
--- request
GET /t
--- response_headers
X-HF: API disabled in the context of header_filter_by_lua*
--- response_body
set: API disabled in the context of set_by_lua*
rewrite: sub
access: sub
body filter: API disabled in the context of body_filter_by_lua*
--- error_log
timer: API disabled in the context of ngx.timer
log: API disabled in the context of log_by_lua*

=== TEST 24: light threads may capture, concurrently
--- config
location = /s { content_by_lua_block { ngx.sleep(0.05) ngx.say("s ", ngx.var.arg_i) } }
location = /mid {
    content_by_lua_block {
        local t = ngx.thread.spawn(function() return ngx.location.capture("/s?i=mid").body end)
        ngx.print("mid: ", select(2, ngx.thread.wait(t)))
    }
}
location = /t {
    content_by_lua_block {
        local ts = {}
        for i = 1, 3 do
            ts[i] = ngx.thread.spawn(function() return ngx.location.capture("/s?i=" .. i).body end)
        end
        for i = 1, 3 do ngx.print(select(2, ngx.thread.wait(ts[i]))) end
        ngx.print(ngx.location.capture("/mid").body)
    }
}
--- request
GET /t
--- response_body
s 1
s 2
s 3
mid: s mid

=== TEST 25: a light thread with pending subrequests cannot be killed
--- config
location = /s { content_by_lua_block { ngx.sleep(0.1) ngx.say("s done") } }
location = /t {
    content_by_lua_block {
        local t = ngx.thread.spawn(function()
            local res = ngx.location.capture("/s")
            ngx.say("thread got ", res.body)
        end)
        ngx.say(ngx.thread.kill(t))
        ngx.say(coroutine.status(t))
        ngx.say(ngx.thread.wait(t))
        ngx.say(ngx.thread.kill(t))
    }
}
--- request
GET /t
--- response_body
nilpending subrequests
running
thread got s done

true
nilalready waited or killed

=== TEST 26: nothing ends a request with pending subrequests
--- config
location = /s { content_by_lua_block { ngx.sleep(0.1) ngx.log(ngx.ERR, "sub ran") ngx.say("s done") } }
location = /x { content_by_lua_block { ngx.say("x") } }
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            local res = ngx.location.capture("/s")
            ngx.say("thread got ", res.body)
        end)
        ngx.say(pcall(ngx.exit, 200))
        ngx.say(pcall(ngx.exec, "/x"))
        ngx.say(pcall(ngx.redirect, "/x"))
        ngx.say("after")
    }
}
--- request
GET /t
--- response_body
falseattempt to abort with pending subrequests
falseattempt to abort with pending subrequests
falseattempt to abort with pending subrequests
after
thread got s done

--- error_log
sub ran

=== TEST 27: ngx.exit in a light thread while another one captures
--- config
location = /s { content_by_lua_block { ngx.sleep(0.2) ngx.log(ngx.ERR, "sub ran") ngx.say("s done") } }
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.sleep(0.05)
            ngx.say("exiting")
            ngx.exit(200)
        end)
        local res = ngx.location.capture("/s")
        ngx.say("main got ", res.body)
    }
}
--- request
GET /t
--- response_body
exiting
main got s done
--- error_log
lua user thread aborted: runtime error: content_by_lua(nginx.conf:19):5: attempt to abort with pending subrequests
sub ran

=== TEST 28: a subrequest's own light threads, and their ngx.exit
--- config
location = /s {
    content_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.05) ngx.say("thread") ngx.exit(201) end)
        ngx.sleep(1)
        ngx.say("not reached")
    }
}
location = /t {
    content_by_lua_block {
        local r = ngx.location.capture("/s")
        ngx.say(r.status, " ", tostring(r.truncated), " [", r.body, "]")
    }
}
--- request
GET /t
--- response_body
200 false [thread
]

=== TEST 29: ngx.exec to a named location, in a subrequest
--- config
location = /s { content_by_lua_block { ngx.exec("@named") } }
location @named { content_by_lua_block { ngx.say("named ", ngx.var.uri, " ", tostring(ngx.is_subrequest)) } }
location = /t {
    content_by_lua_block {
        local r = ngx.location.capture("/s")
        ngx.say(r.status, " ", tostring(r.truncated), " [", r.body, "]")
    }
}
--- request
GET /t
--- response_body
200 false [named /s true
]

=== TEST 30: proxy_pass in a subrequest
--- config
location = /backend {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.header["X-B"] = "b"
        ngx.say("backend ", ngx.req.get_method(), " ", ngx.var.args, " ", ngx.req.get_body_data())
    }
}
location /p/ {
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/backend;
}
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/p/", {args = "a=1", method = ngx.HTTP_POST, body = "data"})
        ngx.say(res.status, " ", tostring(res.truncated), " ", res.header["X-B"], " ",
                res.header["Content-Type"], " ", tostring(res.header["Server"]), " [", res.body, "]")
    }
}
--- request
GET /t
--- response_body
200 false b text/plain nil [backend POST a=1 data
]

=== TEST 31: an upstream that dies mid-body: the body is truncated
--- config
location = /backend {
    content_by_lua_block {
        ngx.say("part")
        ngx.flush(true)
        ngx.sleep(0.05)
        error("backend dies")
    }
}
location = /p {
    proxy_http_version 1.1;
    proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/backend;
}
location = /dead {
    proxy_pass http://127.0.0.1:1/;
}
location = /t {
    content_by_lua_block {
        local res = ngx.location.capture("/p")
        ngx.say(res.status, " ", tostring(res.truncated), " [", res.body, "]")
        res = ngx.location.capture("/dead")
        ngx.say(res.status, " ", tostring(res.truncated), " [", res.body, "]")
    }
}
--- request
GET /t
--- response_body
200 true [part
]
502 true []
--- error_log
upstream prematurely closed connection while reading upstream
connect() failed (111: Connection refused) while connecting to upstream

=== TEST 32: a subrequest that ends with 444 ends the main request
--- config
location = /s { content_by_lua_block { ngx.exit(444) } }
location = /t {
    content_by_lua_block {
        ngx.location.capture("/s")
        ngx.log(ngx.ERR, "not reached")
        ngx.say("not sent")
    }
}
--- request
GET /t
--- ignore_response
--- no_error_log
not reached

=== TEST 33: the entry thread dies while a light thread captures: no answer
--- config
location = /s { content_by_lua_block { ngx.sleep(0.1) ngx.log(ngx.ERR, "sub ran") ngx.say("s") } }
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.location.capture("/s")
            ngx.log(ngx.ERR, "thread got its result")
        end)
        error("oops")
    }
}
--- request
GET /t
--- ignore_response
--- error_log
content_by_lua(nginx.conf:19):6: oops
--- no_error_log
sub ran
thread got its result

=== TEST 34: an abort is allowed with pending subrequests: ngx.exit(444)
--- config
location = /s { content_by_lua_block { ngx.sleep(0.1) ngx.log(ngx.ERR, "sub ran") ngx.say("s") } }
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.location.capture("/s")
            ngx.log(ngx.ERR, "thread got its result")
        end)
        ngx.exit(tonumber(ngx.var.arg_code))
    }
    log_by_lua_block { ngx.log(ngx.ERR, "status in log: ", ngx.var.status) }
}
--- request
GET /t?code=444
--- ignore_response
--- error_log
status in log: 444
--- no_error_log
sub ran
thread got its result
attempt to abort

=== TEST 35: an abort is allowed with pending subrequests: ngx.exit(ngx.ERROR)
--- config
location = /s { content_by_lua_block { ngx.sleep(0.1) ngx.log(ngx.ERR, "sub ran") ngx.say("s") } }
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.location.capture("/s")
            ngx.log(ngx.ERR, "thread got its result")
        end)
        ngx.exit(tonumber(ngx.var.arg_code))
    }
    log_by_lua_block { ngx.log(ngx.ERR, "status in log: ", ngx.var.status) }
}
--- request
GET /t?code=-1
--- ignore_response
--- error_log
status in log: 000
--- no_error_log
sub ran
thread got its result
attempt to abort

=== TEST 36: the client goes away while a capture is pending
--- config
location = /s { content_by_lua_block { ngx.sleep(0.5) ngx.log(ngx.ERR, "sub ran") ngx.say("s") } }
location = /t {
    lua_check_client_abort on;
    content_by_lua_block {
        local res = ngx.location.capture("/s")
        ngx.log(ngx.ERR, "main got ", res.body)
    }
    log_by_lua_block { ngx.log(ngx.ERR, "status in log: ", ngx.var.status) }
}
--- request
GET /t
--- timeout: 0.2
--- abort
--- wait: 1
--- error_log
client prematurely closed connection
status in log: 499
--- no_error_log
sub ran
main got

=== TEST 37: the client goes away while a capture is pending: the abort handler may exit
--- config
location = /s { content_by_lua_block { ngx.sleep(0.5) ngx.log(ngx.ERR, "sub ran") ngx.say("s") } }
location = /t {
    lua_check_client_abort on;
    content_by_lua_block {
        ngx.on_abort(function() ngx.log(ngx.ERR, "on abort") ngx.exit(444) end)
        local res = ngx.location.capture("/s")
        ngx.log(ngx.ERR, "main got ", res.body)
    }
    log_by_lua_block { ngx.log(ngx.ERR, "status in log: ", ngx.var.status) }
}
--- request
GET /t
--- timeout: 0.2
--- abort
--- wait: 1
--- error_log
on abort
status in log: 444
--- no_error_log
sub ran
main got

=== TEST 38: an error.log line of a subrequest names it after the main request
--- config
location = /sub {
    content_by_lua_block { ngx.log(ngx.ERR, "in sub") }
}
location = /t {
    content_by_lua_block { ngx.say(ngx.location.capture("/sub?a=1").status) }
}
--- request
GET /t?x=y
--- response_body
200
--- error_log
in sub, client: 127.0.0.1, server: localhost, request: "GET /t?x=y HTTP/1.1", subrequest: "/sub", host: "localhost"

=== TEST 39: read_body in a subrequest, with and without a body
--- config
location = /sub {
    client_body_buffer_size 8;
    content_by_lua_block {
        ngx.req.read_body()
        ngx.say("sub: ", ngx.req.get_body_data(), " ", ngx.req.get_body_file() ~= nil)
    }
}
location = /t {
    content_by_lua_block {
        ngx.req.read_body()
        local res = ngx.location.capture("/sub", {method = ngx.HTTP_POST, body = "hello"})
        ngx.print(res.body)
        res = ngx.location.capture("/sub", {method = ngx.HTTP_POST})
        ngx.print(res.body)
    }
}
--- request
POST /t
0123456789012345678901234567890123456789
--- response_body
sub: hello false
sub: 0123456789012345678901234567890123456789 false
