-- A small HTTP/1.1 client on cosockets (ngx.socket.tcp), for the tests of
-- t/gateway/test_http_client.py.
--
--   local http = require "http_client"
--   local res, err = http.request{host = "127.0.0.1", port = 8080, method = "POST",
--                                 path = "/x", headers = {["X-A"] = "1"}, body = "data"}
--   -- res.status, res.headers (lower-case names; a repeated one is a table),
--   -- res.body, res.reused (how often the connection had served before)
--
-- Response bodies are read by Content-Length, chunked encoding, or up to
-- the close of the connection. Connections go back to the cosocket pool
-- when both sides allow keep-alive (`keepalive = false` asks for close).

local tcp = ngx.socket.tcp
local lower = string.lower
local tonumber = tonumber
local pairs = pairs
local type = type

local _M = {}

local NO_BODY = {[204] = true, [304] = true}

local function request_head(opts, keepalive)
    local head = {opts.method or "GET", " ", opts.path or "/", " HTTP/1.1\r\n"}
    local headers = opts.headers or {}
    local seen = {}
    for name, value in pairs(headers) do
        seen[lower(name)] = true
        head[#head + 1] = {name, ": ", value, "\r\n"}
    end
    if not seen.host then
        head[#head + 1] = {"Host: ", opts.host, "\r\n"}
    end
    if opts.body and not seen["content-length"] then
        head[#head + 1] = {"Content-Length: ", #opts.body, "\r\n"}
    end
    if not seen.connection then
        head[#head + 1] = keepalive and "Connection: keep-alive\r\n" or "Connection: close\r\n"
    end
    head[#head + 1] = "\r\n"
    return head
end

local function read_headers(sock)
    local headers = {}
    while true do
        local line, err = sock:receive()
        if not line then
            return nil, err
        end
        if line == "" then
            return headers
        end
        local name, value = line:match("^([^:]+):%s*(.-)%s*$")
        if name then
            name = lower(name)
            local old = headers[name]
            if old == nil then
                headers[name] = value
            elseif type(old) == "table" then
                old[#old + 1] = value
            else
                headers[name] = {old, value}
            end
        end
    end
end

local function read_chunked(sock)
    local parts = {}
    while true do
        local line, err = sock:receive()
        if not line then
            return nil, err
        end
        local size = tonumber(line:match("^%x+"), 16)
        if not size then
            return nil, "bad chunk size: " .. line
        end
        if size == 0 then
            repeat                      -- the trailer, up to its empty line
                line, err = sock:receive()
                if not line then
                    return nil, err
                end
            until line == ""
            return table.concat(parts)
        end
        local data
        data, err = sock:receive(size)
        if not data then
            return nil, err
        end
        parts[#parts + 1] = data
        local crlf
        crlf, err = sock:receive(2)
        if crlf ~= "\r\n" then
            return nil, err or "bad chunk end"
        end
    end
end

-- the body (or nil, err), and whether the connection may serve another request
local function read_body(sock, method, status, headers)
    if method == "HEAD" or NO_BODY[status] or status < 200 then
        return "", nil, true
    end
    local encoding = headers["transfer-encoding"]
    if encoding and lower(encoding):find("chunked", 1, true) then
        local body, err = read_chunked(sock)
        return body, err, true
    end
    local length = tonumber(headers["content-length"])
    if length then
        local body, err = sock:receive(length)
        return body, err, true
    end
    local body, err = sock:receive("*a")    -- delimited by the close
    return body, err, false
end

function _M.request(opts)
    local sock = tcp()
    sock:settimeout(opts.timeout or 5000)
    local ok, err = sock:connect(opts.host, opts.port, opts.pool and {pool = opts.pool})
    if not ok then
        return nil, "connect: " .. err
    end
    local keepalive = opts.keepalive ~= false
    local reused = sock:getreusedtimes()
    ok, err = sock:send({request_head(opts, keepalive), opts.body or ""})
    if not ok then
        return nil, "send: " .. err
    end
    local line
    line, err = sock:receive()
    if not line then
        return nil, "status line: " .. err
    end
    local version, status = line:match("^HTTP/(%d%.%d) (%d%d%d)")
    if not status then
        return nil, "bad status line: " .. line
    end
    status = tonumber(status)
    local headers
    headers, err = read_headers(sock)
    if not headers then
        return nil, "headers: " .. err
    end
    local body, berr, reusable = read_body(sock, opts.method or "GET", status, headers)
    if not body then
        return nil, "body: " .. berr
    end
    local connection = lower(headers.connection or "")
    if keepalive and reusable and version == "1.1" and connection ~= "close" then
        sock:setkeepalive()
    else
        sock:close()
    end
    return {status = status, headers = headers, body = body, reused = reused}
end

return _M
