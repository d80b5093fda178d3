-- ngx.encode_base64 and ngx.decode_base64 over the C helpers (base64.c).

local ffi = require "ffi"
local base = require "resty.core.base"

local C = ffi.C
local ffi_string = ffi.string
local get_string_buf = base.get_string_buf
local to_string = base.to_string
local get_size_ptr = base.get_size_ptr
local floor = math.floor
local error = error
local type = type
local ngx = ngx


ffi.cdef[[
size_t mg_ffi_encode_base64(const unsigned char *src, size_t len,
                            unsigned char *dst, int no_padding);
int mg_ffi_decode_base64(const unsigned char *src, size_t len,
                         unsigned char *dst, size_t *dlen);
]]


local _M = { version = base.version }


-- what mg_ffi_base64_encoded_length and _decoded_length compute, in Lua
local function encoded_length(len, no_padding)
    if no_padding then
        return floor((len * 4 + 2) / 3)
    end
    return floor((len + 2) / 3) * 4
end
_M.encoded_length = encoded_length


local function decoded_length(len)
    return floor((len + 3) / 4) * 3
end
_M.decoded_length = decoded_length


function ngx.encode_base64(s, no_padding)
    s = to_string(s)

    local pad
    if no_padding then
        if no_padding ~= true then
            error("bad no_padding: boolean expected, got " .. type(no_padding), 2)
        end
        pad = 1
    else
        pad = 0
    end

    local len = #s
    local dst = get_string_buf(encoded_length(len, no_padding))
    local n = C.mg_ffi_encode_base64(s, len, dst, pad)
    return ffi_string(dst, n)
end


function ngx.decode_base64(s)
    if type(s) ~= "string" then
        error("string argument only", 2)
    end

    local len = #s
    local dst = get_string_buf(decoded_length(len))
    local dlen = get_size_ptr()
    if C.mg_ffi_decode_base64(s, len, dst, dlen) ~= 0 then
        return nil
    end
    return ffi_string(dst, dlen[0])
end


return _M
