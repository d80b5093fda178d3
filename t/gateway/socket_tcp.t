# ngx.socket.tcp (cosockets): connect, send, receive and its patterns,
# receiveany, receiveuntil, timeouts, keep-alive pools, errors and the
# phases where cosockets work, as lua-nginx-module answers. The backend of
# most blocks is the gateway itself ($TEST_NGINX_SERVER_PORT), spoken to in
# HTTP/1.0 so that it closes the connection after its answer.
# t/gateway/test_cosocket.py has the blocks that need backends of their own.

=== TEST 1: an HTTP exchange with the server itself
--- config
location = /foo {
    content_by_lua_block { ngx.say("hello") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(type(sock), " ", type(sock[1]))
        local ok, err = sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT)
        ngx.say("connect: ", ok, " ", err, " ", type(sock[1]), " ", sock[3])
        ngx.say("sent: ", sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n"))
        ngx.say("status: ", sock:receive())
        local headers = sock:receiveuntil("\r\n\r\n")
        assert(headers())
        ngx.say("body: ", sock:receive("*a"))
        ngx.say("close: ", sock:close())
        ngx.say("again: ", sock:close())
    }
}
--- request
GET /t
--- response_body
table nil
connect: 1 nil userdata 127.0.0.1:$TEST_NGINX_SERVER_PORT
sent: 38
status: HTTP/1.1 200 OK
body: hello

close: 1
again: nilclosed
--- no_error_log
[error]

=== TEST 2: receive("*l") drops every CR; the end of the stream closes the reading half
--- config
location = /foo {
    content_by_lua_block { ngx.print("a\r\nb\rc\nd\r\r\ne") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        for i = 1, 5 do
            local line, err, partial = sock:receive("*l")
            ngx.say(i, ": [", line, "] ", err, " [", partial, "]")
        end
        ngx.say(sock:receive("*a"))
        ngx.say("send: ", sock:send("x"))
        ngx.say("close: ", sock:close())
    }
}
--- request
GET /t
--- response_body
1: [a] nil [nil]
2: [bc] nil [nil]
3: [d] nil [nil]
4: [nil] closed [e]
5: [nil] closed [nil]
nilclosed
send: 1
close: 1
--- error_log
attempt to receive data on a closed socket: u:

=== TEST 3: receive(size), receive("*a") and what is left at the end
--- config
location = /foo {
    content_by_lua_block { ngx.print(ngx.var.arg_b) }
}
location = /t {
    content_by_lua_block {
        local function body(text)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
            sock:send("GET /foo?b=" .. text .. " HTTP/1.0\r\nHost: localhost\r\n\r\n")
            assert(sock:receiveuntil("\r\n\r\n")())
            return sock
        end
        local sock = body("hello_world")
        ngx.say("[", sock:receive(5), "]")
        ngx.say("[", sock:receive(0), "]")
        ngx.say("[", sock:receive("3"), "]")
        ngx.say("[", sock:receive(2.9), "]")
        ngx.say(sock:receive(10))
        ngx.say(sock:receive(10))
        sock = body("xyz")
        ngx.say("[", sock:receive("*a"), "]")
        ngx.say("[", sock:receive("*a"), "]")
        local line, err, partial = sock:receive()
        ngx.say(line, " ", err, " [", partial, "]")
    }
}
--- request
GET /t
--- response_body
[hello]
[]
[_wo]
[rl]
nilclosedd
nilclosed
[xyz]
[]
nil closed []

=== TEST 4: receive's argument checks
--- config
location = /foo {
    content_by_lua_block { ngx.print("xy") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        for _, p in ipairs({-1, "*", "**x", "*L", "12a"}) do
            ngx.say(pcall(sock.receive, sock, p))
        end
        ngx.say(pcall(sock.receive, sock, {}))
        ngx.say(pcall(sock.receive, sock, nil))
        ngx.say(pcall(sock.receive, sock, "*l", "prefix"))
        ngx.say(pcall(sock.receive))
        ngx.say(pcall(sock.receive, "sock"))
    }
}
--- request
GET /t
--- response_body
falsebad argument #2 to '?' (bad pattern argument)
falsebad argument #2 to '?' (bad pattern argument: *)
falsebad argument #2 to '?' (bad pattern argument: **x)
falsebad argument #2 to '?' (bad pattern argument)
falsebad argument #2 to '?' (bad pattern argument: 12a)
falsebad argument #2 to '?' (bad pattern argument)
falsebad argument #2 to '?' (bad pattern argument)
falseexpecting 1 or 2 arguments (including the object), but got 3
falseexpecting 1 or 2 arguments (including the object), but got 0
falsebad argument #1 to '?' (table expected, got string)

=== TEST 5: receiveany
--- config
location = /foo {
    content_by_lua_block { ngx.print("xyz") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        ngx.say(pcall(sock.receiveany, sock, 0))
        ngx.say(pcall(sock.receiveany, sock, "a"))
        ngx.say(pcall(sock.receiveany, sock))
        sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        ngx.say(sock:receiveany(2))
        ngx.say(sock:receiveany(10))
        ngx.say(sock:receiveany(10))
        ngx.say(sock:receiveany(10))
    }
}
--- request
GET /t
--- response_body
falsebad argument #2 to '?' (bad max argument)
falsebad argument #2 to '?' (bad max argument)
falseexpecting 2 arguments (including the object), but got 1
xy
z
nilclosed
nilclosed

=== TEST 6: receiveuntil, in sized chunks (the README's example) and whole
--- config
location = /foo {
    content_by_lua_block { ngx.print("hello, world! -agentzh\r\n--abcedhb blah blah") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        local reader = sock:receiveuntil("\r\n--abcedhb")
        while true do
            local data, err, partial = reader(4)
            if not data then
                ngx.say("read done: ", err, " ", partial)
                break
            end
            ngx.say("read chunk: [", data, "]")
        end
        ngx.say(reader())
    }
}
--- request
GET /t
--- response_body
read chunk: [hell]
read chunk: [o, w]
read chunk: [orld]
read chunk: [! -a]
read chunk: [gent]
read chunk: [zh]
read done: nil nil
nilclosed blah blah

=== TEST 7: receiveuntil with inclusive; a trailing part of the pattern is not in the partial data
--- config
location = /foo {
    content_by_lua_block { ngx.print(ngx.var.arg_b) }
}
location = /t {
    content_by_lua_block {
        local function body(text)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
            sock:send("GET /foo?b=" .. text .. " HTTP/1.0\r\nHost: localhost\r\n\r\n")
            assert(sock:receiveuntil("\r\n\r\n")())
            return sock
        end
        local sock = body("aaab--abc--ab--abc--X")
        local reader = sock:receiveuntil("--abc", {inclusive = true})
        for i = 1, 4 do
            ngx.say(reader())
        end
        sock = body("12--abc3456--ab")
        reader = sock:receiveuntil("--abc")
        ngx.say(reader())
        ngx.say(reader())
        sock = body("ab")
        reader = sock:receiveuntil("b", {inclusive = true})
        for i = 1, 4 do
            ngx.say(reader(1))
        end
    }
}
--- request
GET /t
--- response_body
aaab--abc
--ab--abc
nilclosed--X
nilclosed
12
nilclosed3456
a
b
nilnilnil
nilclosed

=== TEST 8: receiveuntil's argument checks
--- config
location = /t {
    content_by_lua_block {
        local function show(...)
            local out = {}
            for i = 1, select("#", ...) do
                local v = select(i, ...)
                out[i] = type(v) == "function" and "function" or tostring(v)
            end
            ngx.say(table.concat(out, " "))
        end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        show(pcall(sock.receiveuntil, sock, ""))
        show(pcall(sock.receiveuntil, sock, "a", {inclusive = 1}))
        show(pcall(sock.receiveuntil, sock, "a", 1))
        show(pcall(sock.receiveuntil, sock))
        show(pcall(sock.receiveuntil, sock, 12))
        local reader = sock:receiveuntil("--")
        show(pcall(reader, 1, 2))
        show(pcall(reader, "x"))
    }
}
--- request
GET /t
--- response_body
true nil pattern is empty
false bad "inclusive" option value type: number
false bad argument #3 to '?' (table expected, got number)
false expecting 2 or 3 arguments (including the object), but got 1
true function
false expecting 0 or 1 arguments, but seen 2
false bad argument #1 to '?' (number expected, got string)

=== TEST 9: send: strings, numbers, booleans, nil and nested array tables; returns the bytes sent
--- config
location = /echo {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.print(ngx.req.get_body_data())
    }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        ngx.say(sock:send({"POST /echo HTTP/1.0\r\nHost: localhost\r\nContent-Length: ", 40,
                           "\r\n\r\n"}))
        ngx.say(sock:send({"[", 1, -0, 2.5, {"x", {12345678901234}}, 1e300, "]"}))
        ngx.say(sock:send(true), sock:send(false), sock:send(nil), sock:send(""), sock:send({}))
        assert(sock:receiveuntil("\r\n\r\n")())
        ngx.say(sock:receive("*a"))
    }
}
--- request
GET /t
--- response_body
60
28
45300
[102.5x123456789012341e+300]truefalsenil

=== TEST 10: send's argument checks
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        ngx.say(pcall(sock.send, sock, {a = 1}))
        ngx.say(pcall(sock.send, sock, {{}, print}))
        ngx.say(pcall(sock.send, sock, {true}))
        ngx.say(pcall(sock.send, sock, {ngx.null}))
        ngx.say(pcall(sock.send, sock, print))
        ngx.say(pcall(sock.send, sock, ngx.null))
        ngx.say(pcall(sock.send, sock))
        local ok, err = pcall(function() local n = sock:send({true}) return n end)
        ngx.say(err)
    }
}
--- request
GET /t
--- response_body_like
^falsebad argument #2 to '\?' \(non-array table found\)
falsebad argument #2 to '\?' \(bad data type function found\)
falsebad argument #2 to '\?' \(bad data type boolean found\)
falsebad argument #2 to '\?' \(bad data type userdata found\)
falsebad argument #2 to '\?' \(string, number, boolean, nil, or array table expected, got function\)
falsebad argument #2 to '\?' \(string, number, boolean, nil, or array table expected, got userdata\)
falseexpecting 2 arguments \(including the object\), but got 1
content_by_lua\(nginx.conf:\d+\):\d+: bad argument #1 to 'send' \(bad data type boolean found\)$

=== TEST 11: connect failures return nil and the error
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(sock:connect("127.0.0.1", 1))
        ngx.say(sock:connect("127.0.0.1"))
        ngx.say(sock:connect("127.0.0.1", "80x"))
        ngx.say(sock:connect("127.0.0.1", 70000))
        ngx.say(sock:connect("", 1))
        ngx.say(sock:connect("unix:", 1))
        ngx.say(sock:connect("unix:/tmp/no-such-moongate-test.sock"))
        ngx.say(sock:connect("[::1]", 1))
        ngx.say(ngx.socket.connect("127.0.0.1", 1))
        ngx.say(sock[3])
    }
}
--- request
GET /t
--- response_body
nilconnection refused
nilmissing the port number
nilmissing the port number
nilbad port number: 70000
nilfailed to parse host name "": no host
nilfailed to parse host name "unix:": no path in the unix domain socket
nilno such file or directory
nilconnection refused
nilconnection refused
[::1]:1
--- error_log
connect() failed (111: Connection refused), client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", host: "localhost"
[crit]
connect() to unix:/tmp/no-such-moongate-test.sock failed (2: No such file or directory)

=== TEST 12: connect's argument checks
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(pcall(sock.connect, sock))
        ngx.say(pcall(sock.connect))
        ngx.say(pcall(sock.connect, "x", "y"))
        ngx.say(pcall(sock.connect, sock, {}, 1))
        ngx.say(pcall(sock.connect, sock, "127.0.0.1", 1, {pool = {}}))
        ngx.say(pcall(sock.connect, sock, "127.0.0.1", 1, {pool_size = 0}))
        ngx.say(pcall(sock.connect, sock, "127.0.0.1", 1, {pool_size = "a"}))
        ngx.say(pcall(sock.connect, sock, "127.0.0.1", 1, {backlog = -1}))
        ngx.say(pcall(ngx.socket.tcp, 1))
    }
}
--- request
GET /t
--- response_body
falsengx.socket connect: expecting 2, 3, or 4 arguments (including the object), but seen 1
falsengx.socket connect: expecting 2, 3, or 4 arguments (including the object), but seen 0
falsebad argument #1 to '?' (table expected, got string)
falsebad argument #2 to '?' (string expected, got table)
falsebad argument #4 to '?' (bad "pool" option type: table)
falsebad argument #4 to '?' (bad "pool_size" option value: 0)
falsebad argument #4 to '?' (bad "pool_size" option type: string)
falsebad argument #4 to '?' (bad "backlog" option value: -1)
falseexpecting zero arguments, but got 1

=== TEST 13: every operation on a socket never connected, or closed, answers "closed"
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(sock:send("x"))
        ngx.say(sock:receive())
        ngx.say(sock:receiveany(1))
        ngx.say(sock:receiveuntil("x")())
        ngx.say(sock:close())
        ngx.say(sock:setkeepalive())
        ngx.say(sock:getreusedtimes())
        ngx.say(pcall(sock.getoption, sock, "keepalive"))
        ngx.say(pcall(sock.sslhandshake, sock))
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        assert(sock:close())
        ngx.say(sock:send("x"))
        ngx.say(sock:getoption("keepalive"))
        ngx.say(sock:setoption("keepalive", 1))
        ngx.say(sock:sslhandshake())
    }
}
--- request
GET /t
--- response_body_like
^nilclosed
nilclosed
nilclosed
nilclosed
nilclosed
nilclosed
nilclosed
false.*socket is never created nor connected
false.*socket is never created nor connected
nilclosed
nilclosed
nilclosed
nilclosed$
--- error_log
attempt to send data on a closed socket: u:0000000000000000, c:0000000000000000, ft:0 eof:0
attempt to receive data on a closed socket: u:0000000000000000, c:0000000000000000, ft:0 eof:0

=== TEST 14: settimeout and settimeouts store their values in the object; bad values
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        ngx.say(select("#", sock:settimeouts(1, 2, 3)))
        ngx.say(sock[2], " ", sock[4], " ", sock[5])
        ngx.say(select("#", sock:settimeout(7)))
        ngx.say(sock[2], " ", sock[4], " ", sock[5])
        ngx.say(pcall(sock.settimeout, sock))
        ngx.say(pcall(sock.settimeout, sock, 2^31))
        ngx.say(pcall(sock.settimeout, sock, -1))
        ngx.say(pcall(sock.settimeouts, sock, 1, 2))
    }
}
--- request
GET /t
--- response_body
0
1 2 3
0
7 7 7
falsengx.socket settimeout: expecting 2 arguments (including the object) but seen 1
falsebad timeout value
falsebad timeout value
falsengx.socket settimeout: expecting 4 arguments (including the object) but seen 3

=== TEST 15: a read timeout returns "timeout" with the partial data and leaves the socket usable
--- config
location = /slow {
    content_by_lua_block {
        ngx.print("partial")
        ngx.flush(true)
        ngx.req.read_body()
        ngx.print(" rest")
    }
}
location = /t {
    content_by_lua_block {
        local function show(...)
            local out = {}
            for i = 1, select("#", ...) do
                out[i] = tostring(select(i, ...)):gsub("\r", "\\r"):gsub("\n", "\\n")
            end
            ngx.say(table.concat(out, " "))
        end
        local sock = ngx.socket.tcp()
        sock:settimeout(200)
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        sock:send("POST /slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  .. "Content-Length: 4\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        show(sock:receive())
        show(sock:receive(4))
        show(sock:receive(10))
        show(sock:receive("*a"))
        show(sock:send("body"))
        show(sock:receive("*a"))
    }
}
--- request
GET /t
--- response_body
7
part
nil timeout ial\r\n
nil timeout 
4
5\r\n rest\r\n0\r\n\r\n
--- error_log
lua tcp socket read timed out, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", host: "localhost"

=== TEST 16: lua_socket_read_timeout is the default read timeout; lua_socket_log_errors off silences the socket errors
--- config
lua_socket_read_timeout 100ms;
lua_socket_log_errors off;
location = /slow {
    content_by_lua_block { ngx.req.read_body() }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        sock:send("POST /slow HTTP/1.0\r\nHost: localhost\r\nContent-Length: 4\r\n\r\n")
        ngx.say(sock:receive())
        ngx.say(sock:connect("127.0.0.1", 1))
        ngx.say(sock:send("x"))
    }
}
--- request
GET /t
--- response_body
niltimeout
nilconnection refused
nilclosed
--- no_error_log
[error]

=== TEST 17: setkeepalive puts the connection in the pool; the next connect reuses it
--- config
location = /foo {
    content_by_lua_block { ngx.header["Content-Length"] = 2 ngx.print("ok") }
}
location = /t {
    content_by_lua_block {
        local function get(sock)
            sock:send("GET /foo HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert(sock:receiveuntil("\r\n\r\n")())
            return sock:receive(2)
        end
        for i = 1, 3 do
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
            ngx.say(sock:getreusedtimes(), " ", get(sock), " ", sock:setkeepalive())
            ngx.say(sock:getreusedtimes(), " ", sock:setkeepalive())
        end
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT, {pool = "other"}))
        ngx.say(sock[3], " ", sock:getreusedtimes())
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        ngx.say(sock[3] == "127.0.0.1:$TEST_NGINX_SERVER_PORT", " ", sock:getreusedtimes())
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT, {pool = 12}))
        ngx.say(sock[3], " ", sock:getreusedtimes())
    }
}
--- request
GET /t
--- response_body
0 ok 1
nil nilclosed
1 ok 1
nil nilclosed
2 ok 1
nil nilclosed
other 0
true 3
12 0

=== TEST 18: a full pool gives its oldest connection up; pool sizes and timeouts
--- config
location = /foo {
    content_by_lua_block { ngx.header["Content-Length"] = 2 ngx.print("ok") }
}
location = /t {
    content_by_lua_block {
        local function get(pool)
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT, {pool = pool}))
            sock:send("GET /foo HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert(sock:receiveuntil("\r\n\r\n")())
            assert(sock:receive(2))
            return sock
        end
        local a, b = get("p"), get("p")
        ngx.say(a:setkeepalive(10000, 1), " ", b:setkeepalive(10000, 1))
        local c = get("p")
        ngx.say(c:getreusedtimes(), " ", get("p"):getreusedtimes())
        ngx.say(pcall(c.setkeepalive, c, 1000, 1, 3))
        local d = get("q")
        ngx.say(pcall(d.setkeepalive, d, 1000, 0))
        ngx.say(pcall(d.setkeepalive, d, 1000, -1))
        ngx.say(d:setkeepalive(-1))
        ngx.say(get("q"):getreusedtimes())
    }
}
--- request
GET /t
--- response_body
1 1
1 0
falseexpecting 1 to 3 arguments (including the object), but got 4
falsebad argument #3 to '?' (bad "pool_size" option value: 0)
falsebad argument #3 to '?' (bad "pool_size" option value: -1)
1
1

=== TEST 19: setkeepalive refuses a connection with unread data, or one the peer closed
--- config
location = /foo {
    content_by_lua_block { ngx.header["Content-Length"] = 2 ngx.print("ok") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        sock:send("GET /foo HTTP/1.1\r\nHost: localhost\r\n\r\n")
        ngx.say(sock:receive())
        ngx.say(sock:setkeepalive())
        sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
        ngx.say(#sock:receive("*a") > 0)
        ngx.say(sock:setkeepalive())
    }
}
--- request
GET /t
--- response_body
HTTP/1.1 200 OK
nilunread data in buffer
true
nilclosed

=== TEST 20: a pool with a backlog refuses connect operations beyond it, or makes them wait
--- config
location = /t {
    content_by_lua_block {
        local port = $TEST_NGINX_SERVER_PORT
        local a, b = ngx.socket.tcp(), ngx.socket.tcp()
        ngx.say(a:connect("127.0.0.1", port, {pool = "p", pool_size = 1, backlog = 0}))
        ngx.say(b:connect("127.0.0.1", port, {pool = "p"}))
        a:close()
        ngx.say(a:connect("127.0.0.1", port, {pool = "q", pool_size = 1, backlog = 1}))
        b:settimeout(100)
        ngx.say(b:connect("127.0.0.1", port, {pool = "q"}))
        ngx.say(a:setkeepalive())
        ngx.say(b:connect("127.0.0.1", port, {pool = "q"}))
        ngx.say(b:getreusedtimes())
    }
}
--- request
GET /t
--- response_body
1
niltoo many waiting connect operations
1
niltimeout
1
1
1
--- error_log
lua tcp socket queued connect timed out, when trying to connect to 127.0.0.1:

=== TEST 21: cosockets are made in rewrite, access and content; not in set, header_filter or log
--- config
location = /t {
    set_by_lua_block $x { local ok, err = pcall(ngx.socket.tcp) return tostring(err) }
    rewrite_by_lua_block { ngx.ctx.r = type(ngx.socket.tcp()) }
    access_by_lua_block { ngx.ctx.a = type(ngx.socket.stream()) }
    content_by_lua_block {
        ngx.say(ngx.var.x)
        ngx.say(ngx.ctx.r, " ", ngx.ctx.a)
        ngx.ctx.sock = ngx.socket.tcp()
    }
    header_filter_by_lua_block {
        local ok, err = pcall(ngx.socket.tcp)
        ngx.header["X-Err"] = err
    }
    log_by_lua_block {
        ngx.log(ngx.ERR, "made: ", select(2, pcall(ngx.socket.tcp)))
        ngx.log(ngx.ERR, "connect: ", select(2, pcall(ngx.socket.connect, "127.0.0.1", 1)))
        local sock = ngx.ctx.sock
        ngx.log(ngx.ERR, "method: ", select(2, pcall(sock.connect, sock, "127.0.0.1", 1)))
    }
}
--- request
GET /t
--- response_body
API disabled in the context of set_by_lua*
table table
--- response_headers
X-Err: API disabled in the context of header_filter_by_lua*
--- error_log
made: API disabled in the context of log_by_lua*
connect: ngx.socket.connect:1: API disabled in the context of log_by_lua*
method: API disabled in the context of log_by_lua*

=== TEST 22: init_by_lua has no request; init_worker_by_lua has no cosockets
--- http_config
init_by_lua_block {
    INIT = select(2, pcall(ngx.socket.tcp))
}
init_worker_by_lua_block {
    INIT_WORKER = select(2, pcall(ngx.socket.tcp))
}
--- config
location = /t {
    content_by_lua_block {
        ngx.say(INIT)
        ngx.say(INIT_WORKER)
    }
}
--- request
GET /t
--- response_body
no request found
API disabled in the context of init_worker_by_lua*

=== TEST 23: ngx.socket.connect makes and connects a socket at once
--- config
location = /foo {
    content_by_lua_block { ngx.print("via connect") }
}
location = /t {
    content_by_lua_block {
        local sock, err = ngx.socket.connect("127.0.0.1", $TEST_NGINX_SERVER_PORT)
        ngx.say(type(sock), " ", err)
        sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        ngx.say(sock:receive("*a"))
    }
}
--- request
GET /t
--- response_body
table nil
via connect

=== TEST 24: host names go through the system resolver
--- config
location = /foo {
    content_by_lua_block { ngx.print("resolved") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        local ok, err = sock:connect("localhost", $TEST_NGINX_SERVER_PORT)
        if not ok then
            ngx.say(err)
            return
        end
        sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        ngx.say(sock:receive("*a"))
        ngx.say(sock:connect("no-such-host.invalid", 80))
    }
}
--- request
GET /t
--- response_body
resolved
nilno-such-host.invalid could not be resolved (3: Host not found)
--- note
Moongate resolves host names with the system's resolver (getaddrinfo, in
the loop's thread pool), preferring IPv4 addresses; nginx needs a
`resolver` directive and answers `no resolver defined to resolve
"localhost"` without one.

=== TEST 25: light threads share a socket: a second reader is told it is busy; killing a waiting reader closes the socket
--- config
location = /slow {
    content_by_lua_block { ngx.print("a") ngx.flush(true) ngx.sleep(0.2) ngx.print("b\n") }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        sock:send("GET /slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        assert(sock:receiveuntil("\r\n\r\n")())
        local reader = ngx.thread.spawn(function() return sock:receive(100) end)
        ngx.say(sock:receive())
        ngx.say(sock:close())
        ngx.say(sock:send("x"))
        ngx.say(ngx.thread.kill(reader))
        ngx.say(sock:receive())
        ngx.say(sock:close())
    }
}
--- request
GET /t
--- response_body
nilsocket busy reading
nilsocket busy reading
1
1
nilclosed
nilclosed

=== TEST 26: cosockets work in ngx.timer callbacks
--- http_config
lua_shared_dict d 1m;
--- config
location = /foo {
    content_by_lua_block { ngx.print("from timer") }
}
location = /t {
    content_by_lua_block {
        ngx.timer.at(0, function()
            local sock = ngx.socket.tcp()
            assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
            sock:send("GET /foo HTTP/1.0\r\nHost: localhost\r\n\r\n")
            assert(sock:receiveuntil("\r\n\r\n")())
            ngx.shared.d:set("body", sock:receive("*a"))
            ngx.log(ngx.ERR, "then: ", select(2, sock:receive()))
        end)
        for i = 1, 200 do
            if ngx.shared.d:get("body") then break end
            ngx.sleep(0.01)
        end
        ngx.say(ngx.shared.d:get("body"))
    }
}
--- request
GET /t
--- response_body
from timer
--- error_log
then: closed, context: ngx.timer

=== TEST 27: a socket kept in a global past its request is closed when the request ends
--- config
location = /echo {
    content_by_lua_block {
        local sock = assert(ngx.req.socket())
        local line = sock:receive()
        ngx.say("got ", line)
    }
}
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.tcp()
        assert(sock:connect("127.0.0.1", $TEST_NGINX_SERVER_PORT))
        package.loaded.kept = sock
        ngx.say("kept")
    }
}
location = /later {
    content_by_lua_block {
        ngx.say(package.loaded.kept:send("x"))
    }
}
--- pipelined_requests
GET /t
GET /later
--- response_body
nilclosed
