# nginx's limit_req module: limit_req_zone, limit_req with burst, nodelay and
# delay, limit_req_status, limit_req_log_level, limit_req_dry_run and
# $limit_req_status. Rates are per minute where the log shows the excess, so
# that the few milliseconds between pipelined requests leak nothing
# (1r/m leaks 16 milli-requests a second) and the figures are exact.
# (With pipelined requests only the last response is compared.)

=== TEST 1: a second request within the rate is refused with a 503, and logged
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one; content_by_lua_block { ngx.say("passed") } }
--- pipelined_requests
GET /t
GET /t
--- error_code: 503
--- error_log
limiting requests, excess: 1.000 by zone "one"

=== TEST 2: the first request of a key passes, and its status is PASSED
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- request
GET /t
--- response_body
PASSED

=== TEST 3: burst with nodelay: that many more pass at once, the next is refused
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one burst=2 nodelay; content_by_lua_block { ngx.say("passed") } }
--- pipelined_requests
GET /t
GET /t
GET /t
GET /t
--- error_code: 503
--- error_log
limiting requests, excess: 3.000 by zone "one"

=== TEST 4: burst with nodelay: the requests within it pass at once
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one burst=2 nodelay; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- response_body
PASSED
--- no_error_log
limiting requests

=== TEST 5: burst without nodelay: a request over the rate waits for its turn (logged a level lower)
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=5r/s;
--- config
location = /t {
    limit_req zone=one burst=3;
    content_by_lua_block { ngx.say(ngx.var.limit_req_status, " ", ngx.now() - ngx.req.start_time() >= 0.15) }
}
--- pipelined_requests
GET /t
GET /t
--- response_body
DELAYED true
--- error_log_like
\[warn\] .*delaying request, excess: (0\.9\d\d|1\.000), by zone "one"

=== TEST 6: delay=N: that much of the burst goes undelayed
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one burst=3 delay=2; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
GET /t
--- response_body
PASSED

=== TEST 7: limit_req_status and limit_req_log_level
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one; limit_req_status 429; limit_req_log_level warn; content_by_lua_block { ngx.say("passed") } }
--- pipelined_requests
GET /t
GET /t
--- error_code: 429
--- error_log_like
\[warn\] .*limiting requests, excess: 1\.000 by zone "one", client: 127\.0\.0\.1, server: localhost, request: "GET /t HTTP/1\.1", host: "localhost"

=== TEST 8: a dry run refuses nothing; it logs and sets $limit_req_status
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one; limit_req_dry_run on; content_by_lua_block { ngx.say(ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t
GET /t
--- response_body
REJECTED_DRY_RUN
--- error_log
limiting requests, dry run, excess: 1.000 by zone "one"

=== TEST 9: each key has its bucket; a request whose key is empty is not limited
--- http_config
limit_req_zone $arg_user zone=users:1m rate=1r/m;
--- config
location = /t { limit_req zone=users; content_by_lua_block { ngx.say(ngx.var.arg_user, " ", ngx.var.limit_req_status) } }
--- pipelined_requests
GET /t?user=a
GET /t?user=b
GET /t
GET /t
--- response_body
nil nil

=== TEST 10: a request is limited once: its internal redirect does not count again
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /a { limit_req zone=one; rewrite ^ /b last; }
location = /b { limit_req zone=one; content_by_lua_block { ngx.say("b ", ngx.var.limit_req_status) } }
--- request
GET /a
--- response_body
b PASSED

=== TEST 11: two limits: a refusal by one leaves the other's bucket as it was
--- http_config
limit_req_zone $binary_remote_addr zone=ip:1m rate=1r/m;
limit_req_zone $arg_k zone=key:1m rate=1r/m;
--- config
location = /t { limit_req zone=key; limit_req zone=ip burst=1 nodelay; content_by_lua_block { ngx.say("passed ", ngx.var.arg_k) } }
--- pipelined_requests
GET /t?k=a
GET /t?k=a
GET /t?k=b
--- response_body
passed b

=== TEST 12: limit_req at server level applies to locations without their own
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
limit_req_zone $binary_remote_addr zone=two:1m rate=1r/m;
--- config
limit_req zone=one;
location = /own { limit_req zone=two burst=5 nodelay; content_by_lua_block { ngx.say("own") } }
location = /t { content_by_lua_block { ngx.say("t") } }
--- pipelined_requests
GET /t
GET /own
GET /own
GET /t
--- error_code: 503

=== TEST 13: limit_req comes after rewrite_by_lua and before access_by_lua
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t {
    rewrite_by_lua_block { ngx.log(ngx.NOTICE, "rewrite ran") }
    limit_req zone=one;
    access_by_lua_block { ngx.log(ngx.NOTICE, "access ran ", ngx.var.limit_req_status) }
    content_by_lua_block { ngx.say("passed") }
}
--- pipelined_requests
GET /t
GET /t
--- error_code: 503
--- error_log
rewrite ran
access ran PASSED
limiting requests, excess: 1.000 by zone "one"

=== TEST 14: $limit_req_status in the access log
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
log_format lr "$request_uri $status $limit_req_status";
--- config
access_log logs/access.log lr;
location = /t { limit_req zone=one; content_by_lua_block { ngx.exit(204) } }
location = /free { content_by_lua_block { ngx.exit(204) } }
--- pipelined_requests
GET /t
GET /t
GET /free
--- access_log_like
^/t 204 PASSED$
^/t 503 REJECTED$
^/free 204 -$

=== TEST 15: in YAML
--- yaml_http_config
limit_req_zone: $binary_remote_addr zone=one:1m rate=1r/m
--- yaml_config
location:
  = /t:
    limit_req: zone=one
    content_by_lua_block: ngx.say("passed")
--- pipelined_requests
GET /t
GET /t
--- error_code: 503

=== TEST 16: return answers in the rewrite phase, before limit_req
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
--- config
location = /t { limit_req zone=one; return 200 "returned\n"; }
--- pipelined_requests
GET /t
GET /t
--- response_body
returned

=== TEST 17: a limit_req naming no zone is an error, as nginx words it
--- config
location = /t { limit_req zone=nowhere; return 200; }
--- request
GET /t
--- must_die
--- error_log
zero size shared memory zone "nowhere"

=== TEST 18: a rate nginx does not read
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1.5r/s;
--- request
GET /t
--- must_die
--- error_log
invalid rate "rate=1.5r/s"

=== TEST 19: a zone under 32k is too small
--- http_config
limit_req_zone $binary_remote_addr zone=one:8k rate=1r/s;
--- request
GET /t
--- must_die
--- error_log
zone "zone=one:8k" is too small

=== TEST 20: a zone bound twice
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
limit_req_zone $uri zone=one:1m rate=1r/s;
--- request
GET /t
--- must_die
--- error_log
limit_req_zone "one" is already bound to key "$binary_remote_addr"

=== TEST 21: limit_req without a zone, a bad burst, the same zone twice
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
--- config
location = /a { limit_req burst=3; }
--- request
GET /t
--- must_die
--- error_log
"limit_req" must have "zone" parameter

=== TEST 22: burst=0 is not a burst
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
--- config
location = /a { limit_req zone=one burst=0; }
--- request
GET /t
--- must_die
--- error_log
invalid burst value "burst=0"

=== TEST 23: the same zone twice at one level
--- http_config
limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;
--- config
location = /a { limit_req zone=one; limit_req zone=one burst=2; }
--- request
GET /t
--- must_die
--- error_log
"limit_req" directive is duplicate

=== TEST 24: limit_req_status outside 400-599
--- config
limit_req_status 302;
--- request
GET /t
--- must_die
--- error_log
value must be between 400 and 599
