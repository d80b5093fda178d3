# ngx.req.socket(): the request body read as a cosocket (receive,
# receiveany, receiveuntil, settimeout), as lua-nginx-module answers.
# t/gateway/test_cosocket.py has the blocks where the client sends its
# body slowly, or goes away in the middle of it.

=== TEST 1: reading the body in lines and sizes; its end closes the socket
--- config
location = /t {
    content_by_lua_block {
        local sock, err = ngx.req.socket()
        ngx.say(type(sock), " ", err, " ", type(sock[1]), " ", sock.send, " ", sock.close)
        ngx.say(sock:receive(5))
        ngx.say(sock:receive())
        ngx.say(sock:receive())
        ngx.say(sock:receive())
        ngx.say(sock:receive())
        ngx.say(ngx.req.socket())
        ngx.say(ngx.req.get_body_data())
    }
}
--- request
POST /t
hello world
line2
end
--- response_body
table nil userdata nil nil
hello
 world
line2
nilclosedend
nilclosed
nilrequest body already exists
nil
--- error_log
attempt to receive data on a closed socket

=== TEST 2: no body; a body already read
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.req.socket())
    }
}
location = /read {
    content_by_lua_block {
        ngx.req.read_body()
        ngx.say(ngx.req.socket())
    }
}
--- pipelined_requests
GET /t
POST /read
--- response_body
nilrequest body already exists

=== TEST 3: a discarded body; argument checks
--- config
location = /t {
    content_by_lua_block {
        ngx.req.discard_body()
        ngx.say(ngx.req.socket())
        ngx.say(pcall(ngx.req.socket, 1, 2))
    }
}
--- request
POST /t
abc
--- response_body
nilno body
falseexpecting zero arguments, but got 2

=== TEST 4: chunked bodies are not supported
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.req.socket())
    }
}
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n
--- response_body
nilchunked request bodies not supported yet

=== TEST 5: the request socket works in rewrite, access and content, not in log
--- config
location = /t {
    rewrite_by_lua_block {
        local sock = ngx.req.socket()
        ngx.ctx.first = sock:receive(3)
    }
    access_by_lua_block {
        ngx.ctx.again = select(2, ngx.req.socket())
    }
    content_by_lua_block {
        ngx.say(ngx.ctx.first, " ", ngx.ctx.again)
    }
    log_by_lua_block {
        ngx.log(ngx.ERR, "log: ", select(2, pcall(ngx.req.socket)))
    }
}
--- request
POST /t
abcdef
--- response_body
abc request body already exists
--- error_log
log: API disabled in the context of log_by_lua*

=== TEST 6: receiveuntil, receiveany and the read timeout while the client holds back the rest
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.req.socket()
        sock:settimeout(100)
        local reader = sock:receiveuntil("--b")
        ngx.say(reader())
        ngx.say(sock:receiveany(3))
        ngx.say(sock:receive(100))
        ngx.say(sock:receive("*a"))
    }
}
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 20\r\n\r\nabc--bdefghij
--- response_body
abc
def
niltimeoutghij
niltimeout
--- error_log
lua tcp socket read timed out, client: 127.0.0.1, server: localhost, request: "POST /t HTTP/1.1", host: "localhost"

=== TEST 7: a multipart body, read in chunks up to each boundary
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.req.socket()
        local boundary = sock:receiveuntil("\r\n--xyz")
        local parts = 0
        while true do
            local chunk, err = boundary(4)
            if err then
                ngx.say("error: ", err)
                break
            end
            if not chunk then
                parts = parts + 1
                local rest = sock:receive()
                ngx.say("part ", parts, " ended, then [", rest, "]")
                if rest == "--" then break end
            else
                ngx.say("[", chunk, "]")
            end
        end
    }
}
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 47\r\n\r\nfirst part\r\n--xyz\r\nsecond\r\n--xyz--\r\n
--- response_body
[firs]
[t pa]
[rt]
part 1 ended, then []
[seco]
[nd]
part 2 ended, then [--]

=== TEST 8: Expect: 100-continue is answered when the socket is made
--- config
location = /t {
    content_by_lua_block {
        local sock = ngx.req.socket()
        ngx.say(sock:receive("*a"))
    }
}
--- raw_request
POST /t HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello
--- response_body
hello

=== TEST 9: the raw request socket
--- config
location = /t {
    content_by_lua_block {
        local sock, err = ngx.req.socket(true)
        ngx.say(type(sock), " ", err)
    }
}
--- request
GET /t
--- response_body
nil raw request sockets are not supported
--- note
Moongate has no raw request socket (the client's connection for both
directions, after the request head): ngx.req.socket(true) answers nil and
this error, where nginx returns the socket.
