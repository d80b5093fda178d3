# *_by_lua_file: every phase's code read from a file, relative paths against
# the prefix, nginx variables in the path, and files that cannot be loaded.

=== TEST 1: content_by_lua_file, relative to the prefix
--- config
location = /t {
    content_by_lua_file html/hello.lua;
}
--- user_files
>>> html/hello.lua
ngx.say("hello from ", ngx.var.uri)
--- request
GET /t
--- response_body
hello from /t

=== TEST 2: every request phase from files, set_by_lua_file with arguments
--- config
location = /t {
    set $a "foo";
    set_by_lua_file $res lua/concat.lua $a bar;
    rewrite_by_lua_file lua/rewrite.lua;
    access_by_lua_file lua/access.lua;
    content_by_lua_file lua/content.lua;
    header_filter_by_lua_file lua/header.lua;
    body_filter_by_lua_file lua/body.lua;
    log_by_lua_file lua/log.lua;
}
--- user_files
>>> lua/concat.lua
return ngx.arg[1] .. "+" .. ngx.arg[2]
>>> lua/rewrite.lua
ngx.ctx.seen = {ngx.var.res, ngx.get_phase()}
>>> lua/access.lua
table.insert(ngx.ctx.seen, ngx.get_phase())
>>> lua/content.lua
table.insert(ngx.ctx.seen, ngx.get_phase())
ngx.say(table.concat(ngx.ctx.seen, " "))
>>> lua/header.lua
ngx.header["X-Phase"] = ngx.get_phase()
>>> lua/body.lua
if ngx.arg[1] ~= "" then ngx.arg[1] = string.upper(ngx.arg[1]) end
>>> lua/log.lua
ngx.log(ngx.WARN, "logged in ", ngx.get_phase())
--- request
GET /t
--- response_body
FOO+BAR REWRITE ACCESS CONTENT
--- response_headers
X-Phase: header_filter
--- error_log
logged in log

=== TEST 3: init_by_lua_file and init_worker_by_lua_file
--- http_config
init_by_lua_file lua/init.lua;
init_worker_by_lua_file lua/init_worker.lua;
--- config
location = /t {
    content_by_lua_block { ngx.say(from_init, " ", from_worker) }
}
--- user_files
>>> lua/init.lua
from_init = "init:" .. ngx.get_phase()
>>> lua/init_worker.lua
from_worker = "worker:" .. ngx.get_phase()
--- request
GET /t
--- response_body
init:init worker:init_worker

=== TEST 4: nginx variables in the path pick the file per request
--- config
location /t {
    set $which "b";
    content_by_lua_file lua/$which.lua;
}
location /u {
    content_by_lua_file lua/$arg_name.lua;
}
location = /both {
    content_by_lua_block {
        for _, uri in ipairs({"/t", "/u?name=a", "/u?name=b", "/u?name=a"}) do
            local res = ngx.location.capture(uri)
            ngx.print(uri, " ", res.status, " ", res.body)
        end
    }
}
--- user_files
>>> lua/a.lua
ngx.say("file a")
>>> lua/b.lua
ngx.say("file b")
--- request
GET /both
--- response_body
/t 200 file b
/u?name=a 200 file a
/u?name=b 200 file b
/u?name=a 200 file a

=== TEST 5: a file that does not exist: 404 and lua-nginx-module's error, as it is (nothing ran)
--- config
location = /t {
    content_by_lua_file html/missing.lua;
}
--- request
GET /t
--- error_code: 404
--- error_log_like
\[error\] .* failed to load external Lua file ".*/html/missing\.lua": cannot open .*/html/missing\.lua: No such file or directory, client:
--- no_error_log
runtime error

=== TEST 6: a variable path naming no file: 404, the path made for this request in the error
--- config
location = /t {
    access_by_lua_file lua/$arg_name.lua;
    content_by_lua_block { ngx.say("not reached") }
}
--- request
GET /t?name=nothere
--- error_code: 404
--- error_log_like
failed to load external Lua file ".*/lua/nothere\.lua": cannot open

=== TEST 7: a syntax error in the file names the file
--- config
location = /t {
    content_by_lua_file html/bad.lua;
}
--- user_files
>>> html/bad.lua
local x = 1
ngx.say(x +)
--- request
GET /t
--- error_code: 500
--- error_log_like
failed to load external Lua file ".*/html/bad\.lua": .*bad\.lua:2: unexpected symbol near '\)'

=== TEST 8: a runtime error carries the file's name and line
--- config
location = /t {
    content_by_lua_file html/err.lua;
}
--- user_files
>>> html/err.lua
local t = nil
-- the next line fails
return t.field
--- request
GET /t
--- error_code: 500
--- error_log_like
html/err\.lua:3: attempt to index local 't' \(a nil value\)

=== TEST 9: a first line starting with '#' (a shebang) is skipped, line numbers kept
--- config
location = /t {
    content_by_lua_file html/shebang.lua;
}
--- user_files
>>> html/shebang.lua
#!/usr/bin/env luajit
ngx.say("line ", debug.getinfo(1, "l").currentline)
--- request
GET /t
--- response_body
line 2

=== TEST 10: content_by_lua_file in YAML
--- yaml_config
location:
  = /t:
    content_by_lua_file: html/y.lua
--- user_files
>>> html/y.lua
ngx.say("yaml ", ngx.var.request_method)
--- request
GET /t
--- response_body
yaml GET

=== TEST 11: set_by_lua (plain string) with arguments: ngx.arg holds them, not the target
--- config
location = /t {
    set $a "x";
    set_by_lua $res "return ngx.arg[1] .. ',' .. ngx.arg[2] .. ',' .. ngx.arg[3] .. ',' .. tostring(ngx.arg[4])" $a "y z" $uri;
    content_by_lua_block { ngx.say(ngx.var.res) }
}
--- request
GET /t
--- response_body
x,y z,/t,nil

=== TEST 12: the plain-string forms of every phase, with nginx's quoting
--- http_config
init_by_lua 'greeting = "hi"';
init_worker_by_lua "worker_seen = 'yes'";
--- config
location = /t {
    rewrite_by_lua 'ngx.ctx.p = {"rewrite"}';
    access_by_lua "table.insert(ngx.ctx.p, 'access')";
    content_by_lua 'ngx.say(greeting, " ", worker_seen, " ", table.concat(ngx.ctx.p, ","), " \'q\'")';
    header_filter_by_lua 'ngx.header["X-Filter"] = "h"';
    body_filter_by_lua 'ngx.arg[1] = string.gsub(ngx.arg[1], "hi", "HI")';
    log_by_lua 'ngx.log(ngx.WARN, "plain log ", ngx.status)';
}
--- request
GET /t
--- response_body
HI yes rewrite,access 'q'
--- response_headers
X-Filter: h
--- error_log
plain log 200

=== TEST 20: a missing file in rewrite_by_lua_file is a 404 too; a syntax error there a 500
--- config
location = /t {
    rewrite_by_lua_file html/missing.lua;
    content_by_lua_block { ngx.say("not reached") }
}
location = /u {
    rewrite_by_lua_file html/bad.lua;
    content_by_lua_block { ngx.say("not reached") }
}
--- user_files
>>> html/bad.lua
x = = 1
--- pipelined_requests
GET /t
GET /u
--- error_code: 500
--- error_log_like
failed to load external Lua file ".*/html/missing\.lua": cannot open
failed to load external Lua file ".*/html/bad\.lua": .*bad\.lua:1: unexpected symbol near '=', client:
--- access_log_like
"GET /t HTTP/1\.1" 404
"GET /u HTTP/1\.1" 500
--- no_error_log
runtime error

=== TEST 21: a missing file in a filter or log_by_lua_file: logged as it is; the filter's request gets no answer
--- config
location = /t {
    header_filter_by_lua_file html/missing.lua;
    content_by_lua_block { ngx.say("not sent") }
}
location = /u {
    log_by_lua_file html/missing.lua;
    return 200 "ok\n";
}
--- pipelined_requests
GET /u
GET /t
--- ignore_response
--- error_log_like
failed to load external Lua file ".*/html/missing\.lua": cannot open .*: No such file or directory while logging request, client: .*"GET /u HTTP/1\.1"
failed to load external Lua file ".*/html/missing\.lua": cannot open .*: No such file or directory, client: .*"GET /t HTTP/1\.1"
--- access_log_like
"GET /u HTTP/1\.1" 200 3
"GET /t HTTP/1\.1" 200 0
--- no_error_log
failed to run
