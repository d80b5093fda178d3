-- resty.core.base: what every resty.core module shares. The return codes of
-- the C side, one reusable string buffer for C output, size_t and error
-- message out-pointers, and the version of this resty.core.

local ffi = require "ffi"

local ffi_new = ffi.new
local tostring = tostring
local type = type


local _M = {
    version = "0.1.27",         -- the lua-resty-core release it follows
    moongate = true,            -- this is Moongate's lualib, not OpenResty's

    -- nginx's return codes, as C functions give them
    FFI_OK = 0,
    FFI_NO_REQ_CTX = -100,
    FFI_BAD_CONTEXT = -101,
    FFI_ERROR = -1,
    FFI_AGAIN = -2,
    FFI_BUSY = -3,
    FFI_DONE = -4,
    FFI_DECLINED = -5,
}


-- The string argument of the codecs (ngx.md5, ngx.encode_base64,
-- ngx.escape_uri, ...): nil and false are "", other values go through
-- tostring, as lua-nginx-module's C functions take them.
function _M.to_string(s)
    if type(s) == "string" then
        return s
    end
    if not s then
        return ""
    end
    return tostring(s)
end


local str_buf_size = 4096
local str_buf            -- created on first use
local size_ptr
local errmsg_ptr


-- A buffer of at least size bytes for C output. It is shared: copy out of it
-- (ffi.string) before anything else may use it. Grows as needed, keeping the
-- larger one.
function _M.get_string_buf(size, must_alloc)
    if size > str_buf_size or must_alloc then
        local buf = ffi_new("unsigned char[?]", size)
        if not must_alloc then
            str_buf_size = size
            str_buf = buf
        end
        return buf
    end
    if not str_buf then
        str_buf = ffi_new("unsigned char[?]", str_buf_size)
    end
    return str_buf
end


function _M.get_string_buf_size()
    return str_buf_size
end


-- One size_t out-parameter (a length the C side writes).
function _M.get_size_ptr()
    if not size_ptr then
        size_ptr = ffi_new("size_t[1]")
    end
    return size_ptr
end


-- One `char *` out-parameter (an error message the C side points at).
function _M.get_errmsg_ptr()
    if not errmsg_ptr then
        errmsg_ptr = ffi_new("char *[1]")
    end
    return errmsg_ptr
end


return _M
