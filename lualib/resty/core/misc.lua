-- ngx.hmac_sha1 over the C helpers (hmac.c). OpenResty has it as a C
-- function, so its arguments are checked as C functions check them: exactly
-- two, each a string or a number (numbers convert), the function named in
-- errors as its caller named it.

local ffi = require "ffi"
local base = require "resty.core.base"

local C = ffi.C
local ffi_string = ffi.string
local get_string_buf = base.get_string_buf
local getinfo = debug.getinfo
local select = select
local tostring = tostring
local error = error
local type = type
local ngx = ngx


ffi.cdef[[
void mg_ffi_hmac_sha1(const unsigned char *key, size_t klen,
                      const unsigned char *src, size_t len,
                      unsigned char *dst);
]]


local SHA1_LEN = 20


local _M = { version = base.version }


-- luaL_checklstring's check, with luaL_argerror's message
local function check_string(v, n)
    local t = type(v)
    if t == "string" then
        return v
    end
    if t == "number" then
        return tostring(v)
    end
    local name = getinfo(2, "n").name or "?"   -- hmac_sha1, as its caller named it
    error("bad argument #" .. n .. " to '" .. name .. "' (string expected, got "
          .. t .. ")", 3)
end


function ngx.hmac_sha1(...)
    local n = select("#", ...)
    if n ~= 2 then
        error("expecting 2 arguments, but got " .. n, 2)
    end

    local key, s = ...
    if type(key) ~= "string" then
        key = check_string(key, 1)
    end
    if type(s) ~= "string" then
        s = check_string(s, 2)
    end

    local dst = get_string_buf(SHA1_LEN)
    C.mg_ffi_hmac_sha1(key, #key, s, #s, dst)
    return ffi_string(dst, SHA1_LEN)
end


return _M
