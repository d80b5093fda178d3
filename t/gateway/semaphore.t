# ngx.semaphore: new, wait (with and without timeout), post, count,
# between the light threads and the requests of one worker.

=== TEST 1: wait takes a resource; post gives one back; count
--- config
location = /t {
    content_by_lua_block {
        local semaphore = require "ngx.semaphore"
        local sem = semaphore.new(1)
        ngx.say(sem:count())
        ngx.say(sem:wait(0))
        ngx.say(sem:wait(0))
        ngx.say(sem:count())
        ngx.say(sem:post(2))
        ngx.say(sem:count())
        local sem0 = semaphore.new()
        ngx.say(sem0:count())
    }
}
--- request
GET /t
--- response_body
1
true
niltimeout
0
true
2
0

=== TEST 2: a waiting thread wakes up when another posts, in order
--- config
location = /t {
    content_by_lua_block {
        local semaphore = require "ngx.semaphore"
        local sem = semaphore.new(0)
        local function waiter(name)
            local ok, err = sem:wait(1)
            ngx.say(name, ": ", ok, " ", err)
        end
        local a = ngx.thread.spawn(waiter, "a")
        local b = ngx.thread.spawn(waiter, "b")
        ngx.say("count ", sem:count())
        ngx.sleep(0.01)
        ngx.say("posting")
        sem:post(2)
        ngx.say("posted")
        ngx.thread.wait(a)
        ngx.thread.wait(b)
        ngx.say("count ", sem:count())
    }
}
--- request
GET /t
--- response_body
count -2
posting
posted
a: true nil
b: true nil
count 0

=== TEST 3: wait times out
--- config
location = /t {
    content_by_lua_block {
        local sem = require("ngx.semaphore").new(0)
        local t0 = ngx.now()
        ngx.say(sem:wait(0.05))
        ngx.update_time()
        ngx.say(ngx.now() - t0 >= 0.04, " ", sem:count())
    }
}
--- request
GET /t
--- response_body
falsetimeout
true 0

=== TEST 4: a request waits for a timer to post
--- http_config
init_by_lua_block {
    package.loaded.shared_sem = require("ngx.semaphore").new(0)
}
--- config
location = /t {
    content_by_lua_block {
        local sem = package.loaded.shared_sem
        ngx.timer.at(0.02, function()
            ngx.log(ngx.WARN, "timer posts")
            sem:post()
        end)
        ngx.say(sem:wait(2))
    }
}
--- request
GET /t
--- response_body
truenil
--- error_log
timer posts

=== TEST 5: where wait cannot run, and bad use
--- config
location = /t {
    content_by_lua_block {
        local semaphore = require "ngx.semaphore"
        local sem = semaphore.new(0)
        ngx.say(pcall(semaphore.new, -1))
        ngx.say(pcall(sem.wait, {}, 1))
        ngx.say(pcall(sem.post, sem, 0))
        ngx.say(pcall(sem.wait, sem, -1))
        ngx.ctx.sem = sem
    }
    log_by_lua_block {
        local ok, err = ngx.ctx.sem:wait(1)
        ngx.log(ngx.ERR, "log: ", ok, " ", err)
    }
}
--- request
GET /t
--- response_body
falseno negative number
falsenot a semaphore instance
falsepositive number required
falseno negative number
--- error_log
log: nil API disabled in the context of log_by_lua*
