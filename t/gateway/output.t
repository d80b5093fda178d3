# ngx.say, ngx.print, ngx.flush, ngx.eof: what they send and what they refuse.

=== TEST 1: say joins strings, numbers, booleans, nil and ngx.null
--- config
location = /t {
    content_by_lua_block {
        ngx.say("a", 1, " ", 2.5, " ", true, false, nil, ngx.null, -0.0, " ", 1e100, " ", 2^53, " ", 1e15, " ", 0.1)
    }
}
--- request
GET /t
--- response_body
a1 2.5 truefalsenilnull0 1e+100 9.007199254741e+15 1e+15 0.1

=== TEST 2: print adds no newline and returns 1
--- config
location = /t {
    content_by_lua_block {
        local ok = ngx.print("x")
        ngx.print(" ", ok, " ", type(ok))
    }
}
--- request
GET /t
--- response_body_like
^x 1 number$

=== TEST 3: nested array tables are flattened
--- config
location = /t {
    content_by_lua_block {
        ngx.say({"a", {"b", {1, 2}}, "c"}, {}, {ngx.null, true})
    }
}
--- request
GET /t
--- response_body
ab12cnulltrue

=== TEST 4: say with no argument is a newline
--- config
location = /t {
    content_by_lua_block {
        ngx.print("a")
        ngx.say()
        ngx.say()
        ngx.print("b")
    }
}
--- request
GET /t
--- response_body_like
^a\n\nb$

=== TEST 5: a hash table is refused
--- config
location = /t {
    content_by_lua_block {
        ngx.say({a = 1})
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #1 to 'say' (non-array table found)

=== TEST 6: a function argument is refused
--- config
location = /t {
    content_by_lua_block {
        ngx.print("ok", print)
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #2 to 'print' (string, number, boolean, nil, ngx.null, or array table expected, but got function)

=== TEST 7: a function inside a table is refused
--- config
location = /t {
    content_by_lua_block {
        ngx.say({"a", print})
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #1 to 'say' (bad data type function found)

=== TEST 8: a hole in an array table reads as nil
--- config
location = /t {
    content_by_lua_block {
        local t = {"a"}
        t[3] = "c"
        ngx.say(t)
    }
}
--- request
GET /t
--- response_body
anilc

=== TEST 9: pcall catches a bad argument
--- config
location = /t {
    content_by_lua_block {
        local ok, err = pcall(ngx.say, {x = 1})
        ngx.say(ok, " ", err)
    }
}
--- request
GET /t
--- response_body
false bad argument #1 to '?' (non-array table found)

=== TEST 10: flush returns 1, also with wait
--- config
location = /t {
    content_by_lua_block {
        ngx.say("a")
        local a = ngx.flush()
        ngx.say("b")
        local b = ngx.flush(true)
        ngx.say(a, " ", b)
    }
}
--- request
GET /t
--- response_body
a
b
1 1

=== TEST 11: after eof, say and flush return nil and "seen eof"
--- config
location = /t {
    content_by_lua_block {
        ngx.say("before")
        local ok = ngx.eof()
        local r1, e1 = ngx.say("after")
        local r2, e2 = ngx.flush()
        local r3, e3 = ngx.eof()
        ngx.log(ngx.WARN, "after eof: ", ok, " ", r1, " ", e1, " ", r2, " ", e2, " ", r3, " ", e3)
    }
}
--- request
GET /t
--- response_body
before
--- error_log
after eof: 1 nil seen eof nil seen eof nil seen eof

=== TEST 12: eof with no output ends an empty 200
--- config
location = /t {
    content_by_lua_block {
        ngx.eof()
    }
}
--- request
GET /t
--- error_code: 200
--- response_body

=== TEST 13: many says make one body
--- config
location = /t {
    content_by_lua_block {
        for i = 1, 2000 do ngx.print(i % 10) end
        ngx.say()
    }
}
--- request
GET /t
--- response_body_like
^(1234567890){200}$

=== TEST 14: output from rewrite_by_lua
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.say("from rewrite")
        ngx.exit(200)
    }
    content_by_lua_block {
        ngx.say("not reached")
    }
}
--- request
GET /t
--- response_body
from rewrite

=== TEST 15: say in set_by_lua is disabled
--- config
location = /t {
    set_by_lua_block $x {
        ngx.say("no")
        return "1"
    }
    return 200 $x;
}
--- request
GET /t
--- error_code: 500
--- error_log
API disabled in the context of set_by_lua*

=== TEST 16: print of a binary string
--- config
location = /t {
    content_by_lua_block {
        ngx.print("\0\1\255")
    }
}
--- request
GET /t
--- response_body_like
^\x00\x01\xff$

=== TEST 17: say from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.say({"y", "a"}, "ml", 1)
--- request
GET /t
--- response_body
yaml1

=== TEST 18: a bad argument from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.say(coroutine.create(print))
--- request
GET /t
--- error_code: 500
--- error_log
bad argument #1 to 'say' (string, number, boolean, nil, ngx.null, or array table expected, but got thread)

=== TEST 19: say of strings, numbers, booleans and nil only (no table, no ngx.null)
--- note
The arguments most handlers pass: say makes their text in one pass. The
numbers sit on both sides of the small integers whose text is kept
ready (0-1023), of -0 and of the int32 range (%d inside, %.14g outside).
--- config
location = /t {
    content_by_lua_block {
        ngx.say(0, " ", -0.0, " ", 7, " ", 1023, " ", 1024, " ", -1, " ", 0.5, " ", 1023.5)
        ngx.say(2^31 - 1, " ", 2^31, " ", -2^31, " ", -2^31 - 1, " ", 0/0 ~= 0/0)
        ngx.print("x", nil, true, false, 12, "\n")
        ngx.say(nil)
        ngx.say(false, 3)
    }
}
--- request
GET /t
--- response_body
0 0 7 1023 1024 -1 0.5 1023.5
2147483647 2147483648 -2147483648 -2147483649 true
xniltruefalse12
nil
false3

=== TEST 20: ngx.send_headers: the headers are final from then on, and it returns 1
--- config
location = /t {
    header_filter_by_lua_block { ngx.header["X-Filtered"] = "once" }
    content_by_lua_block {
        ngx.header["X-Before"] = "1"
        local ok = ngx.send_headers()
        ngx.header["X-After"] = "2"
        ngx.say(ok, " ", tostring(ngx.headers_sent), " ", tostring(ngx.send_headers()))
    }
}
--- request
GET /t
--- response_headers
X-Before: 1
X-Filtered: once
!X-After
--- response_body
1 true 1
--- error_log
attempt to set ngx.header.HEADER after sending out response headers

=== TEST 21: ngx.send_headers in a header filter is an error
--- config
location = /t {
    header_filter_by_lua_block { ngx.send_headers() }
    return 200 "ok\n";
}
--- request
GET /t
--- no_response
--- error_log
API disabled in the context of header_filter_by_lua*

=== TEST 22: chunked_transfer_encoding off: a flushed body goes without chunks, and the connection ends with it
--- config
chunked_transfer_encoding off;
location = /t {
    content_by_lua_block { ngx.say("a"); ngx.flush(true); ngx.say("b") }
}
--- request
GET /t
--- more_headers
Connection: keep-alive
--- response_headers
!Transfer-Encoding
!Content-Length
Connection: close
--- response_body
a
b

=== TEST 23: chunked_transfer_encoding takes on or off
--- config
location = /t { chunked_transfer_encoding maybe; }
--- must_die
--- error_log
invalid value "maybe" in "chunked_transfer_encoding" directive, it must be "on" or "off"

=== TEST 24: lua_use_default_type off: a Lua handler's response has no Content-Type
--- config
lua_use_default_type off;
default_type text/x-default;
location = /say { content_by_lua_block { ngx.say("hi") } }
--- request
GET /say
--- response_headers
!Content-Type
--- response_body
hi

=== TEST 25: lua_use_default_type off: nor does an empty one
--- config
lua_use_default_type off;
default_type text/x-default;
location = /empty { content_by_lua_block { } }
--- request
GET /empty
--- response_headers
!Content-Type

=== TEST 26: lua_use_default_type off: a type Lua sets stays
--- config
lua_use_default_type off;
location = /set { content_by_lua_block { ngx.header.content_type = "text/y"; ngx.say("hi") } }
--- request
GET /set
--- response_headers
Content-Type: text/y

=== TEST 27: lua_use_default_type off: nginx's own responses keep default_type, error pages text/html
--- config
lua_use_default_type off;
default_type text/x-default;
location = /ret { return 200 "x\n"; }
location = /missing { content_by_lua_block { ngx.exit(404) } }
--- pipelined_requests
GET /missing
GET /ret
--- response_headers
Content-Type: text/x-default
