-- ngx.md5, ngx.md5_bin, ngx.sha1_bin, ngx.crc32_short and ngx.crc32_long over
-- the C helpers (md5.c, sha1.c, crc32.c). Any argument goes: nil and false
-- are "", other values go through tostring.

local ffi = require "ffi"
local base = require "resty.core.base"

local C = ffi.C
local ffi_string = ffi.string
local get_string_buf = base.get_string_buf
local to_string = base.to_string
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


-- ngx.md5 and friends: the C digest function fills `size` bytes
local function digest(name, size)
    return function(s)
        s = to_string(s)
        local dst = get_string_buf(size)
        C[name](s, #s, dst)
        return ffi_string(dst, size)
    end
end


ngx.md5 = digest("mg_ffi_md5_hex", MD5_HEX_LEN)
ngx.md5_bin = digest("mg_ffi_md5", MD5_LEN)
ngx.sha1_bin = digest("mg_ffi_sha1_bin", SHA1_LEN)


function ngx.crc32_short(s)
    s = to_string(s)
    return C.mg_ffi_crc32_short(s, #s)
end


function ngx.crc32_long(s)
    s = to_string(s)
    return C.mg_ffi_crc32_long(s, #s)
end


return _M
