-- ngx.base64: the URL-safe alphabet of RFC 4648 section 5, never padded,
-- over the C helpers (base64.c). Bad use returns nil and a message.

local ffi = require "ffi"
local base = require "resty.core.base"
local core_base64 = require "resty.core.base64"

local C = ffi.C
local ffi_string = ffi.string
local get_string_buf = base.get_string_buf
local get_size_ptr = base.get_size_ptr
local encoded_length = core_base64.encoded_length
local decoded_length = core_base64.decoded_length
local type = type


ffi.cdef[[
size_t mg_ffi_encode_base64url(const unsigned char *src, size_t len,
                               unsigned char *dst);
int mg_ffi_decode_base64url(const unsigned char *src, size_t len,
                            unsigned char *dst, size_t *dlen);
]]


local _M = { version = base.version }


function _M.encode_base64url(s)
    if type(s) ~= "string" then
        return nil, "must provide a string"
    end

    local len = #s
    local dst = get_string_buf(encoded_length(len, true))
    local n = C.mg_ffi_encode_base64url(s, len, dst)
    return ffi_string(dst, n)
end


function _M.decode_base64url(s)
    if type(s) ~= "string" then
        return nil, "must provide a string"
    end

    local len = #s
    local dst = get_string_buf(decoded_length(len))
    local dlen = get_size_ptr()
    if C.mg_ffi_decode_base64url(s, len, dst, dlen) ~= 0 then
        return nil, "invalid input"
    end
    return ffi_string(dst, dlen[0])
end


return _M
