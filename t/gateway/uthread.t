# ngx.sleep and ngx.thread (spawn, wait, kill): light threads as
# lua-nginx-module schedules them.

=== TEST 1: ngx.sleep in content, and its bad arguments
--- config
location = /t {
    content_by_lua_block {
        local t0 = ngx.now()
        ngx.sleep(0.05)
        ngx.update_time()
        local d = ngx.now() - t0
        ngx.say(d >= 0.04 and d < 1)
        ngx.say(pcall(ngx.sleep))
        ngx.say(pcall(ngx.sleep, "x"))
        ngx.say(pcall(ngx.sleep, -1))
        ngx.say(pcall(ngx.sleep, 1, 2))
        ngx.sleep(0)
        ngx.say("done")
    }
}
--- request
GET /t
--- response_body
true
falseattempt to pass 0 arguments, but accepted 1
falsebad argument #1 to '?' (number expected, got string)
falseinvalid sleep duration "-1000"
falseattempt to pass 2 arguments, but accepted 1
done

=== TEST 2: ngx.sleep where it cannot wait
--- config
location = /t {
    content_by_lua_block { ngx.say("ok") }
    header_filter_by_lua_block {
        local ok, err = pcall(ngx.sleep, 0.1)
        ngx.header["X-Err"] = err
    }
    log_by_lua_block {
        local ok, err = pcall(ngx.sleep, 0.1)
        ngx.log(ngx.ERR, "log: ", err)
    }
}
--- request
GET /t
--- response_headers
X-Err: API disabled in the context of header_filter_by_lua*
--- error_log
log: API disabled in the context of log_by_lua*

=== TEST 3: spawn runs the thread until it waits; the handler waits for it
--- config
location = /t {
    content_by_lua_block {
        local function f(a, b)
            ngx.say("f: ", a, " ", b)
            ngx.sleep(0.02)
            ngx.say("f: after sleep")
        end
        ngx.say("before")
        local t = ngx.thread.spawn(f, 1, 2)
        ngx.say("after spawn: ", type(t), " ", coroutine.status(t))
    }
}
--- request
GET /t
--- response_body
before
f: 1 2
after spawn: thread running
f: after sleep

=== TEST 4: wait returns the first thread to end, with its results
--- config
location = /t {
    content_by_lua_block {
        local function f(d, name)
            ngx.sleep(d)
            ngx.say(name, ": hello")
            return name .. " done", 42
        end
        local tf = ngx.thread.spawn(f, 0.1, "f")
        local tg = ngx.thread.spawn(f, 0.02, "g")
        ngx.say(ngx.thread.wait(tf, tg))
        ngx.say(coroutine.status(tg), " ", coroutine.status(tf))
        ngx.say(ngx.thread.wait(tf))
        ngx.say(ngx.thread.wait(tf))
    }
}
--- request
GET /t
--- response_body
g: hello
trueg done42
dead running
f: hello
truef done42
nilalready waited or killed

=== TEST 5: a thread that has ended is a zombie until waited for
--- config
location = /t {
    content_by_lua_block {
        local t = ngx.thread.spawn(function() return "r" end)
        ngx.say(coroutine.status(t))
        ngx.say(ngx.thread.wait(t))
        ngx.say(coroutine.status(t))
    }
}
--- request
GET /t
--- response_body
zombie
truer
dead

=== TEST 6: an error in a light thread is logged and ends it alone
--- config
location = /t {
    content_by_lua_block {
        local t = ngx.thread.spawn(function()
            ngx.sleep(0.01)
            error("oops")
        end)
        local ok, err = ngx.thread.wait(t)
        ngx.say(ok)
        ngx.say("entry goes on")
    }
}
--- request
GET /t
--- response_body
false
entry goes on
--- error_log
lua user thread aborted: runtime error: content_by_lua(nginx.conf:18):4: oops

=== TEST 7: kill a sleeping thread; kill's answers
--- config
location = /t {
    content_by_lua_block {
        local t = ngx.thread.spawn(function()
            ngx.sleep(0.05)
            ngx.say("never")
        end)
        ngx.say(ngx.thread.kill(t))
        ngx.say(ngx.thread.kill(t))
        ngx.say(ngx.thread.wait(t))
        local z = ngx.thread.spawn(function() return 1 end)
        ngx.say(ngx.thread.kill(z))
        ngx.sleep(0.1)
        ngx.say("end")
    }
}
--- request
GET /t
--- response_body
1
nilalready waited or killed
nilalready waited or killed
nilalready terminated
end

=== TEST 8: ngx.exit in a light thread ends the request and kills the others
--- config
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.sleep(0.2)
            ngx.say("never")
        end)
        ngx.thread.spawn(function()
            ngx.sleep(0.02)
            ngx.say("exiting")
            ngx.exit(200)
        end)
        ngx.sleep(1)
        ngx.say("never either")
    }
}
--- request
GET /t
--- response_body
exiting

=== TEST 9: ngx.exit in a thread before it waits, from spawn itself
--- config
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function() ngx.exit(403) end)
        ngx.say("never")
    }
}
--- request
GET /t
--- error_code: 403
--- response_body_like
.*<title>403 Forbidden</title>.*

=== TEST 10: only the parent may wait or kill; bad arguments
--- config
location = /t {
    content_by_lua_block {
        local t1 = ngx.thread.spawn(function() ngx.sleep(0.01) end)
        local t2 = ngx.thread.spawn(function()
            ngx.say(pcall(ngx.thread.wait, t1))
            ngx.say(pcall(ngx.thread.kill, t1))
        end)
        ngx.say(pcall(ngx.thread.wait, "x"))
        ngx.say(pcall(ngx.thread.kill))
        ngx.say(pcall(ngx.thread.spawn, 3))
    }
}
--- request
GET /t
--- response_body
falseonly the parent coroutine can wait on the thread
truenilkiller not parent
falsebad argument #1 to '?' (lua thread expected)
falsebad argument #1 to '?' (lua thread expected)
falsebad argument #1 to '?' (Lua function expected)

=== TEST 11: threads in rewrite and access, then content
--- config
location = /t {
    rewrite_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) ngx.ctx.r = "rewrite thread" end)
    }
    access_by_lua_block {
        ngx.thread.spawn(function() ngx.sleep(0.01) ngx.ctx.a = "access thread" end)
    }
    content_by_lua_block {
        ngx.say(ngx.ctx.r, ", ", ngx.ctx.a)
    }
}
--- request
GET /t
--- response_body
rewrite thread, access thread

=== TEST 12: nested threads, and coroutine.yield as a scheduling point
--- config
location = /t {
    content_by_lua_block {
        local out = {}
        local function child(name)
            for i = 1, 3 do
                out[#out + 1] = name .. i
                coroutine.yield()
            end
        end
        local a = ngx.thread.spawn(function()
            local b = ngx.thread.spawn(child, "b")
            child("a")
            ngx.thread.wait(b)
        end)
        ngx.thread.wait(a)
        ngx.say(table.concat(out, " "))
    }
}
--- request
GET /t
--- response_body
b1 a1 b2 a2 b3 a3

=== TEST 13: an error in the entry thread kills the light threads
--- config
location = /t {
    content_by_lua_block {
        ngx.thread.spawn(function()
            ngx.sleep(0.05)
            ngx.log(ngx.ERR, "light thread still ran")
        end)
        error("entry fails")
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
entry fails
--- no_error_log
light thread still ran

=== TEST 14: a user coroutine inside a light thread, sleeping across its yields
--- config
location = /t {
    content_by_lua_block {
        local t = ngx.thread.spawn(function()
            local co = coroutine.wrap(function()
                ngx.sleep(0.01)
                coroutine.yield("y1")
                ngx.sleep(0.01)
                return "r"
            end)
            return co(), co()
        end)
        ngx.say(ngx.thread.wait(t))
    }
}
--- request
GET /t
--- response_body
truey1r

=== TEST 15: kill a thread that sleeps inside a user coroutine
--- note
OpenResty kills only the light thread's own coroutine: a user coroutine
sleeping inside it wakes up later and runs on. Here the thread dies whole,
with whatever it was running.
--- config
location = /t {
    content_by_lua_block {
        local t = ngx.thread.spawn(function()
            local co = coroutine.wrap(function()
                ngx.sleep(0.05)
                ngx.log(ngx.ERR, "never woke up")
            end)
            co()
        end)
        ngx.say(ngx.thread.kill(t))
        ngx.sleep(0.1)
        local co = coroutine.wrap(function() return 1 end)
        ngx.say("after: ", co())
    }
}
--- request
GET /t
--- response_body
1
after: 1
--- no_error_log
never woke up
