-- ngx.escape_uri and ngx.unescape_uri over the C helpers (uri.c). Any string
-- argument goes: nil and false are "", other values go through tostring.

local ffi = require "ffi"
local base = require "resty.core.base"

local C = ffi.C
local ffi_string = ffi.string
local get_string_buf = base.get_string_buf
local to_string = base.to_string
local floor = math.floor
local error = error
local type = type
local ngx = ngx


ffi.cdef[[
size_t mg_ffi_escape_uri(const unsigned char *src, size_t len,
                         unsigned char *dst, int type);
size_t mg_ffi_unescape_uri(const unsigned char *src, size_t len,
                           unsigned char *dst, int plus);
]]


-- nginx's escape types (NGX_ESCAPE_*), as mg_ffi.h numbers them
local ESCAPE_URI = 0
local ESCAPE_URI_COMPONENT = 2      -- escape_uri's default
local ESCAPE_MAIL_AUTH = 6          -- the last one


local _M = { version = base.version }


function ngx.escape_uri(s, esc_type)
    s = to_string(s)

    if esc_type == nil then
        esc_type = ESCAPE_URI_COMPONENT
    else
        if type(esc_type) ~= "number" then
            error("\"type\" is not a number", 3)
        end
        -- written so that NaN is out of range too
        if not (esc_type >= ESCAPE_URI and esc_type <= ESCAPE_MAIL_AUTH) then
            error("\"type\" " .. esc_type .. " out of range", 3)
        end
        esc_type = floor(esc_type)
    end

    local len = #s
    local size = C.mg_ffi_escape_uri(s, len, nil, esc_type)
    if size == len then
        return s            -- nothing to escape
    end
    local dst = get_string_buf(size)
    C.mg_ffi_escape_uri(s, len, dst, esc_type)
    return ffi_string(dst, size)
end


function ngx.unescape_uri(s)
    s = to_string(s)

    local len = #s
    local dst = get_string_buf(len)
    return ffi_string(dst, C.mg_ffi_unescape_uri(s, len, dst, 1))
end


return _M
