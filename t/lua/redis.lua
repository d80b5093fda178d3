-- A small Redis client on cosockets (ngx.socket.tcp), for the tests of
-- t/gateway/test_redis.py: commands go out as RESP arrays of bulk strings,
-- replies are parsed as RESP2 (+ - : $ *). Like lua-resty-redis, any
-- method name that is not one of the client's own is sent as a command
-- (red:set("k", "v")), an error reply comes back as `false, "ERR ..."`,
-- a nil bulk or array as ngx.null, and a failure of the connection as
-- `nil, err`. Commands queued between init_pipeline and commit_pipeline
-- go out in one send.

local tcp = ngx.socket.tcp
local null = ngx.null
local sub = string.sub
local tonumber = tonumber
local tostring = tostring
local select = select

local _M = {}
local mt = {__index = _M}

function _M.new()
    local sock, err = tcp()
    if not sock then
        return nil, err
    end
    -- every field is set here: a missing one would be looked up as a command
    return setmetatable({sock = sock, queued = false}, mt)
end

function _M:set_timeout(ms)
    return self.sock:settimeout(ms)
end

function _M:connect(...)
    return self.sock:connect(...)
end

function _M:set_keepalive(...)
    return self.sock:setkeepalive(...)
end

function _M:get_reused_times()
    return self.sock:getreusedtimes()
end

function _M:close()
    return self.sock:close()
end

-- a command as RESP: *<n>\r\n then $<len>\r\n<arg>\r\n for each argument,
-- as a nested array table (send flattens it)
local function encode(...)
    local n = select("#", ...)
    local out = {"*", n, "\r\n"}
    for i = 1, n do
        local arg = tostring((select(i, ...)))
        out[#out + 1] = {"$", #arg, "\r\n", arg, "\r\n"}
    end
    return out
end

local function read_reply(sock)
    local line, err = sock:receive()
    if not line then
        return nil, err
    end
    local kind, rest = sub(line, 1, 1), sub(line, 2)
    if kind == "+" then
        return rest
    elseif kind == "-" then
        return false, rest
    elseif kind == ":" then
        return tonumber(rest)
    elseif kind == "$" then
        local size = tonumber(rest)
        if size < 0 then
            return null
        end
        local data, rerr = sock:receive(size + 2)      -- the value and its CRLF
        if not data then
            return nil, rerr
        end
        return sub(data, 1, size)
    elseif kind == "*" then
        local count = tonumber(rest)
        if count < 0 then
            return null
        end
        local items = {}
        for i = 1, count do
            local item, ierr = read_reply(sock)
            if item == nil then
                return nil, ierr
            end
            items[i] = item == false and {false, ierr} or item
        end
        return items
    end
    return nil, "bad reply: " .. line
end

function _M:command(...)
    local queue = self.queued
    if queue then
        queue[#queue + 1] = encode(...)
        return "OK"
    end
    local sock = self.sock
    local ok, err = sock:send(encode(...))
    if not ok then
        return nil, err
    end
    return read_reply(sock)
end

function _M:init_pipeline()
    self.queued = {}
end

function _M:commit_pipeline()
    local queue = self.queued
    self.queued = false
    if not queue or #queue == 0 then
        return nil, "no pipeline"
    end
    local sock = self.sock
    local ok, err = sock:send(queue)
    if not ok then
        return nil, err
    end
    local replies = {}
    for i = 1, #queue do
        local reply, rerr = read_reply(sock)
        if reply == nil then
            return nil, rerr
        end
        replies[i] = reply == false and {false, rerr} or reply
    end
    return replies
end

-- every other method is a Redis command of that name
setmetatable(_M, {__index = function(_, name)
    local command = function(self, ...)
        return self:command(name, ...)
    end
    _M[name] = command
    return command
end})

return _M
