# headers-more (bundled with OpenResty): more_set_headers, more_clear_headers,
# more_set_input_headers, more_clear_input_headers.

=== TEST 1: more_set_headers replaces Server and adds headers; more_clear_headers takes Date and a wildcard's headers
--- config
location = /t {
    more_set_headers 'Server: my' 'X-A: 1';
    more_clear_headers 'X-Hidden-*' Date;
    content_by_lua_block {
        ngx.header["X-Hidden-A"] = "1"
        ngx.header["X-Hidden-B"] = "2"
        ngx.header["X-Hidden"] = "3"
        ngx.say("hi")
    }
}
--- request
GET /t
--- response_headers
Server: my
X-A: 1
X-Hidden: 3
!X-Hidden-A
!X-Hidden-B
!Date
--- response_body
hi

=== TEST 2: -s takes status lists, merged over several options; any status, not only add_header's
--- config
location = /t {
    more_set_headers -s 404 -s '500 503' 'X-S: yes';
    more_set_headers -s '200' 'X-T: two';
    return 404;
}
--- request
GET /t
--- error_code: 404
--- response_headers
X-S: yes
!X-T

=== TEST 3: -t matches the response's type without its parameters, case and all; a `;` parts types too
--- config
location = /t {
    more_set_headers -t 'text/html' 'X-H: html';
    more_set_headers -t 'text/plain text/css' 'X-P: plain';
    more_set_headers -t 'TEXT/HTML' 'X-U: upper';
    more_set_headers -t 'text/html;charset=utf-8' 'X-C: parted';
    more_set_headers -t 'text/htm' 'X-S: shorter';
    content_by_lua_block {
        ngx.header.content_type = "text/html; charset=utf-8"
        ngx.say("hi")
    }
}
--- request
GET /t
--- response_headers
X-H: html
X-C: parted
!X-P
!X-U
!X-S

=== TEST 4: -t against the default type
--- config
location = /t {
    default_type text/css;
    more_set_headers -t 'text/plain text/css' 'X-P: listed';
    return 200 "x\n";
}
--- request
GET /t
--- response_headers
X-P: listed

=== TEST 5: directives of the http and server levels run before the location's
--- http_config
more_set_headers 'X-Http: h';
--- config
more_set_headers 'X-S: s' 'X-B: server';
location = /t {
    more_set_headers 'X-B: loc' 'X-L: l';
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-Http: h
X-S: s
X-B: loc
X-L: l

=== TEST 6: more_set_headers runs before header_filter_by_lua
--- config
location = /t {
    more_set_headers 'X-A: more' 'X-B: more';
    header_filter_by_lua_block {
        ngx.header["X-Seen"] = ngx.header["X-A"] or "none"
        ngx.header["X-B"] = "lua"
    }
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-A: more
X-B: lua
X-Seen: more

=== TEST 7: add_header adds after more_clear_headers ran
--- config
location = /t {
    more_clear_headers 'X-D';
    add_header X-D add;
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-D: add

=== TEST 8: values with variables; an empty value or a name alone clears
--- config
location = /t {
    set $v dog;
    more_set_headers 'X-V: $v $uri' 'X-Empty:' 'X-E2' 'X-E3:   ' 'X-N :v';
    content_by_lua_block {
        ngx.header["X-Empty"] = "a"
        ngx.header["X-E2"] = "b"
        ngx.header["X-E3"] = "c"
        ngx.say("hi")
    }
}
--- request
GET /t
--- response_headers
X-V: dog /t
X-N: v
!X-Empty
!X-E2
!X-E3

=== TEST 9: a wildcard with a value and nothing to match sets that very name
--- config
location = /t {
    more_set_headers 'X-W*: w';
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-W*: w

=== TEST 10: a wildcard with a value: the first match takes it, the others go
--- config
location = /t {
    more_set_headers 'X-W-*: w';
    content_by_lua_block {
        ngx.header["X-W-A"] = "1"
        ngx.header["X-W-B"] = "2"
        ngx.say("hi")
    }
}
--- request
GET /t
--- response_headers
X-W-A: w
!X-W-B

=== TEST 11: a header set from Lua as a list becomes one value
--- config
location = /t {
    more_set_headers 'Set-Cookie: c=3' 'X-Case: upper';
    content_by_lua_block {
        ngx.header["Set-Cookie"] = {"a=1", "b=2"}
        ngx.header["x-case"] = "lower"
        ngx.say("hi")
    }
}
--- request
GET /t
--- response_headers
Set-Cookie: c=3
X-Case: upper

=== TEST 12: cleared Content-Type and Content-Length: no type, and the body goes chunked
--- config
location = /t {
    more_clear_headers Content-Type Content-Length;
    return 200 "x\n";
}
--- request
GET /t
--- response_headers
!Content-Type
!Content-Length
Transfer-Encoding: chunked
--- response_body
x

=== TEST 13: a Content-Type set is the one later -t options see
--- config
location = /t {
    more_set_headers 'Content-Type: text/css; charset=utf-8';
    more_set_headers -t 'text/css' 'X-G: css';
    return 200 "x\n";
}
--- request
GET /t
--- response_headers
Content-Type: text/css; charset=utf-8
X-G: css

=== TEST 14: in a location if, after the location's own
--- config
location = /t {
    more_set_headers 'X-Out: out';
    if ($arg_a) { more_set_headers 'X-In: in'; }
    return 200 "ok\n";
}
--- request
GET /t?a=1
--- response_headers
X-Out: out
X-In: in

=== TEST 15: a Lua error's 500 gets the headers too
--- config
location = /t {
    more_set_headers 'X-Any: any';
    content_by_lua_block { error("boom") }
}
--- request
GET /t
--- error_code: 500
--- response_headers
X-Any: any
--- error_log
boom

=== TEST 16: a Location path is made absolute, as nginx's own
--- config
location = /t {
    port_in_redirect off;
    more_set_headers 'Location: /x' 'Last-Modified: never';
    return 302 /y;
}
--- request
GET /t
--- error_code: 302
--- response_headers
Location: http://localhost/x
Last-Modified: never

=== TEST 17: more_clear_headers Server: header_filter_by_lua reads nil, and no Server goes out
--- config
location = /t {
    more_clear_headers Server;
    more_set_headers 'X-A: 1';
    header_filter_by_lua_block { ngx.header["X-Got"] = tostring(ngx.header.Server) .. " " .. ngx.header["X-A"] }
    content_by_lua_block { ngx.say("hi") }
}
--- request
GET /t
--- response_headers
X-Got: nil 1
!Server

=== TEST 18: options with no header do nothing
--- config
location = /t {
    more_set_headers -s 404;
    more_set_headers 'X-Empty-Opt: 1' -s '' -t '';
    return 200 "ok\n";
}
--- request
GET /t
--- response_headers
X-Empty-Opt: 1

=== TEST 19: more_set_input_headers: Host changes $host and $http_host; any header, with variables
--- config
location = /t {
    more_set_input_headers 'Host: Foo.Example:8080' 'X-In: $uri' 'User-Agent: faked';
    content_by_lua_block {
        ngx.say(ngx.var.host, " ", ngx.var.http_host, " ", ngx.var.http_x_in, " ",
                ngx.req.get_headers()["x-in"], " ", ngx.var.http_user_agent)
    }
}
--- request
GET /t
--- response_body
foo.example Foo.Example:8080 /t /t faked

=== TEST 20: -r sets only headers that are there; more_clear_input_headers with a wildcard
--- config
location = /t {
    more_set_input_headers -r 'X-R: new' 'X-Absent: new';
    more_clear_input_headers 'X-Hidden-*' 'User-Agent';
    content_by_lua_block {
        local keys = {}
        for k, v in pairs(ngx.req.get_headers()) do keys[#keys + 1] = k .. "=" .. tostring(v) end
        table.sort(keys)
        ngx.say(table.concat(keys, " "))
    }
}
--- request
GET /t
--- more_headers
X-R: old
X-Hidden-A: 1
X-Hidden: 2
User-Agent: ua
--- response_body
connection=close host=localhost x-hidden=2 x-r=new

=== TEST 21: input headers are set after the rewrite directives, before rewrite_by_lua
--- config
location = /t {
    set $x before;
    rewrite_by_lua_block { ngx.req.set_header("X-O", "lua"); ngx.req.set_header("X-P", "lua") }
    more_set_input_headers 'X-O: more' 'X-Q: $x';
    set $x after;
    content_by_lua_block { ngx.say(ngx.var.http_x_o, " ", ngx.var.http_x_p, " ", ngx.var.http_x_q) }
}
--- request
GET /t
--- response_body
lua lua after

=== TEST 22: repeated request headers become one; a new Content-Type is $content_type
--- config
location = /t {
    more_set_input_headers 'X-M: new' 'Content-Type: text/x';
    content_by_lua_block {
        local h = ngx.req.get_headers()
        ngx.say(tostring(h["x-m"]), " ", ngx.var.content_type, " ", ngx.var.http_x_m)
    }
}
--- request
POST /t
b
--- more_headers
X-M: 1
X-M: 2
Content-Type: text/plain
--- response_body
new text/x new

=== TEST 23: input -t compares the request's whole Content-Type
--- config
location = /t {
    more_set_input_headers -t 'text/plain' 'X-T: plain';
    more_clear_input_headers -t 'application/json' 'X-J';
    more_set_input_headers -t 'text/plain;charset=utf-8' 'X-W: parted';
    content_by_lua_block { ngx.say(ngx.var.http_x_t, " ", ngx.var.http_x_j, " ", ngx.var.http_x_w) }
}
--- request
POST /t
x
--- more_headers
Content-Type: text/plain;charset=utf-8
X-J: j
--- response_body
nil j nil

=== TEST 24: input -t with the request's exact type
--- config
location = /t {
    more_set_input_headers -t 'text/plain' 'X-T: plain';
    more_set_input_headers -t 'application/json;text/plain' 'X-W: parted';
    more_set_input_headers -t 'Text/Plain' 'X-U: case';
    content_by_lua_block { ngx.say(ngx.var.http_x_t, " ", ngx.var.http_x_w, " ", ngx.var.http_x_u) }
}
--- request
POST /t
x
--- more_headers
Content-Type: text/plain
--- response_body
plain parted nil

=== TEST 25: raw_header keeps the request as received
--- config
location = /t {
    more_set_input_headers 'X-A: new';
    content_by_lua_block { ngx.print(ngx.req.raw_header(true)) }
}
--- request
GET /t
--- more_headers
X-A: old
--- response_body_like
.*X-A: old.*

=== TEST 26: an input Host nginx would not take ends the connection unanswered
--- config
location = /t {
    more_set_input_headers 'Host: a/b';
    content_by_lua_block { ngx.say(ngx.var.host) }
}
--- request
GET /t
--- no_response

=== TEST 27: no argument
--- config
location = /t { more_set_headers; }
--- must_die
--- error_log
invalid number of arguments in "more_set_headers" directive

=== TEST 28: a status that is not a number
--- config
location = /t { more_set_headers -s abc 'X: y'; }
--- must_die
--- error_log
more_set_headers: invalid digit "a" found in the status code list "abc"

=== TEST 29: an unknown option
--- config
location = /t { more_set_headers -z 'X: y'; }
--- must_die
--- error_log
more_set_headers: invalid option name: "-z"

=== TEST 30: -s is not an option of the input directives, nor -r of the output ones
--- config
location = /t { more_set_input_headers -s 404 'X: y'; more_clear_headers -r X; }
--- must_die
--- error_log
more_set_input_headers: invalid option name: "-s"

=== TEST 31: -t with nothing after it
--- config
location = /t { more_clear_input_headers X -t; }
--- must_die
--- error_log
more_clear_input_headers: option -t takes an argument.

=== TEST 32: not in a server's if
--- config
if ($args) { more_set_headers 'X: y'; }
location = /t { return 200; }
--- must_die
--- error_log
"more_set_headers" directive is not allowed here

=== TEST 33: an unknown variable in a value
--- config
location = /t { more_set_headers 'X: $nosuchvar'; return 200; }
--- must_die
--- error_log
unknown "nosuchvar" variable

=== TEST 34: from YAML
--- yaml_config
location:
  = /t:
    more_set_headers: "'Server: yaml' 'X-Y: $uri'"
    more_clear_headers: Date
    return: 200 "ok\n"
--- request
GET /t
--- response_headers
Server: yaml
X-Y: /t
!Date
--- response_body
ok
