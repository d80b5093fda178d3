# ngx.on_abort and lua_check_client_abort: what happens to a Lua handler
# when its client goes away.

=== TEST 1: the abort handler runs when the client closes
--- config
location = /t {
    lua_check_client_abort on;
    content_by_lua_block {
        local ok, err = ngx.on_abort(function()
            ngx.log(ngx.NOTICE, "on abort called")
        end)
        if not ok then error("cannot set on_abort: " .. err) end
        ngx.sleep(0.7)
        ngx.log(ngx.NOTICE, "main handler done")
    }
}
--- request
GET /t
--- timeout: 0.2
--- abort
--- wait: 1
--- error_log
on abort called
main handler done

=== TEST 2: an abort handler that exits ends the request
--- config
location = /t {
    lua_check_client_abort on;
    content_by_lua_block {
        ngx.on_abort(function()
            ngx.log(ngx.NOTICE, "on abort called")
            ngx.exit(444)
        end)
        ngx.sleep(0.7)
        ngx.log(ngx.NOTICE, "main handler done")
    }
}
--- request
GET /t
--- timeout: 0.2
--- abort
--- wait: 1
--- error_log
on abort called
--- no_error_log
main handler done

=== TEST 3: without an abort handler the request is aborted
--- config
location = /t {
    lua_check_client_abort on;
    content_by_lua_block {
        ngx.sleep(0.7)
        ngx.log(ngx.NOTICE, "main handler done")
    }
    log_by_lua_block {
        ngx.log(ngx.NOTICE, "status in log: ", ngx.status, " ", ngx.var.status)
    }
}
--- request
GET /t
--- timeout: 0.2
--- abort
--- wait: 1
--- error_log
status in log: 499 499
--- no_error_log
main handler done

=== TEST 4: lua_check_client_abort off: the handler goes on
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.on_abort(function() end))
        ngx.flush(true)
        ngx.sleep(0.7)
        ngx.log(ngx.NOTICE, "main handler done")
    }
}
--- request
GET /t
--- timeout: 0.2
--- abort
--- wait: 1
--- error_log
main handler done

=== TEST 5: on_abort twice, and its answers
--- config
location = /t {
    lua_check_client_abort on;
    content_by_lua_block {
        ngx.say(pcall(ngx.on_abort, "x"))
        ngx.say(ngx.on_abort(function() end))
        ngx.say(ngx.on_abort(function() end))
    }
}
--- request
GET /t
--- response_body
falsebad argument #1 to '?' (Lua function expected)
1
nilduplicate call

=== TEST 6: on_abort off
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.on_abort(function() end))
    }
}
--- request
GET /t
--- response_body
nillua_check_client_abort is off
