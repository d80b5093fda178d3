# ngx.get_phase, ngx.worker.*, ngx.config.*, ngx.null, ngx.is_subrequest,
# ngx.headers_sent, ngx.status.

=== TEST 1: worker and config
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.worker.id(), " ", ngx.worker.count(), " ", ngx.worker.exiting(), " ",
                ngx.worker.pid() > 0, " ", ngx.config.subsystem, " ", ngx.config.debug ~= nil,
                " ", ngx.config.nginx_version >= 1022000, " ", type(ngx.config.prefix()))
    }
}
--- request
GET /t
--- response_body
0 1 false true http true true string

=== TEST 2: ngx.null, is_subrequest, headers_sent
--- config
location = /t {
    content_by_lua_block {
        local before = ngx.headers_sent
        ngx.say(type(ngx.null), " ", tostring(ngx.null), " ", ngx.is_subrequest, " ", before)
        ngx.say(ngx.headers_sent)
    }
}
--- request
GET /t
--- response_body
userdata userdata: NULL false false
true

=== TEST 3: ngx.status read and set
--- config
location = /t {
    content_by_lua_block {
        local before = ngx.status
        ngx.status = 418
        ngx.say(before, " ", ngx.status)
    }
}
--- request
GET /t
--- error_code: 418
--- response_body
0 418

=== TEST 4: ngx.status after the headers went out
--- config
location = /t {
    content_by_lua_block {
        ngx.say("x")
        ngx.status = 500
    }
}
--- request
GET /t
--- error_code: 200
--- error_log
attempt to set ngx.status after sending out response headers

=== TEST 5: ngx.status with a non-number
--- config
location = /t {
    content_by_lua_block {
        ngx.status = {}
    }
}
--- request
GET /t
--- error_code: 500
--- error_log
lua entry thread aborted: runtime error:

=== TEST 6: get_phase in init_worker
--- http_config
init_worker_by_lua_block {
    phase_seen = ngx.get_phase()
}
--- config
location = /t {
    content_by_lua_block { ngx.say(phase_seen) }
}
--- request
GET /t
--- response_body
init_worker

=== TEST 7: worker from YAML
--- yaml_config
location:
  = /t:
    content_by_lua_block: |
      ngx.say(ngx.worker.count(), " ", ngx.get_phase())
--- request
GET /t
--- response_body
1 content
