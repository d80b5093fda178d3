# ngx.timer (at, every, running_count, pending_count): callbacks on their
# own threads, their limits and errors, as lua-nginx-module runs them.

=== TEST 1: ngx.timer.at runs the callback later with premature and its arguments
--- config
location = /t {
    content_by_lua_block {
        local got = {}
        local function cb(premature, a, b)
            got[#got + 1] = tostring(premature) .. " " .. a .. " " .. tostring(b)
            got[#got + 1] = ngx.get_phase()
        end
        ngx.say(ngx.timer.at(0, cb, "x", 2))
        ngx.say(ngx.timer.pending_count(), " ", ngx.timer.running_count(), " ", #got)
        ngx.sleep(0.01)
        ngx.say(table.concat(got, ", "))
        ngx.say(ngx.timer.pending_count(), " ", ngx.timer.running_count())
    }
}
--- request
GET /t
--- response_body
1
1 0 0
false x 2, timer
0 0

=== TEST 2: a timer that sleeps and spawns light threads
--- config
location = /t {
    content_by_lua_block {
        local got = {}
        ngx.timer.at(0, function()
            local t = ngx.thread.spawn(function()
                ngx.sleep(0.01)
                return "thread"
            end)
            got[1] = ngx.timer.running_count()
            local ok, r = ngx.thread.wait(t)
            got[2] = r
        end)
        ngx.sleep(0.05)
        ngx.say(got[1], " ", got[2], " ", ngx.timer.running_count())
    }
}
--- request
GET /t
--- response_body
1 thread 0

=== TEST 3: ngx.timer.every runs again and again
--- config
location = /t {
    content_by_lua_block {
        local n = 0
        ngx.say(ngx.timer.every(0.01, function(premature) n = n + 1 end))
        ngx.sleep(0.1)
        ngx.say(n >= 3, " ", ngx.timer.pending_count())
    }
}
--- request
GET /t
--- response_body
1
true 1

=== TEST 4: bad arguments
--- config
location = /t {
    content_by_lua_block {
        local f = function() end
        ngx.say(pcall(ngx.timer.at, 0))
        ngx.say(pcall(ngx.timer.at, "x", f))
        ngx.say(pcall(ngx.timer.at, 0, "f"))
        ngx.say(pcall(ngx.timer.every, 0, f))
        ngx.say(pcall(ngx.timer.every, 0.0001, f))
    }
}
--- request
GET /t
--- response_body
falseexpecting at least 2 arguments but got 1
falsebad argument #1 to '?' (number expected, got string)
falsebad argument #2 to '?' (Lua function expected)
falsedelay cannot be zero
falsedelay cannot be zero

=== TEST 5: an error in a callback is logged with the timer's context
--- config
location = /t {
    content_by_lua_block {
        ngx.timer.at(0, function()
            ngx.log(ngx.WARN, "in timer")
            error("boom")
        end)
        ngx.sleep(0.02)
        ngx.say("ok")
    }
}
--- request
GET /t
--- response_body
ok
--- error_log
in timer, context: ngx.timer
lua entry thread aborted: runtime error: content_by_lua(nginx.conf:18):4: boom

=== TEST 6: output APIs are disabled in timers
--- config
location = /t {
    content_by_lua_block {
        local got
        ngx.timer.at(0, function()
            got = select(2, pcall(ngx.say, "x"))
        end)
        ngx.sleep(0.01)
        ngx.say(got)
    }
}
--- request
GET /t
--- response_body
API disabled in the context of ngx.timer

=== TEST 7: lua_max_pending_timers
--- http_config
lua_max_pending_timers 2;
--- config
location = /t {
    content_by_lua_block {
        local f = function() end
        ngx.say(ngx.timer.at(0.01, f))
        ngx.say(ngx.timer.at(0.01, f))
        ngx.say(ngx.timer.at(0.01, f))
        ngx.sleep(0.03)
        ngx.say(ngx.timer.at(0.01, f))
    }
}
--- request
GET /t
--- response_body
1
1
niltoo many pending timers
1

=== TEST 8: lua_max_running_timers
--- http_config
lua_max_running_timers 1;
--- config
location = /t {
    content_by_lua_block {
        local function f() ngx.sleep(0.02) end
        ngx.timer.at(0, f)
        ngx.timer.at(0, f)
        ngx.sleep(0.05)
        ngx.say("ok")
    }
}
--- request
GET /t
--- response_body
ok
--- error_log
[alert]
lua failed to run timer with function defined at =content_by_lua(nginx.conf:18):2: 1 lua_max_running_timers are not enough

=== TEST 9: a timer from init_worker_by_lua
--- http_config
lua_shared_dict d 1m;
init_worker_by_lua_block {
    local ok, err = ngx.timer.at(0, function(premature)
        ngx.shared.d:set("ran", ngx.get_phase() .. " " .. tostring(premature))
    end)
    if not ok then ngx.log(ngx.ERR, err) end
}
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.shared.d:get("ran"))
    }
}
--- request
GET /t
--- response_body
timer false

=== TEST 10: ngx.timer.at in init_by_lua
--- http_config
init_by_lua_block {
    local ok, err = pcall(ngx.timer.at, 0, function() end)
    package.loaded.init_result = tostring(ok) .. " " .. tostring(err)
}
--- config
location = /t {
    content_by_lua_block {
        ngx.say(package.loaded.init_result)
    }
}
--- request
GET /t
--- response_body
false no request

=== TEST 11: ngx.now moves across ngx.sleep (the clock is read again in the turn the sleep ends)
--- config
location = /t { content_by_lua_block { local t0 = ngx.now(); ngx.sleep(0.2); ngx.say(ngx.now() - t0 >= 0.19) } }
--- request
GET /t
--- response_body
true

=== TEST 12: a timer's ngx.now is the time it fired at
--- config
location = /t { content_by_lua_block {
    local t0 = ngx.now()
    local got
    ngx.timer.at(0.2, function() got = ngx.now() end)
    ngx.sleep(0.3)
    ngx.say(got - t0 >= 0.19)
} }
--- request
GET /t
--- response_body
true
