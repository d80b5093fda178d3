# nginx's geo and split_clients modules: variables from the client's
# address (or any value) by network or range, and from a hash of a key by
# percentages. The tests' client is 127.0.0.1.

=== TEST 1: the most specific network holding the client's address wins, whatever the order
--- http_config
geo $where {
    default        none;
    127.0.0.0/8    loopback;
    127.0.0.1/32   me;
    10.0.0.0/8     private;
}
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.where) } }
--- request
GET /t
--- response_body
me

=== TEST 2: geo on another value; a value that is no address takes the default
--- http_config
geo $arg_ip $net {
    default         outside;
    10.0.0.0/8      ten;
    10.1.0.0/16     ten-one;
    2001:db8::/32   doc6;
}
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.net) } }
--- pipelined_requests
GET /t?ip=10.1.2.3
GET /t?ip=10.9.9.9
GET /t?ip=2001:db8::5
GET /t?ip=bogus
--- response_body
outside

=== TEST 3: IPv6 networks
--- http_config
geo $arg_ip $net {
    default         outside;
    2001:db8::/32   doc6;
}
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.net) } }
--- request
GET /t?ip=2001:db8::5
--- response_body
doc6

=== TEST 4: ranges
--- http_config
geo $arg_ip $band {
    ranges;
    default                  none;
    10.0.0.0-10.0.0.255      low;
    10.0.1.0-10.0.1.255      high;
}
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.band) } }
--- pipelined_requests
GET /t?ip=10.0.0.7
GET /t?ip=10.0.2.1
GET /t?ip=10.0.1.9
--- response_body
high

=== TEST 5: delete takes a network out again; a later duplicate wins
--- http_config
geo $arg_ip $net {
    default        none;
    10.0.0.0/8     ten;
    10.1.0.0/16    one;
    delete         10.1.0.0/16;
    10.2.0.0/16    two;
    10.2.0.0/16    second;
}
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.net) } }
--- pipelined_requests
GET /t?ip=10.1.0.1
GET /t?ip=10.2.0.1
--- response_body
second

=== TEST 6: proxy: behind a trusted proxy the address is X-Forwarded-For's
--- http_config
geo $where {
    default      none;
    proxy        127.0.0.1;
    192.0.2.0/24 doc;
}
--- config
location = /t { content_by_lua_block { ngx.say(ngx.var.where) } }
--- more_headers
X-Forwarded-For: 198.51.100.1, 192.0.2.7
--- request
GET /t
--- response_body
doc

=== TEST 7: a geo variable in a map's source and in an if
--- http_config
geo $blocked { default 0; 127.0.0.1 1; }
--- config
location = /t { if ($blocked) { return 403; } return 200; }
--- request
GET /t
--- error_code: 403

=== TEST 8: an invalid network
--- http_config
geo $g { 10.0.0.0/33 1; }
--- request
GET /t
--- must_die
--- error_log
invalid network "10.0.0.0/33"

=== TEST 9: split_clients: the part MurmurHash2 of the key falls in, as nginx's
--- http_config
split_clients "${arg_user}salt" $variant {
    20%     a;
    30.5%   b;
    *       c;
}
--- config
location = /t { content_by_lua_block {
    local out = {}
    for _, u in ipairs({"1", "2", "3", "4", "5", "6", "7", "8", "alice", "bob"}) do
        local res = ngx.location.capture("/v", { args = { user = u } })
        out[#out + 1] = res.body
    end
    ngx.say(table.concat(out))
} }
location = /v { content_by_lua_block { ngx.print(ngx.var.variant) } }
--- request
GET /t
--- response_body
bccbccbbca

=== TEST 10: percentages over 100
--- http_config
split_clients "$remote_addr" $v { 50% a; 60% b; }
--- request
GET /t
--- must_die
--- error_log
percent total is greater than 100%

=== TEST 11: a percentage nginx does not read
--- http_config
split_clients "$remote_addr" $v { 50x a; }
--- request
GET /t
--- must_die
--- error_log
invalid percent value "50x"
