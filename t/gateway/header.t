# ngx.header: response headers, read and written from Lua.

=== TEST 1: set with underscores, read back in any case
--- config
location = /t {
    content_by_lua_block {
        ngx.header.X_Foo = "bar"
        ngx.say(ngx.header["x-foo"], " ", ngx.header.X_FOO, " ", ngx.header["X-Foo"])
    }
}
--- request
GET /t
--- response_headers
X-Foo: bar
--- response_body
bar bar bar

=== TEST 2: content_type
--- config
location = /t {
    content_by_lua_block {
        ngx.header.content_type = "text/html; charset=utf-8"
        ngx.say(ngx.header.content_type)
    }
}
--- request
GET /t
--- response_headers
Content-Type: text/html; charset=utf-8
--- response_body
text/html; charset=utf-8

=== TEST 3: a list makes repeated headers and reads back as a table
--- config
location = /t {
    content_by_lua_block {
        ngx.header["Set-Cookie"] = {"a=1; Path=/", "b=2"}
        local v = ngx.header["Set-Cookie"]
        ngx.say(type(v), " ", #v, " ", v[1], " ", v[2])
    }
}
--- request
GET /t
--- response_headers
Set-Cookie: a=1; Path=/
Set-Cookie: b=2
--- response_body
table 2 a=1; Path=/ b=2

=== TEST 4: nil clears a header
--- config
location = /t {
    content_by_lua_block {
        ngx.header.X_A = "1"
        ngx.header.X_A = nil
        ngx.header.X_B = "2"
        ngx.header.X_B = {}
        ngx.say(ngx.header.X_A, " ", ngx.header.X_B)
    }
}
--- request
GET /t
--- response_headers
!X-A
!X-B
--- response_body
nil nil

=== TEST 5: numbers and booleans become text
--- config
location = /t {
    content_by_lua_block {
        ngx.header.X_Num = 12.5
        ngx.header.X_Bool = true
        ngx.say("ok")
    }
}
--- request
GET /t
--- response_headers
X-Num: 12.5
X-Bool: true

=== TEST 6: an unset header reads as nil
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.header.x_nothing, " ", ngx.header.location)
    }
}
--- request
GET /t
--- response_body
nil nil

=== TEST 7: setting a header after the headers went out
--- config
location = /t {
    content_by_lua_block {
        ngx.say("body")
        ngx.header.X_Late = "1"
        ngx.say("still ", ngx.header.X_Late)
    }
}
--- request
GET /t
--- response_headers
!X-Late
--- response_body
body
still nil
--- error_log
attempt to set ngx.header.HEADER after sending out response headers

=== TEST 8: a function value is written as tostring makes it
--- config
location = /t {
    content_by_lua_block {
        ngx.header.X_F = function() end
        ngx.say((ngx.header.X_F:gsub("0x%x+", "ADDR")))
    }
}
--- request
GET /t
--- response_body
function: ADDR

=== TEST 9: a number key
--- config
location = /t {
    content_by_lua_block {
        local ok, err = pcall(function() ngx.header[1] = "x" end)
        ngx.say(ok, " ", err, " ", ngx.header[1], " ", ngx.header["1"])
    }
}
--- request
GET /t
--- response_headers
1: x
--- response_body
true nil x x

=== TEST 10: a single-value header given a list keeps the last
--- config
location = /t {
    content_by_lua_block {
        ngx.header.content_type = {"text/a", "text/b"}
        ngx.say(ngx.header.content_type)
    }
}
--- request
GET /t
--- response_headers
Content-Type: text/b
--- response_body
text/b

=== TEST 11: Cache-Control with several values
--- config
location = /t {
    content_by_lua_block {
        ngx.header.cache_control = {"no-cache", "no-store"}
        ngx.say("ok")
    }
}
--- request
GET /t
--- response_headers
Cache-Control: no-cache
Cache-Control: no-store

=== TEST 12: header_filter_by_lua may still set headers
--- config
location = /t {
    content_by_lua_block {
        ngx.say("body")
    }
    header_filter_by_lua_block {
        ngx.header.X_Filter = "yes"
        ngx.header.content_length = nil
    }
}
--- request
GET /t
--- response_headers
X-Filter: yes
--- response_body
body

=== TEST 13: ngx.resp.get_headers
--- config
location = /t {
    content_by_lua_block {
        ngx.header.X_One = "1"
        ngx.header.X_Two = {"a", "b"}
        local h = ngx.resp.get_headers()
        ngx.say(h["x-one"], " ", table.concat(h["x-two"], ","), " ", h.x_one)
    }
}
--- request
GET /t
--- response_body
1 a,b 1

=== TEST 14: ngx.resp.get_headers with a bad max
--- config
location = /t {
    content_by_lua_block {
        ngx.resp.get_headers("x")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 15: Server and Date set from Lua replace nginx's
--- config
location = /t {
    content_by_lua_block {
        ngx.header.Server = "mine"
        ngx.say("ok")
    }
}
--- request
GET /t
--- response_headers
Server: mine

=== TEST 16: a status set with ngx.status and a header together
--- config
location = /t {
    content_by_lua_block {
        ngx.status = 201
        ngx.header.Location = "http://example.com/new"
        ngx.say("created")
    }
}
--- request
GET /t
--- error_code: 201
--- response_headers
Location: http://example.com/new

=== TEST 17: ngx.header may be set in set_by_lua
--- config
location = /t {
    set_by_lua_block $x {
        ngx.header.X_Set = "yes"
        return "1"
    }
    return 200 $x;
}
--- request
GET /t
--- response_headers
X-Set: yes
--- response_body_like
^1$

=== TEST 18: headers from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.header["X-Yaml"] = {"1", "2"}
      ngx.header.content_type = "application/json"
      ngx.say("{}")
--- request
GET /t
--- response_headers
X-Yaml: 1
X-Yaml: 2
Content-Type: application/json

=== TEST 19: clearing after setting twice, from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.header.X_A = "1"
      ngx.header.X_A = "2"
      ngx.say(ngx.header.X_A)
--- request
GET /t
--- response_headers
X-A: 2
--- response_body
2

=== TEST 20: an empty value clears a header, as nil does; an empty Content-Type sends none
--- config
location = /t {
    content_by_lua_block {
        ngx.header["X-Kept"] = "yes"
        ngx.header["X-Gone"] = "set first"
        ngx.header["X-Gone"] = ""
        ngx.header["X-Never"] = ""
        ngx.header.content_type = ""
        ngx.say(tostring(ngx.header["X-Gone"]), " ", tostring(ngx.resp.get_headers()["x-never"]))
    }
}
--- request
GET /t
--- response_headers
X-Kept: yes
!X-Gone
!X-Never
!Content-Type
--- response_body
nil nil

=== TEST 21: Server and Date set from Lua replace the ones nginx adds
--- config
location = /t {
    content_by_lua_block { ngx.header.Server = "mine"; ngx.header.Date = "today"; ngx.say("hi") }
}
--- request
GET /t
--- response_headers
Server: mine
Date: today

=== TEST 22: Server and Date cleared from Lua (nil or "") go out not at all
--- config
location = /t {
    content_by_lua_block {
        ngx.header.Server = "x"
        ngx.header.Server = nil
        ngx.header.Date = ""
        ngx.header["X-S"] = tostring(ngx.header.Server)
        local h = ngx.resp.get_headers()
        ngx.header["X-N"] = tostring(h.server) .. " " .. tostring(h.date)
        ngx.say("hi")
    }
}
--- request
GET /t
--- response_headers
!Server
!Date
X-S: nil
X-N: nil nil

=== TEST 23: header_filter_by_lua runs before add_header and expires, as nginx's filters
--- config
location = /t {
    add_header X-Added yes;
    expires 1h;
    header_filter_by_lua_block {
        ngx.header["X-Seen"] = tostring(ngx.header["X-Added"]) .. " " .. tostring(ngx.header["Cache-Control"])
        ngx.header["X-Added"] = "lua"
    }
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-Seen: nil nil
X-Added: lua
X-Added: yes
Cache-Control: max-age=3600
