-- ngx.md5, ngx.md5_bin, ngx.sha1_bin, ngx.crc32_short and ngx.crc32_long over
-- the C helpers (md5.c, sha1.c, crc32.c). Any argument goes: nil and false
-- are "", other values go through tostring.

local ffi = require "ffi"
local base = require "resty.core.base"

local C = ffi.C
local ffi_string = ffi.string
local get_string_buf = base.get_string_buf
local tostring = tostring
local type = type
local ngx = ngx


ffi.cdef[[
void mg_ffi_md5(const unsigned char *src, size_t len, unsigned char *dst);
void mg_ffi_md5_hex(const unsigned char *src, size_t len, unsigned char *dst);
void mg_ffi_sha1_bin(const unsigned char *src, size_t len, unsigned char *dst);
unsigned int mg_ffi_crc32_short(const unsigned char *src, size_t len);
unsigned int mg_ffi_crc32_long(const unsigned char *src, size_t len);
]]


local MD5_LEN = 16
local MD5_HEX_LEN = 32
local SHA1_LEN = 20


local _M = { version = base.version }


local function to_string(s)
    if type(s) == "string" then
        return s
    end
    if not s then
        return ""
    end
    return tostring(s)
end


function ngx.md5(s)
    s = to_string(s)
    local dst = get_string_buf(MD5_HEX_LEN)
    C.mg_ffi_md5_hex(s, #s, dst)
    return ffi_string(dst, MD5_HEX_LEN)
end


function ngx.md5_bin(s)
    s = to_string(s)
    local dst = get_string_buf(MD5_LEN)
    C.mg_ffi_md5(s, #s, dst)
    return ffi_string(dst, MD5_LEN)
end


function ngx.sha1_bin(s)
    s = to_string(s)
    local dst = get_string_buf(SHA1_LEN)
    C.mg_ffi_sha1_bin(s, #s, dst)
    return ffi_string(dst, SHA1_LEN)
end


function ngx.crc32_short(s)
    s = to_string(s)
    return C.mg_ffi_crc32_short(s, #s)
end


function ngx.crc32_long(s)
    s = to_string(s)
    return C.mg_ffi_crc32_long(s, #s)
end


return _M
