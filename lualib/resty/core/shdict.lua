-- ngx.shared.DICT methods over the C helper (shdict.c), replacing the
-- builtin ones in the metatable every dict shares. Each dict's zone is
-- found once, by the dict's name, when this module loads.

local ffi = require "ffi"
local base = require "resty.core.base"

local C = ffi.C
local ffi_new = ffi.new
local ffi_string = ffi.string
local get_size_ptr = base.get_size_ptr
local getmetatable = getmetatable
local setmetatable = setmetatable
local tonumber = tonumber
local tostring = tostring
local error = error
local pairs = pairs
local type = type
local ngx = ngx


ffi.cdef[[
typedef struct mg_ffi_shdict_s mg_ffi_shdict_t;

mg_ffi_shdict_t *mg_ffi_shdict_lookup(const unsigned char *name, size_t name_len);
size_t mg_ffi_shdict_capacity(mg_ffi_shdict_t *d);
size_t mg_ffi_shdict_free_space(mg_ffi_shdict_t *d);
void mg_ffi_shdict_free_buf(unsigned char *buf);
int mg_ffi_shdict_get(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen,
                      int get_stale, int *value_type, unsigned char **str_buf,
                      size_t *str_len, double *num, int *user_flags, int *is_stale);
int mg_ffi_shdict_store(mg_ffi_shdict_t *d, int op, const unsigned char *key,
                        size_t klen, int value_type, const unsigned char *str,
                        size_t len, double num, long exptime_ms, int user_flags,
                        const char **err, int *forcible);
int mg_ffi_shdict_incr(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen,
                       double *value, int has_init, double init, long init_ttl_ms,
                       const char **err, int *forcible);
int mg_ffi_shdict_flush_all(mg_ffi_shdict_t *d);
long mg_ffi_shdict_get_ttl(mg_ffi_shdict_t *d, const unsigned char *key, size_t klen);
int mg_ffi_shdict_set_expire(mg_ffi_shdict_t *d, const unsigned char *key,
                             size_t klen, long exptime_ms);
]]


local T_NIL, T_BOOL, T_NUM, T_STR = 0, 1, 3, 4      -- MG_FFI_SHDICT_T*
local OP_ADD, OP_REPLACE, OP_SAFE = 1, 2, 4         -- MG_FFI_SHDICT_*
local DECLINED = -5                                 -- MG_FFI_SHDICT_DECLINED
local KEY_MAX = 65535
local STR_BUF = 4096

local value_type = ffi_new("int[1]")
local num_value = ffi_new("double[1]")
local user_flags = ffi_new("int[1]")
local is_stale = ffi_new("int[1]")
local small_buf = ffi_new("unsigned char[?]", STR_BUF)
local str_buf = ffi_new("unsigned char *[1]")
str_buf[0] = small_buf
local errmsg = ffi_new("const char *[1]")
local forcible = ffi_new("int[1]")

local zones = setmetatable({}, { __mode = "k" })    -- dict table -> zone


local _M = { version = base.version }


local function check_zone(zone)
    local z = type(zone) == "table" and zones[zone]
    if not z then
        error('bad "zone" argument', 3)
    end
    return z
end


-- the key as a string, or nil and the error resty.core returns for it
local function check_key(key)
    if key == nil then
        return nil, "nil key"
    end
    if type(key) ~= "string" then
        key = tostring(key)
    end
    local len = #key
    if len == 0 then
        return nil, "empty key"
    end
    if len > KEY_MAX then
        return nil, "key too long"
    end
    return key
end


-- v as a number; `level` is error()'s level as seen from to_number's caller
-- (2, the default: whoever called that caller)
local function to_number(v, what, level)
    if type(v) == "number" then
        return v
    end
    local n = tonumber(v)
    if not n then
        error("bad " .. what .. " arg: number expected, got " .. type(v), (level or 2) + 1)
    end
    return n
end


-- an exptime in seconds, checked; errors at the caller of the method
local function check_exptime(exptime)
    exptime = to_number(exptime, "exptime", 3)
    if exptime < 0 then
        error('bad "exptime" argument', 4)
    end
    return exptime
end


local function shdict_store(zone, op, key, value, exptime, flags)
    zone = check_zone(zone)
    exptime = exptime and check_exptime(exptime) or 0
    local key, err = check_key(key)
    if not key then
        return nil, err
    end

    local typ, str, num = T_STR, value, 0
    local vtype = type(value)
    if vtype == "number" then
        typ, str, num = T_NUM, nil, value
    elseif value == nil then
        typ, str = T_NIL, nil
    elseif vtype == "boolean" then
        typ, str, num = T_BOOL, nil, value and 1 or 0
    elseif vtype ~= "string" then
        return nil, "bad value type"
    end

    local rc = C.mg_ffi_shdict_store(zone, op, key, #key, typ, str, str and #str or 0,
                                     num, exptime * 1000, flags and to_number(flags, "flags") or 0,
                                     errmsg, forcible)
    if rc == 0 then
        return true, nil, forcible[0] == 1
    end
    return false, ffi_string(errmsg[0]), forcible[0] == 1
end


local function read_value()
    local typ = value_type[0]
    if typ == T_STR then
        -- the C side allocates a buffer only for a value longer than
        -- small_buf: a length test spares reading back and comparing the
        -- pointer (two cdata operations) on the common path
        local len = tonumber(get_size_ptr()[0])
        if len <= STR_BUF then
            return ffi_string(small_buf, len)
        end
        local buf = str_buf[0]
        local s = ffi_string(buf, len)
        C.mg_ffi_shdict_free_buf(buf)
        str_buf[0] = small_buf      -- what the next get offers the C side again
        return s
    end
    if typ == T_NUM then
        return tonumber(num_value[0])
    end
    if typ == T_BOOL then
        return num_value[0] ~= 0
    end
    error("unknown value type: " .. typ)
end


local function shdict_get_helper(zone, key, stale)
    zone = check_zone(zone)
    local key, err = check_key(key)
    if not key then
        return nil, err
    end
    local size = get_size_ptr()
    size[0] = STR_BUF           -- str_buf[0] is small_buf (read_value puts it back)
    C.mg_ffi_shdict_get(zone, key, #key, stale and 1 or 0, value_type, str_buf, size,
                        num_value, user_flags, is_stale)
    if value_type[0] == T_NIL then
        return nil
    end
    local value = read_value()
    local flags = user_flags[0]
    if stale then
        return value, flags ~= 0 and flags or nil, is_stale[0] == 1
    end
    if flags ~= 0 then
        return value, flags
    end
    return value
end


local function shdict_get(zone, key)
    return shdict_get_helper(zone, key, false)
end


local function shdict_get_stale(zone, key)
    return shdict_get_helper(zone, key, true)
end


local function shdict_set(zone, key, value, exptime, flags)
    return shdict_store(zone, 0, key, value, exptime, flags)
end


local function shdict_safe_set(zone, key, value, exptime, flags)
    return shdict_store(zone, OP_SAFE, key, value, exptime, flags)
end


local function shdict_add(zone, key, value, exptime, flags)
    return shdict_store(zone, OP_ADD, key, value, exptime, flags)
end


local function shdict_safe_add(zone, key, value, exptime, flags)
    return shdict_store(zone, OP_ADD + OP_SAFE, key, value, exptime, flags)
end


local function shdict_replace(zone, key, value, exptime, flags)
    return shdict_store(zone, OP_REPLACE, key, value, exptime, flags)
end


local function shdict_delete(zone, key)
    return shdict_store(zone, 0, key, nil)
end


local function shdict_incr(zone, key, value, init, init_ttl)
    zone = check_zone(zone)
    local key, err = check_key(key)
    if not key then
        return nil, err
    end
    num_value[0] = to_number(value, "value")
    local has_init = 0
    if init ~= nil then
        init = to_number(init, "init")
        has_init = 1
    else
        init = 0
    end
    if init_ttl ~= nil then
        init_ttl = to_number(init_ttl, "init_ttl")
        if init_ttl < 0 then
            error('bad "init_ttl" argument', 2)
        end
        if has_init == 0 then
            error('must provide "init" when providing "init_ttl"', 2)
        end
    else
        init_ttl = 0
    end
    local rc = C.mg_ffi_shdict_incr(zone, key, #key, num_value, has_init, init,
                                    init_ttl * 1000, errmsg, forcible)
    if rc ~= 0 then
        return nil, ffi_string(errmsg[0])
    end
    if has_init == 0 then
        return tonumber(num_value[0])
    end
    return tonumber(num_value[0]), nil, forcible[0] == 1
end


local function shdict_ttl(zone, key)
    zone = check_zone(zone)
    local key, err = check_key(key)
    if not key then
        return nil, err
    end
    local ms = C.mg_ffi_shdict_get_ttl(zone, key, #key)
    if ms == DECLINED then
        return nil, "not found"
    end
    return tonumber(ms) / 1000
end


local function shdict_expire(zone, key, exptime)
    zone = check_zone(zone)
    if exptime == nil then
        error('bad "exptime" argument', 2)
    end
    exptime = check_exptime(exptime)
    local key, err = check_key(key)
    if not key then
        return nil, err
    end
    if C.mg_ffi_shdict_set_expire(zone, key, #key, exptime * 1000) == DECLINED then
        return nil, "not found"
    end
    return true
end


local function shdict_flush_all(zone)
    C.mg_ffi_shdict_flush_all(check_zone(zone))
end


local function shdict_capacity(zone)
    return tonumber(C.mg_ffi_shdict_capacity(check_zone(zone)))
end


local function shdict_free_space(zone)
    return tonumber(C.mg_ffi_shdict_free_space(check_zone(zone)))
end


-- every dict shares one metatable: its __index gets the FFI methods (the
-- lists, flush_expired and get_keys stay the builtin ones, as they are C
-- functions in lua-nginx-module too)
local shared = ngx.shared
local index
for name, dict in pairs(shared) do
    local zone = C.mg_ffi_shdict_lookup(name, #name)
    if zone ~= nil then
        zones[dict] = zone
        index = index or getmetatable(dict).__index
    end
end

if index then
    index.get = shdict_get
    index.get_stale = shdict_get_stale
    index.set = shdict_set
    index.safe_set = shdict_safe_set
    index.add = shdict_add
    index.safe_add = shdict_safe_add
    index.replace = shdict_replace
    index.delete = shdict_delete
    index.incr = shdict_incr
    index.ttl = shdict_ttl
    index.expire = shdict_expire
    index.flush_all = shdict_flush_all
    index.capacity = shdict_capacity
    index.free_space = shdict_free_space
end


return _M
