# ngx.shared.DICT (lua_shared_dict): values, flags, expiry, counters, lists,
# keys, capacity and bad use, as OpenResty answers.
#
# Each block runs on both paths: lua_load_resty_core on and off.

=== TEST 1: set and get every value type, with flags
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:set("s", "hello", 0, 7))
        ngx.say(d:set("n", 3.5), " ", d:set("t", true), " ", d:set("f", false), " ", d:set("e", ""))
        ngx.say(d:get("s"))
        ngx.say(d:get("n"), " ", d:get("t"), " ", d:get("f"), " [", d:get("e"), "] ", d:get("nope"))
        ngx.say(select("#", d:get("n")), " ", select("#", d:get("s")), " ", select("#", d:get("nope")))
        ngx.say(d:set(12, "num key"), " ", d:get("12"), " ", d:get(12))
        ngx.say(d:set("s", nil), " ", d:get("s"))
    }
}
--- request
GET /t
--- response_body
truenilfalse
true true true truenilfalse
hello7
3.5 true false [] nil
1 2 1
true num key num key
true nil

=== TEST 2: add, safe_add, replace, delete
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:add("k", 1))
        ngx.say(d:add("k", 2))
        ngx.say(d:safe_add("k", 3))
        ngx.say(d:replace("other", 1))
        ngx.say(d:replace("k", "r"), " ", d:get("k"))
        ngx.say(d:delete("k"), " ", d:get("k"), " ", d:delete("k"))
    }
}
--- request
GET /t
--- response_body
truenilfalse
falseexistsfalse
falseexistsfalse
falsenot foundfalse
true r
true nil truenilfalse

=== TEST 3: incr with and without init, init_ttl, errors
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:incr("c", 1))
        ngx.say(d:incr("c", 1, 10))
        ngx.say(d:incr("c", -2.5))
        ngx.say(d:incr("c", "2"))
        d:set("s", "x")
        ngx.say(d:incr("s", 1))
        ngx.say(d:incr("t", 1, 0, 100), " ", d:ttl("t") > 99)
        ngx.say(pcall(d.incr, d, "c", 1, nil, 5))
        ngx.say(pcall(d.incr, d, "c", "x"))
    }
}
--- request
GET /t
--- response_body_like
^nilnot found
11nilfalse
8.5
10.5
nilnot a number
1 true
false.*must provide "init" when providing "init_ttl"
false.*$

=== TEST 4: expiry: get_stale, flush_expired; flush_all empties the dict
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        -- b first: a set removes items already expired (as nginx's does), and
        -- on a loaded machine a may have expired by then
        d:set("b", 2, 0.5)
        d:set("a", 1, 0.001)
        local t0 = os.clock()
        while os.clock() - t0 < 0.01 do end
        ngx.update_time()
        ngx.say(d:get_stale("a"))
        ngx.say(d:get("a"))
        ngx.say(d:flush_expired(), " ", d:get_stale("a"), " ", d:get("b"))
        d:flush_all()
        ngx.say(d:get_stale("b"), " ", d:get("b"), " ", #d:get_keys(), " ", d:flush_expired())
    }
}
--- request
GET /t
--- response_body
1niltrue
nil
1 nil 2
nil nil 0 0

=== TEST 5: ttl and expire
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        d:set("b", 2, 100)
        d:set("c", 3)
        ngx.say(d:ttl("c"), " ", d:ttl("b") > 99, " ", d:ttl("b") <= 100)
        ngx.say(d:ttl("nope"))
        ngx.say(d:expire("c", 50), " ", d:ttl("c") > 49)
        ngx.say(d:expire("nope", 1))
        ngx.say(d:expire("c", 0), " ", d:ttl("c"))
    }
}
--- request
GET /t
--- response_body
0 true true
nilnot found
true true
nilnot found
true 0

=== TEST 6: lists
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:rpush("l", "a"), " ", d:rpush("l", 2), " ", d:lpush("l", "z"), " ", d:llen("l"))
        ngx.say(d:lpop("l"), " ", d:rpop("l"), " ", d:rpop("l"), " ", d:rpop("l"), " ", d:llen("l"))
        d:set("s", "x")
        ngx.say(d:lpush("s", 1))
        ngx.say(d:llen("s"))
        ngx.say(d:lpop("s"))
        ngx.say(d:rpush("l", true))
        ngx.say(d:get("l"))
    }
}
--- request
GET /t
--- response_body
1 2 3 3
z 2 a nil 0
nilvalue not a list
nilvalue not a list
nilvalue not a list
nilbad value type
nil

=== TEST 7: get_keys, capacity and free_space
--- http_config
lua_shared_dict d 64k;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        for i = 1, 5 do d:set("k" .. i, i) end
        local keys = d:get_keys()
        table.sort(keys)
        ngx.say(table.concat(keys, ","), " ", #d:get_keys(2), " ", #d:get_keys(0))
        ngx.say(d:capacity(), " ", d:free_space() > 0, " ", d:free_space() < d:capacity())
    }
}
--- request
GET /t
--- response_body
k1,k2,k3,k4,k5 2 5
65536 true true

=== TEST 8: bad keys, values and arguments
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        ngx.say(d:set(nil, 1))
        ngx.say(d:set("", 1))
        ngx.say(d:get(nil))
        ngx.say(d:get(""))
        ngx.say(d:set("k", {}))
        ngx.say(d:set(string.rep("k", 65536), 1))
        ngx.say(pcall(d.get, "k"))
        ngx.say(pcall(d.set, d, "k", 1, -1))
        ngx.say(ngx.shared.nope)
    }
}
--- request
GET /t
--- response_body_like
^nilnil key
nilempty key
nilnil key
nilempty key
nilbad value type
nilkey too long
false.*bad "zone" argument
false.*bad "exptime" argument
nil$

=== TEST 9: a full dict evicts the least recently used items; safe_set refuses
--- http_config
lua_shared_dict d 100k;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        local forced = false
        for i = 1, 200 do
            local ok, err, forcible = d:set("k" .. i, string.rep("v", 1000))
            if not ok then ngx.say("failed ", err) end
            forced = forced or forcible
        end
        ngx.say(forced, " ", d:get("k1"), " ", d:get("k200") ~= nil)
        ngx.say(d:safe_set("big", string.rep("x", 30000)))
        ngx.say(d:set("huge", string.rep("x", 200000)))
    }
}
--- request
GET /t
--- response_body
true nil true
falseno memoryfalse
falseno memorytrue

=== TEST 10: values longer than the 4 KB read buffer, read between short ones, and as stale values
--- http_config
lua_shared_dict d 1m;
--- config
location = /t {
    content_by_lua_block {
        local d = ngx.shared.d
        local big = string.rep("0123456789", 1000) .. "end"
        d:set("big", big)
        d:set("small", "s")
        d:set("edge", string.rep("e", 4096))
        local out = {}
        for i = 1, 3 do
            local b = d:get("big")
            out[#out + 1] = #b .. ":" .. tostring(b == big)
            out[#out + 1] = d:get("small")
            out[#out + 1] = #d:get("edge")
        end
        d:set("gone", big, 0.001)
        ngx.sleep(0.01)
        local v, flags, stale = d:get_stale("gone")
        out[#out + 1] = #v .. ":" .. tostring(stale)
        out[#out + 1] = d:get("small")
        ngx.say(table.concat(out, " "))
    }
}
--- request
GET /t
--- response_body
10003:true s 4096 10003:true s 4096 10003:true s 4096 10003:true s
