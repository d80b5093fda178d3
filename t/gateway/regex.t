# ngx.re.match, find, gmatch, sub, gsub and the module ngx.re (split, opt):
# normal use and bad use, as OpenResty (lua-nginx-module with lua-resty-core)
# answers. Errors raised inside resty.core's Lua files carry a position in
# them, the builtins' the caller's: the blocks print them without it.
#
# Each block runs on both paths: lua_load_resty_core on and off.
#
# Debian's OpenResty links its Lua module with the old PCRE (libpcre.so.3),
# Moongate uses PCRE2: compile errors and exec error codes differ in wording
# and numbers only, and those blocks say so in a note.

=== TEST 1: match: numbered and named captures, unmatched groups are false
--- config
location = /t {
    content_by_lua_block {
        local m = ngx.re.match("hello 1234", "([a-z]+) (?<num>\\d+)")
        ngx.say(m[0], "|", m[1], "|", m[2], "|", m.num, "|", m[3])
        m = ngx.re.match("hello", "(x)?(h)")
        ngx.say(m[0], "|", m[1], "|", m[2])
        ngx.say(ngx.re.match("hello", "z"))
        m = ngx.re.match(12345, "3(4)")
        ngx.say(m[0], "|", m[1])
        m = ngx.re.match(nil, "n.l")
        ngx.say(m[0])
    }
}
--- request
GET /t
--- response_body
hello 1234|hello|1234|1234|nil
h|false|h
nil
34|4
nil

=== TEST 2: match: the option letters
--- config
location = /t {
    content_by_lua_block {
        local function s(m) return m and m[0] or "nil" end
        ngx.say(s(ngx.re.match("ABC", "b", "i")), "|", s(ngx.re.match("ABC", "b")))
        ngx.say(s(ngx.re.match("a\nb", "^b", "m")), "|", s(ngx.re.match("a\nb", "^b")))
        ngx.say(s(ngx.re.match("a\nb", "a.b", "s")) == "a\nb", "|", s(ngx.re.match("a\nb", "a.b")))
        ngx.say(s(ngx.re.match("ab", "a b # comment", "x")))
        ngx.say(s(ngx.re.match("ab", "b", "a")), "|", s(ngx.re.match("ba", "b", "a")))
        ngx.say(s(ngx.re.match("\195\169", "^.$", "u")) == "\195\169", "|", s(ngx.re.match("\195\169", "^.$")))
        ngx.say(s(ngx.re.match("\195\169", "\\w", "u")), "|", s(ngx.re.match("h\255llo", "l+", "U")))
        ngx.say(s(ngx.re.match("A", "\\u0041", "J")), "|", s(ngx.re.match("abcd", "a|ab|abc", "d")))
        ngx.say(s(ngx.re.match("abc", "b", "jo")), "|", s(ngx.re.match("abc", "b", "jo")), "|",
                s(ngx.re.match("abc", "c", "")))
    }
}
--- request
GET /t
--- response_body
B|nil
b|nil
true|nil
ab
nil|b
true|nil
nil|ll
A|abc
b|b|c

=== TEST 3: match: duplicate names with D, DFA mode has no captures
--- config
location = /t {
    content_by_lua_block {
        local m = ngx.re.match("a", "(?<x>a)|(?<x>b)", "D")
        ngx.say(m[0], "|", m[1], "|", m[2], "|", type(m.x), "|", #m.x, "|", m.x[1])
        m = ngx.re.match("b", "(?<x>a)|(?<x>b)", "D")
        ngx.say(m[0], "|", m[1], "|", m[2], "|", #m.x, "|", m.x[1])
        m = ngx.re.match("ab", "(?<x>a)(?<x>b)", "D")
        ngx.say(#m.x, "|", m.x[1], "|", m.x[2])
        m = ngx.re.match("abcd", "(a)(b)", "d")
        ngx.say(m[0], "|", m[1])
        m = ngx.re.match("ab", "(?<n>a)(?<m>b)")
        ngx.say(m.n, "|", m.m)
    }
}
--- request
GET /t
--- response_body
a|a|false|table|1|a
b|false|b|1|b
2|a|b
ab|nil
a|b

=== TEST 4: match: ctx.pos is read and moved past the match
--- config
location = /t {
    content_by_lua_block {
        local ctx = {}
        for i = 1, 3 do
            local m = ngx.re.match("xaxa", "a", nil, ctx)
            ngx.say(m and m[0], " ", ctx.pos)
        end
        ctx = {pos = 2}
        ngx.say(ngx.re.match("ab", "b", "a", ctx)[0], " ", ctx.pos)
        ngx.say(ngx.re.match("xaxa", "$", nil, {pos = 5})[0] == "")
        ctx = {pos = -5}
        ngx.say(ngx.re.find("xaxa", "a", nil, ctx), " ", ctx.pos)
        ngx.say(ngx.re.find("xaxa", "a", nil, {pos = 3}))
    }
}
--- request
GET /t
--- response_body
a 3
a 5
nil 5
b 3
true
2 3
44

=== TEST 5: match: a res table is filled in place
--- config
location = /t {
    content_by_lua_block {
        local res = {9, 9, 9, 9, foo = "bar"}
        local m = ngx.re.match("ab", "(a)(x)?", nil, nil, res)
        ngx.say(m == res, " ", res[0], " ", res[1], " ", res[2], " ", res[3], " ", res[4], " ", res.foo)
        ngx.say(ngx.re.match("ab", "(x)", nil, nil, 5))
    }
}
--- request
GET /t
--- response_body
true a a false 9 9 bar
nil

=== TEST 6: match: bad arguments
--- config
location = /t {
    content_by_lua_block {
        local function e(...)
            local ok, err = pcall(...)
            ngx.say(ok, " ", (tostring(err):gsub("^.-:%d+: ", "")))
        end
        e(ngx.re.match, "hello", nil)
        e(ngx.re.match, "hello", 3)
        e(ngx.re.match, "hello", "h", "z")
        e(ngx.re.match, "hello", "h", "iz")
        e(ngx.re.match, "hello", "h", 5)
        e(ngx.re.match, "hello", "h", nil, 5)
        e(ngx.re.match, "hello", "l", nil, {pos = "x"})
        e(ngx.re.match, "ab", "(a)", nil, nil, 5)
        e(ngx.re.match, "ab", "(a)", nil, nil, "s")
        e(function() return ngx.re.match("hello", "h", "Q") end)
    }
}
--- request
GET /t
--- response_body
false attempt to get length of local 'regex' (a nil value)
false attempt to get length of local 'regex' (a number value)
false unknown flag "z" (flags "z")
false unknown flag "z" (flags "iz")
false attempt to get length of local 'opts' (a number value)
false attempt to index local 'ctx' (a number value)
false attempt to compare string with number
false attempt to index local 'res' (a number value)
false attempt to index local 'res' (a string value)
false unknown flag "Q" (flags "Q")

=== TEST 7: match: a bad regex gives nil and PCRE's error
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.match("hello", "(abc"))
        ngx.say(ngx.re.match("hello", "a{2,1}"))
        ngx.say(ngx.re.find("hello", "(abc"))
        ngx.say(ngx.re.gmatch("hello", "("))
        ngx.say(ngx.re.gsub("hello", "(", "x"))
        ngx.say((require "ngx.re").split("a,b", "("))
    }
}
--- request
GET /t
--- response_body
nilpcre2_compile() failed: missing closing parenthesis in "(abc"
nilpcre2_compile() failed: numbers out of order in {} quantifier in "a{2,1}" at "}"
nilnilpcre2_compile() failed: missing closing parenthesis in "(abc"
nilpcre2_compile() failed: missing closing parenthesis in "("
nilnilpcre2_compile() failed: missing closing parenthesis in "("
nilpcre2_compile() failed: missing closing parenthesis in "("
--- note: Debian's OpenResty links the old PCRE and says `pcre_compile() failed: missing ) in "(abc"`; the wording of the error is PCRE2's here, the form (pattern, then `at` the rest unless PCRE stopped at its end) is nginx's

=== TEST 8: match: bad UTF-8 with u, a start past the end
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.match("h\255llo", "l", "u"))
        ngx.say(ngx.re.match("xaxa", "a", nil, {pos = 100}))
        ngx.say(ngx.re.gsub("h\255llo", "l", "L", "u"))
    }
}
--- request
GET /t
--- response_body
nilpcre_exec() failed: -23
nilpcre_exec() failed: -33
nilnilpcre_exec() failed: -23
--- note: PCRE2's error codes (-23: a 0xff byte in UTF-8, -33: bad offset); OpenResty with the old PCRE says -10 and -24

=== TEST 9: find: positions, the nth capture, empty matches
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.find("hello 1234", "(\\d)(\\d)"))
        ngx.say(ngx.re.find("hello 1234", "(\\d)(\\d)", nil, nil, 2))
        ngx.say(ngx.re.find("hello 1234", "(\\d)(\\d)", nil, nil, 3))
        ngx.say(ngx.re.find("hello 1234", "(\\d)(x)?", nil, nil, 2))
        ngx.say(select("#", ngx.re.find("hello", "x")), " ", select("#", ngx.re.find("hello", "(x)?h", nil, nil, 1)))
        ngx.say(ngx.re.find("hello", ""))
        ngx.say(ngx.re.find("hello", "l", nil, nil, -1))
        ngx.say(ngx.re.find("hello", "(l)", nil, nil, 1.5))
        ngx.say(ngx.re.find("hello", "(l)", nil, nil, 1))
        local ok, err = pcall(ngx.re.find, "hello", "l", nil, nil, "x")
        ngx.say(ok, " ", (err:gsub("^.-:%d+: ", "")))
    }
}
--- request
GET /t
--- response_body
78
88
nilnilnth out of bound
nilnil
1 2
10
33
nilnilnth out of bound
33
false attempt to compare string with number

=== TEST 10: gmatch: an iterator table, empty matches, exhaustion
--- config
location = /t {
    content_by_lua_block {
        local it = ngx.re.gmatch("a1b22", "\\d+")
        ngx.say(type(it), " ", it()[0], " ", it()[0], " ", it(), " ", it())
        local n = 0
        for m in ngx.re.gmatch("ab", "x*") do
            n = n + 1
            ngx.say(n, " [", m[0], "]")
        end
        for m in ngx.re.gmatch("k1=v1, k2=v2", "(?<k>\\w+)=(\\w+)") do
            ngx.say(m.k, " ", m[2])
        end
        it = ngx.re.gmatch("h\255llo", "l", "u")
        ngx.say(select("#", it()), " ", it())
    }
}
--- request
GET /t
--- response_body
table 1 22 nil nil
1 []
2 []
3 []
k1 v1
k2 v2
2 nil
--- error_code: 200

=== TEST 11: gmatch: bad arguments
--- config
location = /t {
    content_by_lua_block {
        local function e(...)
            local ok, err = pcall(...)
            ngx.say(ok, " ", (tostring(err):gsub("^.-:%d+: ", "")))
        end
        e(ngx.re.gmatch, "hello", nil)
        e(ngx.re.gmatch, "hello", "l", "z")
        e(ngx.re.gmatch, "hello", "l", 3)
        local m = ngx.re.gmatch(nil, "n")()
        ngx.say(m[0])
    }
}
--- request
GET /t
--- response_body
false attempt to get length of local 'regex' (a nil value)
false unknown flag "z" (flags "z")
false attempt to get length of local 'opts' (a number value)
n

=== TEST 12: sub and gsub with a template
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.sub("hello world", "o", "0"))
        ngx.say(ngx.re.gsub("hello world", "o", "0", "jo"))
        ngx.say(ngx.re.gsub("hello world", "z", "0"))
        ngx.say(ngx.re.gsub("a1b2", "\\d", "<$0>"))
        ngx.say(ngx.re.gsub("abcdefghijkl", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "[$10]"))
        for _, t in ipairs({"${1}", "$1a", "${01}", "$01", "", "plain", "$99", "${12}", "x${0}y",
                            "[${1}x]", "[$2]", "[$$]", "[$0$1]"}) do
            ngx.say(t, " => ", ngx.re.gsub("abc", "(b)", t))
        end
        ngx.say(ngx.re.gsub("abc", "(b)", 12))
        ngx.say(ngx.re.gsub("abc", "(b)", nil))
        ngx.say(ngx.re.gsub(nil, "l", "L"))
    }
}
--- request
GET /t
--- response_body
hell0 world1
hell0 w0rld2
hello world0
a<1>b<2>2
[j]l1
${1} => abc1
$1a => abac1
${01} => abc1
$01 => abc1
 => ac1
plain => aplainc1
$99 => ac1
${12} => ac1
x${0}y => axbyc1
[${1}x] => a[bx]c1
[$2] => a[]c1
[$$] => a[$]c1
[$0$1] => a[bb]c1
a12c1
anilc1
niL1

=== TEST 13: sub and gsub: empty matches advance one byte
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.gsub("abc", "x*", "-"))
        ngx.say(ngx.re.gsub("abc", "", "-"))
        ngx.say(ngx.re.sub("abc", "", "-"))
        ngx.say(ngx.re.gsub("", "", "-"))
        ngx.say(ngx.re.gsub("axxb", "x*", "-"))
        ngx.say(ngx.re.gsub("abc", "$", "!"))
        ngx.say(ngx.re.gsub("abc", "", function(m) return "<" .. m[0] .. ">" end))
    }
}
--- request
GET /t
--- response_body
-a-b-c-4
-a-b-c-4
-abc1
-1
-a--b-4
abc!1
<>a<>b<>c<>4

=== TEST 14: sub and gsub: bad templates fail and say why in error.log
--- config
location = /t {
    content_by_lua_block {
        for _, t in ipairs({"$", "a$", "${", "${1a}", "$ 1", "${ 1}", "$-", "$1$", "[${}]", "${n}", "$a"}) do
            ngx.say(t, " => ", ngx.re.gsub("abc", "(?<n>b)", t))
        end
    }
}
--- request
GET /t
--- response_body
$ => nilnilfailed to compile the replacement template
a$ => nilnilfailed to compile the replacement template
${ => nilnilfailed to compile the replacement template
${1a} => nilnilfailed to compile the replacement template
$ 1 => nilnilfailed to compile the replacement template
${ 1} => nilnilfailed to compile the replacement template
$- => nilnilfailed to compile the replacement template
$1$ => nilnilfailed to compile the replacement template
[${}] => nilnilfailed to compile the replacement template
${n} => nilnilfailed to compile the replacement template
$a => nilnilfailed to compile the replacement template
--- error_log
lua script: invalid capturing variable name found in "a$"
lua script: invalid capturing variable name found in "${"
the closing bracket in "1" variable is missing
the closing bracket in "" variable is missing
lua script: invalid capturing variable name found in "[${}]"
attempt to use named capturing variable "n" (named captures not supported yet)
attempt to use named capturing variable "a" (named captures not supported yet)

=== TEST 15: sub and gsub with a function
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.gsub("abc", "(b)", function(m) return m[1] .. "!" end))
        ngx.say(ngx.re.sub("hello world", "(?<w>\\w+)", function(m) return m.w:upper() .. m[0] end))
        ngx.say(ngx.re.gsub("abc", "(b)", function(m) return nil end))
        ngx.say(ngx.re.gsub("abc", "(b)", function(m) return 3 end))
        ngx.say(ngx.re.gsub("abc", "(b)|(c)", function(m) return tostring(m[1]) .. tostring(m[2]) end))
        -- the callback may use ngx.re itself, with the same regex
        ngx.say(ngx.re.gsub("a1b2", "\\d", function(m)
            return ngx.re.gsub(m[0] .. m[0], "\\d", "x", "o")
        end, "o"))
    }
}
--- request
GET /t
--- response_body
ab!c1
HELLOhello world1
anilc1
a3c1
abfalsefalsec2
axxbxx2

=== TEST 16: sub and gsub: bad arguments
--- config
location = /t {
    content_by_lua_block {
        local function e(...)
            local ok, err = pcall(...)
            ngx.say(ok, " ", (tostring(err):gsub("^.-:%d+: ", "")))
        end
        e(ngx.re.gsub, "hello", nil, "L")
        e(ngx.re.gsub, "hello", "l", "L", 5)
        e(ngx.re.sub, "hello", "l", "L", "z")
        e(ngx.re.sub, "hello", "l", function() end, "z")
    }
}
--- request
GET /t
--- response_body
false attempt to get length of local 'regex' (a nil value)
false attempt to get length of local 'opts' (a number value)
false unknown flag "z" (flags "z")
false unknown flag "z" (flags "z")

=== TEST 17: require "ngx.re": split
--- config
location = /t {
    content_by_lua_block {
        local ngx_re = require "ngx.re"
        local function show(res, err)
            if not res then ngx.say("nil ", err) return end
            local parts = {}
            for i = 1, #res do parts[i] = "[" .. res[i] .. "]" end
            ngx.say(#res, " ", table.concat(parts))
        end
        show(ngx_re.split("a,b,,c,,", ","))
        show(ngx_re.split("a,b,,c,,", ",", nil, nil, 2))
        show(ngx_re.split(",a,", ",", nil, nil, 5))
        show(ngx_re.split(",a,", ","))
        show(ngx_re.split("a,b,c", "(,)"))
        show(ngx_re.split("a,b,c", "(x)?,"))
        show(ngx_re.split("abc", ""))
        show(ngx_re.split("abc", "x*"))
        -- resty.core restarts pieces at the latest empty match: "axx", not "xx"
        show(ngx_re.split("axxb", "x*"))
        show(ngx_re.split("", ","))
        show(ngx_re.split("a1b2c", "\\d", "d"))
        show(ngx_re.split("a,b,c", ",", nil, nil, 1))
        show(ngx_re.split("a,b,c", ",", nil, nil, -1))
        show(ngx_re.split(nil, ","))
        show(ngx_re.split("a,b,c", ",", nil, {pos = 3}))
        show(ngx_re.split("a,b", ",", nil, {pos = 10}))
        local ctx = {}
        show(ngx_re.split("a,b,c", ",", nil, ctx, 2))
        ngx.say(ctx.pos)
        local res = {"q", "q", "q", "q", "q"}
        ngx.say(ngx_re.split("a,b", ",", nil, nil, nil, res) == res, " ", res[3], " ", res[4])
    }
}
--- request
GET /t
--- response_body
4 [a][b][][c]
2 [a][b,,c,,]
3 [][a][]
2 [][a]
5 [a][,][b][,][c]
3 [a][b][c]
3 [a][b][c]
3 [a][b][c]
3 [a][axx][b]
0 
3 [a][b][c]
1 [a,b,c]
3 [a][b][c]
1 [nil]
2 [b][c]
0 
2 [a][b,c]
2
true nil q

=== TEST 18: split: bad arguments
--- config
location = /t {
    content_by_lua_block {
        local ngx_re = require "ngx.re"
        local function e(...)
            local ok, err = pcall(...)
            ngx.say(ok, " ", (tostring(err):gsub("^.-:%d+: ", "")))
        end
        e(ngx_re.split, "a,b", nil)
        e(ngx_re.split, "a,b", ",", "z")
        e(ngx_re.split, "a,b,c", ",", nil, nil, nil, 5)
        local ok, err = pcall(function() local r = ngx_re.split("a", ",", nil, nil, nil, true) return r end)
        ngx.say(ok, " ", err:match("content_by_lua") ~= nil, " ", (err:gsub("^.-:%d+: ", "")))
    }
}
--- request
GET /t
--- response_body
false attempt to get length of local 'regex' (a nil value)
false unknown flag "z" (flags "z")
false res is not a table
false true res is not a table

=== TEST 19: require "ngx.re": opt, and what ngx.re holds
--- config
location = /t {
    content_by_lua_block {
        local ngx_re = require "ngx.re"
        ngx.say(select("#", ngx_re.opt("jit_stack_size", 128 * 1024)))
        ngx.say(pcall(ngx_re.opt, "jit_max_stack", 1))
        ngx.say(pcall(ngx_re.opt, "nope", 1))
        ngx.say(ngx.re.match("abc", "b", "jo")[0])
        local ok, err = pcall(ngx_re.opt, "jit_stack_size", 1024 * 1024)
        ngx.say(ok, " ", err)
        local keys = {}
        for k in pairs(ngx.re) do keys[#keys + 1] = k end
        table.sort(keys)
        ngx.say(table.concat(keys, ","), " ", ngx.re.split, " ", ngx.re.opt, " ", type(ngx_re.version))
    }
}
--- request
GET /t
--- response_body
0
falseunrecognized option name
falseunrecognized option name
b
false changing jit stack size is not allowed when some regexs have already been compiled and cached
find,gmatch,gsub,match,sub nil nil string

=== TEST 20: lua_regex_cache_max_entries: a full cache only stops caching
--- http_config
lua_regex_cache_max_entries 1;
--- config
location = /t {
    content_by_lua_block {
        for i = 1, 2 do
            ngx.say(ngx.re.match("abc", "b", "o")[0], ngx.re.match("abc", "c", "o")[0],
                    ngx.re.gsub("abc", "[ac]", "-", "o"), ngx.re.find("abc", "a", "jo"))
        end
    }
}
--- request
GET /t
--- response_body
bc-b-11
bc-b-11

=== TEST 21: lua_regex_match_limit: a runaway match fails
--- http_config
lua_regex_match_limit 1000;
--- config
location = /t {
    content_by_lua_block {
        ngx.say(ngx.re.match(string.rep("a", 30) .. "b", "^(a+)+$"))
        ngx.say(ngx.re.match("aab", "^(a+)+b$")[0])
    }
}
--- request
GET /t
--- response_body
nilpcre_exec() failed: -47
aab
--- note: PCRE2's code for the match limit; OpenResty with the old PCRE says -8

=== TEST 22: sub and gsub whose result is empty, and a $N past the regex's groups (empty)
--- config
location = /t {
    content_by_lua_block {
        local s, n = ngx.re.sub("x", "x", "$2")
        ngx.say("[", s, "] ", n)
        s, n = ngx.re.gsub("aaa", "a", "")
        ngx.say("[", s, "] ", n)
        s, n = ngx.re.sub("ab", "(a)(b)", "$2$1$3")
        ngx.say("[", s, "] ", n)
    }
}
--- request
GET /t
--- response_body
[] 1
[] 3
[ba] 1
