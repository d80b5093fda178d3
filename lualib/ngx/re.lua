-- ngx.re: split and opt, which OpenResty has only in this module, over the
-- regex side of resty.core (resty/core/regex.lua).

local base = require "resty.core.base"
local core_regex = require "resty.core.regex"

local compile = core_regex.compile
local exec = core_regex.exec
local exec_error = core_regex.exec_error
local set_jit_stack_size = core_regex.set_jit_stack_size
local sub = string.sub
local tostring = tostring
local error = error
local type = type


local NOMATCH = -1              -- MG_FFI_REGEX_NOMATCH


local _M = { version = base.version }


local function finish(ctx, search, ...)
    if ctx then
        ctx.pos = search
    end
    return ...
end


-- The pieces of subj between the matches of regex; a first capture group's
-- value goes in between them. As resty.core does it: trailing empty pieces
-- are dropped unless max > 0, at most max pieces when max > 0, and ctx.pos
-- (1-based) says where to start, ending as the last 0-based search offset.
function _M.split(subj, regex, opts, ctx, max, res)
    if type(subj) ~= "string" then
        subj = tostring(subj)
    end
    local pos = 1
    if ctx then
        pos = ctx.pos
        if not pos then
            pos = 1
            ctx.pos = pos
        end
    end
    if not max then
        max = 0
    elseif type(max) ~= "number" then
        error("attempt to compare number with " .. type(max), 2)
    end
    if not res then
        res = {}
    elseif type(res) ~= "table" then
        error("res is not a table", 2)
    end
    if type(pos) ~= "number" then
        error("attempt to compare number with " .. type(pos), 2)
    end
    local size = #subj
    if pos > size then
        res[1] = nil
        return res
    end
    local compiled, err = compile(regex, opts)
    if not compiled then
        return nil, err
    end

    local caps = compiled.caps
    local piece = pos           -- 1-based start of the current piece
    local search = pos - 1      -- 0-based offset of the next search
    local last_empty            -- where the last empty match was (1-based)
    local n, count = 0, 1

    while max <= 0 or count < max do
        local rc = exec(compiled, subj, search > 0 and search or 0)
        if rc == NOMATCH then
            break
        end
        if rc < 0 then
            return finish(ctx, search, nil, exec_error(rc))
        end
        local from, to = caps[0], caps[1]
        search = from == to and to + 1 or to
        local first_group
        if compiled.ncap > 0 and rc > 1 then
            first_group = sub(subj, caps[2] + 1, caps[3])
        end
        from, to = from + 1, to + 1     -- 1-based; to is the byte after the match
        -- once an empty match was seen, each piece restarts where the latest
        -- one was
        if last_empty then
            piece = last_empty
        end
        if from == to then
            last_empty = from
        end
        if from > piece or not last_empty then
            count = count + 1
            n = n + 1
            res[n] = sub(subj, piece > 1 and piece or 1, from - 1)
            if first_group then
                n = n + 1
                res[n] = first_group
            end
            piece = to
            if piece > size then
                break
            end
        end
    end

    if max <= 0 and piece > size then
        while n > 0 and res[n] == "" do
            res[n] = nil
            n = n - 1
        end
    else
        n = n + 1
        res[n] = sub(subj, piece > 1 and piece or 1)
    end
    res[n + 1] = nil
    return finish(ctx, search, res)
end


function _M.opt(option, value)
    if option ~= "jit_stack_size" then
        error("unrecognized option name", 2)
    end
    set_jit_stack_size(value)   -- not a tail call: its errors count this frame
end


return _M
