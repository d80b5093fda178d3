# ngx.exit, ngx.redirect and ngx.exec in the rewrite, access and content phases.

=== TEST 1: exit(ngx.OK) in rewrite goes on to content
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.ctx.seen = "rewrite"
        ngx.exit(ngx.OK)
    }
    content_by_lua_block {
        ngx.say("content after ", ngx.ctx.seen)
    }
}
--- request
GET /t
--- response_body
content after rewrite

=== TEST 2: exit(403) in access is nginx's 403 page
--- config
location = /t {
    access_by_lua_block {
        ngx.exit(ngx.HTTP_FORBIDDEN)
    }
    content_by_lua_block {
        ngx.say("not reached")
    }
}
--- request
GET /t
--- error_code: 403
--- response_body_like
.*<title>403 Forbidden</title>.*<hr><center>moongate</center>.*
--- response_headers
Content-Type: text/html

=== TEST 3: exit(404) in content
--- config
location = /t {
    content_by_lua_block {
        ngx.exit(ngx.HTTP_NOT_FOUND)
    }
}
--- request
GET /t
--- error_code: 404
--- response_body_like
.*<title>404 Not Found</title>.*

=== TEST 4: exit(200) after output keeps the body
--- config
location = /t {
    content_by_lua_block {
        ngx.say("kept")
        ngx.exit(200)
        ngx.say("not reached")
    }
}
--- request
GET /t
--- response_body
kept

=== TEST 5: exit(501) in rewrite skips access and content
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.exit(501)
    }
    access_by_lua_block {
        ngx.log(ngx.ERR, "access ran")
    }
    content_by_lua_block {
        ngx.say("no")
    }
}
--- request
GET /t
--- error_code: 501
--- no_error_log
access ran

=== TEST 6: exit(ngx.ERROR) after output cuts the response short
--- config
location = /t {
    content_by_lua_block {
        ngx.say("partial")
        ngx.flush(true)
        ngx.exit(ngx.ERROR)
    }
}
--- request
GET /t
--- error_code: 200
--- response_body
partial

=== TEST 7: exit(204) has no body
--- config
location = /t {
    content_by_lua_block {
        ngx.exit(204)
    }
}
--- request
GET /t
--- error_code: 204
--- response_body

=== TEST 8: exit with a string
--- config
location = /t {
    content_by_lua_block {
        ngx.exit("403")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:
--- note
OpenResty's message comes from resty.core's FFI call: bad argument #2 to
'ngx_lua_ffi_exit' (cannot convert 'string' to 'int'); ours names ngx.exit's own argument.

=== TEST 9: exit with no argument
--- config
location = /t {
    content_by_lua_block {
        ngx.exit()
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:
--- note
OpenResty's message comes from resty.core's FFI call: bad argument #2 to
'ngx_lua_ffi_exit' (cannot convert 'nil' to 'int'); ours names ngx.exit's own argument.

=== TEST 10: exit with an error status after the headers went out
--- config
location = /t {
    content_by_lua_block {
        ngx.say("ok")
        ngx.exit(302)
    }
}
--- request
GET /t
--- error_code: 200
--- response_body
ok
--- error_log
attempt to set status 302 via ngx.exit after sending out the response status 200

=== TEST 11: exit cannot be caught by pcall
--- config
location = /t {
    content_by_lua_block {
        local ok = pcall(ngx.exit, 410)
        ngx.say("not reached ", ok)
    }
}
--- request
GET /t
--- error_code: 410

=== TEST 12: exit in log_by_lua is disabled
--- config
location = /t {
    content_by_lua_block {
        ngx.say("ok")
    }
    log_by_lua_block {
        ngx.exit(500)
    }
}
--- request
GET /t
--- response_body
ok
--- error_log
API disabled in the context of log_by_lua*

=== TEST 13: redirect with a full URL and 301
--- config
location = /t {
    content_by_lua_block {
        ngx.redirect("http://example.com/x?a=1", ngx.HTTP_MOVED_PERMANENTLY)
    }
}
--- request
GET /t
--- error_code: 301
--- response_headers
Location: http://example.com/x?a=1
--- response_body_like
.*<title>301 Moved Permanently</title>.*

=== TEST 14: redirect defaults to 302
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.redirect("http://example.com/")
    }
}
--- request
GET /t
--- error_code: 302
--- response_headers
Location: http://example.com/

=== TEST 15: redirect with 307 and 308 from access
--- config
location = /t {
    access_by_lua_block {
        ngx.redirect("http://example.com/b", ngx.var.arg_s == "7" and 307 or 308)
    }
}
--- request
GET /t?s=8
--- error_code: 308
--- response_headers
Location: http://example.com/b

=== TEST 16: redirect with 200 is refused
--- config
location = /t {
    content_by_lua_block {
        ngx.redirect("/x", 200)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
only ngx.HTTP_MOVED_TEMPORARILY, ngx.HTTP_MOVED_PERMANENTLY, ngx.HTTP_PERMANENT_REDIRECT, ngx.HTTP_SEE_OTHER, and ngx.HTTP_TEMPORARY_REDIRECT are allowed

=== TEST 17: redirect after output
--- config
location = /t {
    content_by_lua_block {
        ngx.say("x")
        ngx.flush(true)
        ngx.redirect("http://example.com/")
    }
}
--- request
GET /t
--- error_code: 200
--- response_body
x
--- error_log
content_by_lua(nginx.conf:18):4: attempt to call ngx.redirect after sending out the headers

=== TEST 18: exec to another location with its args
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("/other", "a=1&b=2")
    }
}
location = /other {
    content_by_lua_block {
        ngx.say(ngx.var.uri, " ", ngx.var.args, " ", ngx.var.request_uri, " ", ngx.req.is_internal())
    }
}
--- request
GET /t?x=0
--- response_body
/other a=1&b=2 /t?x=0 true

=== TEST 19: exec with args in the URI and a table
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.exec("/other?a=1", {b = "x y"})
    }
}
location = /other {
    content_by_lua_block {
        ngx.say(ngx.var.args)
    }
}
--- request
GET /t
--- response_body
a=1&b=x%20y

=== TEST 20: exec without args drops the original ones
--- config
location = /t {
    access_by_lua_block {
        ngx.exec("/other")
    }
}
location = /other {
    content_by_lua_block {
        ngx.say("args: ", ngx.var.args)
    }
}
--- request
GET /t?keep=1
--- response_body
args: nil

=== TEST 21: exec to a named location keeps the URI
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("@named")
    }
}
location @named {
    content_by_lua_block {
        ngx.say("named ", ngx.var.uri, " ", ngx.var.args)
    }
}
--- request
GET /t?q=1
--- response_body
named /t q=1

=== TEST 22: exec to a missing named location
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("@nowhere")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
could not find named location "@nowhere"

=== TEST 23: exec with an empty URI
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log_like
runtime error: content_by_lua\(nginx\.conf:\d+\):2: The uri argument is empty
--- no_error_log
bad argument

=== TEST 24: exec after the headers went out
--- config
location = /t {
    content_by_lua_block {
        ngx.say("x")
        ngx.flush(true)
        ngx.exec("/other")
    }
}
location = /other {
    return 200 "other";
}
--- request
GET /t
--- response_body
x
--- error_log
content_by_lua(nginx.conf:18):4: attempt to call ngx.exec after sending out response headers

=== TEST 25: an exec loop ends in 500
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("/t")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
rewrite or internal redirection cycle while internally redirecting to "/t"

=== TEST 26: exec with a bad args type
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("/x", true)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #2 to 'exec' (string, number, or table expected, but got boolean)

=== TEST 27: exec to a location that does not exist
--- config
location = /t {
    content_by_lua_block {
        ngx.exec("/missing")
    }
}
--- request
GET /t
--- error_code: 404

=== TEST 28: exit(403) in access, from YAML
--- yaml_config
location:
  = /t:
    access_by_lua_block: |
      if ngx.var.arg_token ~= "s" then return ngx.exit(403) end
    content_by_lua_block: |
      ngx.say("in")
--- request
GET /t?token=x
--- error_code: 403

=== TEST 29: exec to a named location, from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.exec("@n")
  "@n":
    content_by_lua_block: |
      ngx.say("named ", ngx.req.is_internal())
--- request
GET /t
--- response_body
named true

=== TEST 30: a redirect to a path from Lua stays relative, as lua-nginx-module sends it
--- config
location = /t { content_by_lua_block { ngx.redirect("/x?a=1") } }
--- request
GET /t
--- error_code: 302
--- response_headers
Location: /x?a=1

=== TEST 31: a Location set by Lua stays relative too
--- config
location = /u { content_by_lua_block { ngx.header.location = "/there" ngx.exit(303) } }
--- request
GET /u
--- error_code: 303
--- response_headers
Location: /there

=== TEST 32: return with a path goes out absolute, with the client's host and our port
--- config
location = /t { return 301 /moved; }
--- request
GET /t
--- error_code: 301
--- response_headers
Location: http://localhost:$TEST_NGINX_SERVER_PORT/moved

=== TEST 33: exit with a 5xx status after the headers went out ends the response as it is
--- config
location = /t {
    content_by_lua_block {
        ngx.say("ok")
        ngx.exit(500)
    }
}
location = /same {
    content_by_lua_block {
        ngx.status = 503
        ngx.say("busy")
        ngx.exit(503)
    }
}
--- pipelined_requests
GET /t
GET /same
--- error_code: 503
--- response_body
busy
--- error_log
attempt to set status 500 via ngx.exit after sending out the response status 200
--- no_error_log
attempt to set status 503
