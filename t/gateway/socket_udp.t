# ngx.socket.udp: setpeername, send, receive, settimeout, close and their
# errors, as lua-nginx-module answers. Exchanges with a real UDP server are
# in t/gateway/test_cosocket.py (a .t block has no UDP backend).

=== TEST 1: a socket with no peer: every operation answers "closed"
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.udp()
        ngx.say(type(sock), " ", type(sock[1]))
        ngx.say(sock:send("x"))
        ngx.say(sock:receive())
        ngx.say(sock:close())
    }
}
--- request
GET /t
--- response_body
table nil
nilclosed
nilclosed
nilclosed
--- error_log
attempt to send data on a closed socket: u:0000000000000000, c:0000000000000000, client: 127.0.0.1
attempt to receive data on a closed socket: u:0000000000000000, c:0000000000000000, client: 127.0.0.1

=== TEST 2: a closed port: the send goes, the receive gets the ICMP error, then times out
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.udp()
        sock:settimeout(100)
        ngx.say(sock:setpeername("127.0.0.1", 1))
        ngx.say(type(sock[1]), " ", sock[2])
        ngx.say(sock:send("hello"))
        ngx.say(sock:receive())
        ngx.say(sock:receive())
        ngx.say(sock:close())
        ngx.say(sock:close())
        ngx.say(sock:send("x"))
    }
}
--- request
GET /t
--- response_body
1
userdata 100
1
nilconnection refused
niltimeout
1
nilclosed
nilclosed
--- error_log
recv() failed (111: Connection refused), client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", host: "localhost"
lua udp socket read timed out, client: 127.0.0.1, server: localhost, request: "GET /t HTTP/1.1", host: "localhost"

=== TEST 3: setpeername's answers: bad ports, hosts and paths
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.udp()
        ngx.say(sock:setpeername("127.0.0.1", 70000))
        ngx.say(sock:setpeername("", 1))
        ngx.say(sock:setpeername("unix:/tmp/no-such-moongate-test.sock"))
        ngx.say(sock:setpeername("127.0.0.1:1"))
        ngx.say(sock:setpeername("[::1]", 1))
        ngx.say(sock:setpeername("127.0.0.1", "1"))
    }
}
--- request
GET /t
--- response_body
nilbad port number: 70000
nilfailed to parse host name "": no host
nilno such file or directory
1
1
1
--- error_log
[crit]
connect() failed (2: No such file or directory)

=== TEST 4: argument checks
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.udp()
        ngx.say(pcall(sock.setpeername, sock))
        ngx.say(pcall(sock.setpeername, sock, "127.0.0.1", 1, 5))
        ngx.say(pcall(sock.setpeername, "x", 1))
        ngx.say(pcall(sock.setpeername, sock, {}, 1))
        ngx.say(pcall(sock.setpeername, sock, "127.0.0.1", "abc"))
        ngx.say(pcall(sock.settimeout, sock))
        ngx.say(pcall(ngx.socket.udp, 1))
        assert(sock:setpeername("127.0.0.1", 1))
        ngx.say(pcall(sock.send, sock))
        ngx.say(pcall(sock.send, sock, {true}))
        ngx.say(pcall(sock.send, sock, {a = 1}))
        ngx.say(pcall(sock.send, sock, print))
        ngx.say(pcall(sock.receive, sock, "x"))
        ngx.say(pcall(sock.receive, sock, 1, 2))
        ngx.say(pcall(sock.close, sock, 1))
    }
}
--- request
GET /t
--- response_body
falsengx.socket.udp setpeername: expecting 2 or 3 arguments (including the object), but seen 1
falsengx.socket.udp setpeername: expecting 2 or 3 arguments (including the object), but seen 4
falsebad argument #1 to '?' (table expected, got string)
falsebad argument #2 to '?' (string expected, got table)
falsebad argument #3 to '?' (number expected, got string)
falsengx.socket settimeout: expecting at least 2 arguments (including the object) but seen 1
falseexpecting zero arguments, but got 1
falseexpecting 2 arguments (including the object), but got 1
falsebad argument #2 to '?' (bad data type boolean found)
falsebad argument #2 to '?' (non-array table found)
falsebad argument #2 to '?' (string, number, boolean, nil, or array table expected, got function)
falsebad argument #2 to '?' (number expected, got string)
falseexpecting 1 or 2 arguments (including the object), but got 3
falseexpecting 1 argument (including the object) but seen 2

=== TEST 5: lua_socket_read_timeout is the default; lua_socket_log_errors off keeps error.log quiet
--- config
lua_socket_read_timeout 100ms;
lua_socket_log_errors off;
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.udp()
        ngx.say(sock:send("x"))
        assert(sock:setpeername("127.0.0.1", 1))
        sock:send("x")
        ngx.say(sock:receive())
        ngx.say(sock:receive())
    }
}
--- request
GET /t
--- response_body
nilclosed
nilconnection refused
niltimeout
--- no_error_log
lua udp socket read timed out
attempt to send data

=== TEST 6: UDP cosockets are made in rewrite, access and content only
--- http_config
init_by_lua_block {
    INIT = select(2, pcall(ngx.socket.udp))
}
--- config
location = /t {
    rewrite_by_lua_block { ngx.ctx.r = type(ngx.socket.udp()) }
    content_by_lua_block {
        ngx.say(INIT)
        ngx.say(ngx.ctx.r)
        ngx.ctx.sock = ngx.socket.udp()
    }
    log_by_lua_block {
        ngx.log(ngx.ERR, "made: ", select(2, pcall(ngx.socket.udp)))
        local sock = ngx.ctx.sock
        ngx.log(ngx.ERR, "peer: ", select(2, pcall(sock.setpeername, sock, "127.0.0.1", 1)))
    }
}
--- request
GET /t
--- response_body
no request found
table
--- error_log
made: API disabled in the context of log_by_lua*
peer: API disabled in the context of log_by_lua*

=== TEST 7: host names go through the system resolver
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.socket.udp()
        ngx.say(sock:setpeername("localhost", 1))
        ngx.say(sock:setpeername("no-such-host.invalid", 53))
    }
}
--- request
GET /t
--- response_body
1
nilno-such-host.invalid could not be resolved (3: Host not found)
--- note
Moongate resolves host names with the system's resolver; nginx needs a
`resolver` directive and answers `no resolver defined to resolve
"localhost"` without one.
