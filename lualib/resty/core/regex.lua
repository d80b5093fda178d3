-- ngx.re.match, find, gmatch, sub and gsub over the PCRE2 helper (regex.c).
-- ngx/re.lua builds split and opt on what this module exports.
--
-- A compiled regex is a Lua table around the C handle: its capture count,
-- its capture offsets (an int array the C side fills on each exec) and its
-- named groups, read once. Regexes compiled with "o" stay in a cache of
-- lua_regex_cache_max_entries entries that drops the least recently used
-- one when full, as lua-resty-core's does (the builtin path, like
-- lua-nginx-module's C functions, stops caching instead and warns); a cached
-- regex also keeps its compiled replacement templates. A hot
-- `ngx.re.match(s, re, "jo")` so makes no C call but the exec.

local ffi = require "ffi"
local bit = require "bit"
local base = require "resty.core.base"

local C = ffi.C
local band = bit.band
local ffi_gc = ffi.gc
local ffi_new = ffi.new
local ffi_string = ffi.string
local sub = string.sub
local byte = string.byte
local concat = table.concat
local floor = math.floor
local setmetatable = setmetatable
local tostring = tostring
local error = error
local type = type
local ngx = ngx
local ngx_log = ngx.log
local ngx_ERR = ngx.ERR


ffi.cdef[[
typedef struct mg_ffi_regex_s {
    int ncaptures;
    int *captures;
    int name_count;
    int name_entry_size;
    const unsigned char *name_table;
    int flags;
    int cached;
    void *priv;
} mg_ffi_regex_t;

typedef struct mg_ffi_regex_tpl_s mg_ffi_regex_tpl_t;

int mg_ffi_regex_parse_opts(const unsigned char *opts, size_t len,
                            int *flags);
mg_ffi_regex_t *mg_ffi_regex_compile(const unsigned char *pat, size_t len,
                                     int flags, char *errstr,
                                     size_t errstr_size);
void mg_ffi_regex_free(mg_ffi_regex_t *re);
int mg_ffi_regex_exec(mg_ffi_regex_t *re, const unsigned char *subj,
                      size_t len, int pos);
mg_ffi_regex_tpl_t *mg_ffi_regex_tpl_compile(mg_ffi_regex_t *re,
                                             const unsigned char *tpl,
                                             size_t len, int allow_names,
                                             char *errstr,
                                             size_t errstr_size);
void mg_ffi_regex_tpl_free(mg_ffi_regex_tpl_t *tpl);
int mg_ffi_regex_subst(mg_ffi_regex_t *re, const mg_ffi_regex_tpl_t *tpl,
                       const unsigned char *subj, size_t len, int global,
                       const unsigned char **out, size_t *out_len);
int mg_ffi_regex_cache_max(int max);
int mg_ffi_regex_set_jit_stack_size(int size, char *errstr,
                                    size_t errstr_size);
]]


local NOMATCH = -1              -- MG_FFI_REGEX_NOMATCH
local NOMEM = -1001             -- MG_FFI_REGEX_NOMEM
local FLAG_ONCE = 128           -- MG_FFI_REGEX_ONCE
local NOT_ONCE = bit.bnot(FLAG_ONCE)
local FLAG_DUPNAMES = 512       -- MG_FFI_REGEX_DUPNAMES
local ERRBUF_SIZE = 128         -- longer messages are cut, as resty.core's are

local errbuf = ffi_new("char[?]", ERRBUF_SIZE)
local flags_ptr = ffi_new("int[1]")
local out_ptr = ffi_new("const unsigned char *[1]")
local out_len_ptr = ffi_new("size_t[1]")

-- lua_regex_cache_max_entries, as the worker set it before loading us
local cache_max = C.mg_ffi_regex_cache_max(-1)

local flags_of = {}             -- option string -> flags


local _M = { version = base.version }


local function exec_error(rc)
    if rc == NOMEM then
        return "no memory"
    end
    return "pcre_exec() failed: " .. rc
end
_M.exec_error = exec_error


local function parse_opts(opts)
    local flags = flags_of[opts]
    if flags then
        return flags
    end
    local len = #opts           -- a non-string fails here, as in resty.core
    local bad = C.mg_ffi_regex_parse_opts(opts, len, flags_ptr)
    if bad ~= 0 then
        -- level 4: the user's call of the ngx.re function that compiles
        error('unknown flag "' .. sub(opts, bad, bad) .. '" (flags "' .. opts .. '")', 4)
    end
    flags = flags_ptr[0]
    flags_of[opts] = flags
    return flags
end


-- The named groups as {name, group, ...}: the name table's entries are the
-- group number in two bytes, big-endian, then the NUL-terminated name.
local function read_names(ptr)
    local count = ptr.name_count
    if count == 0 then
        return nil
    end
    local names = {}
    local size, entries = ptr.name_entry_size, ptr.name_table
    for i = 0, count - 1 do
        local entry = entries + i * size
        names[2 * i + 1] = ffi_string(entry + 2)
        names[2 * i + 2] = entry[0] * 256 + entry[1]
    end
    return names
end


local function wrap(ptr, cached)
    return {
        ptr = ptr,
        ncap = ptr.ncaptures,
        caps = ptr.captures,
        names = read_names(ptr),
        dup = band(ptr.flags, FLAG_DUPNAMES) ~= 0,
        templates = cached and {} or nil,
        ntemplates = 0,
    }
end


-- The compile-once cache: entries by flags and pattern, each also in a
-- list from the most to the least recently used.
local by_flags = {}             -- flags -> pattern -> entry
local newest = {}               -- the list's head: newest.next is the newest
newest.next, newest.prev = newest, newest
local cached_count = 0


local function unlink(entry)
    entry.prev.next = entry.next
    entry.next.prev = entry.prev
end


local function push_front(entry)
    entry.prev, entry.next = newest, newest.next
    newest.next.prev = entry
    newest.next = entry
end


local function cache_get(flags, regex)
    local by_pattern = by_flags[flags]
    local entry = by_pattern and by_pattern[regex]
    if not entry then
        return nil
    end
    if newest.next ~= entry then
        unlink(entry)
        push_front(entry)
    end
    return entry.compiled
end


local function cache_set(flags, regex, compiled)
    if cached_count >= cache_max then
        local oldest = newest.prev
        unlink(oldest)
        by_flags[oldest.flags][oldest.regex] = nil
        cached_count = cached_count - 1
    end
    local by_pattern = by_flags[flags]
    if not by_pattern then
        by_pattern = {}
        by_flags[flags] = by_pattern
    end
    local entry = { flags = flags, regex = regex, compiled = compiled }
    by_pattern[regex] = entry
    push_front(entry)
    cached_count = cached_count + 1
end


-- The compiled regex, or nil and the compile error. A bad option letter
-- raises at the caller of the ngx.re function.
local function compile(regex, opts)
    local len = #regex          -- a non-string fails here, as in resty.core
    local flags = opts and parse_opts(opts) or 0
    local once = band(flags, FLAG_ONCE) ~= 0 and cache_max > 0
    if once then
        local compiled = cache_get(flags, regex)
        if compiled then
            return compiled
        end
    end
    -- the C side's own compile-once cache is the builtin path's, not ours
    local ptr = C.mg_ffi_regex_compile(regex, len, band(flags, NOT_ONCE), errbuf,
                                       ERRBUF_SIZE)
    if ptr == nil then
        return nil, ffi_string(errbuf)
    end
    -- freed with the last reference, once out of the cache too
    local compiled = wrap(ffi_gc(ptr, C.mg_ffi_regex_free), once)
    if once then
        cache_set(flags, regex, compiled)
    end
    return compiled
end
_M.compile = compile


local function exec(compiled, subj, pos)
    return C.mg_ffi_regex_exec(compiled.ptr, subj, #subj, pos)
end
_M.exec = exec


-- The captures table of the last exec (rc from it): [0] the match, [n] the
-- groups (false when not set), the named groups (with D: arrays of the
-- values that are set). Fills res when given.
local function collect(compiled, rc, subj, res)
    local caps = compiled.caps
    local ncap = compiled.ncap
    if not res then
        res = {}
    end
    for i = 0, rc - 1 do
        local from = caps[2 * i]
        if from >= 0 then
            res[i] = sub(subj, from + 1, caps[2 * i + 1])
        else
            res[i] = false
        end
    end
    for i = rc, ncap do
        res[i] = false          -- groups past the highest one set
    end

    local names = compiled.names
    if not names then
        return res
    end
    if not compiled.dup then
        for i = 1, #names, 2 do
            res[names[i]] = res[names[i + 1]]
        end
        return res
    end
    for i = 1, #names, 2 do
        local value = res[names[i + 1]]
        if value then
            local name = names[i]
            local values = res[name]
            if type(values) == "table" then
                values[#values + 1] = value
            else
                res[name] = { value }
            end
        end
    end
    return res
end
_M.collect = collect


-- The 0-based start offset from ctx.pos (1-based; absent or <= 0: 0).
local function start_of(ctx)
    if not ctx then
        return 0
    end
    local pos = ctx.pos
    if not pos or pos <= 0 then
        return 0
    end
    return pos - 1
end


local function re_match(subj, regex, opts, ctx, res)
    if type(subj) ~= "string" then
        subj = tostring(subj)
    end
    local compiled, err = compile(regex, opts)
    if not compiled then
        return nil, err
    end
    local rc = exec(compiled, subj, start_of(ctx))
    if rc == NOMATCH then
        return nil
    end
    if rc < 0 then
        return nil, exec_error(rc)
    end
    if ctx then
        ctx.pos = compiled.caps[1] + 1
    end
    return collect(compiled, rc, subj, res)
end


local function re_find(subj, regex, opts, ctx, nth)
    if type(subj) ~= "string" then
        subj = tostring(subj)
    end
    local compiled, err = compile(regex, opts)
    if not compiled then
        return nil, nil, err
    end
    local rc = exec(compiled, subj, start_of(ctx))
    if rc == NOMATCH then
        return nil
    end
    if rc < 0 then
        return nil, nil, exec_error(rc)
    end
    local caps = compiled.caps
    if ctx then
        ctx.pos = caps[1] + 1
    end
    if not nth or nth < 0 then
        nth = 0
    end
    if nth > compiled.ncap then
        return nil, nil, "nth out of bound"
    end
    if nth >= rc then
        return nil, nil
    end
    nth = floor(nth)
    local from, to = caps[2 * nth], caps[2 * nth + 1]
    if from < 0 or to < 0 then
        return nil, nil
    end
    return from + 1, to
end


-- gmatch's iterator: a callable table, as resty.core's is
local gmatch_mt = {}

function gmatch_mt.__call(it)
    local pos = it.pos
    if not pos then
        return nil
    end
    local compiled, subj = it.compiled, it.subj
    local rc = exec(compiled, subj, pos)
    if rc < 0 then
        it.pos = nil
        if rc == NOMATCH then
            return nil
        end
        return nil, exec_error(rc)
    end
    local caps = compiled.caps
    local from, to = caps[0], caps[1]
    if to == from then
        to = to + 1             -- an empty match: the next try one byte on
        if to > #subj then
            it.pos = nil
            return collect(compiled, rc, subj)
        end
    end
    it.pos = to
    return collect(compiled, rc, subj)
end


local function re_gmatch(subj, regex, opts)
    if type(subj) ~= "string" then
        subj = tostring(subj)
    end
    local compiled, err = compile(regex, opts)
    if not compiled then
        return nil, err
    end
    return setmetatable({ compiled = compiled, subj = subj, pos = 0 }, gmatch_mt)
end


-- The compiled template for replace, or nil after logging why not.
local function template(compiled, replace)
    local templates = compiled.templates
    if templates then
        local tpl = templates[replace]
        if tpl then
            return tpl
        end
    end
    local ptr = C.mg_ffi_regex_tpl_compile(compiled.ptr, replace, #replace, 0,
                                           errbuf, ERRBUF_SIZE)
    if ptr == nil then
        ngx_log(ngx_ERR, ffi_string(errbuf))
        return nil
    end
    local tpl = ffi_gc(ptr, C.mg_ffi_regex_tpl_free)
    if templates and compiled.ntemplates < cache_max then
        templates[replace] = tpl
        compiled.ntemplates = compiled.ntemplates + 1
    end
    return tpl
end


local function sub_function(subj, regex, func, opts, global)
    local compiled, err = compile(regex, opts)
    if not compiled then
        return nil, nil, err
    end
    if type(subj) ~= "string" then
        subj = tostring(subj)
    end
    local size = #subj
    local caps = compiled.caps
    local parts, n = {}, 0
    local count, pos, copied = 0, 0, 0
    while true do
        local rc = exec(compiled, subj, pos)
        if rc == NOMATCH then
            break
        end
        if rc < 0 then
            return nil, nil, exec_error(rc)
        end
        count = count + 1
        -- read the offsets before the callback: it may use this regex too
        local from, to = caps[0], caps[1]
        local piece = func(collect(compiled, rc, subj))
        if type(piece) ~= "string" then
            piece = tostring(piece)
        end
        parts[n + 1] = sub(subj, copied + 1, from)
        parts[n + 2] = piece
        n = n + 2
        copied, pos = to, to
        if to == from then
            pos = pos + 1
            if pos > size then
                break
            end
        end
        if not global then
            break
        end
    end
    if count == 0 then
        return subj, 0
    end
    parts[n + 1] = sub(subj, copied + 1)
    return concat(parts), count
end


local function substitute(subj, regex, replace, opts, global)
    if type(replace) == "function" then
        return sub_function(subj, regex, replace, opts, global)
    end
    if type(replace) ~= "string" then
        replace = tostring(replace)
    end
    local compiled, err = compile(regex, opts)
    if not compiled then
        return nil, nil, err
    end
    local tpl = template(compiled, replace)
    if not tpl then
        return nil, nil, "failed to compile the replacement template"
    end
    if type(subj) ~= "string" then
        subj = tostring(subj)
    end
    local count = C.mg_ffi_regex_subst(compiled.ptr, tpl, subj, #subj,
                                       global and 1 or 0, out_ptr, out_len_ptr)
    if count < 0 then
        return nil, nil, exec_error(count)
    end
    if count == 0 then
        return subj, 0
    end
    return ffi_string(out_ptr[0], out_len_ptr[0]), count
end


local function re_sub(subj, regex, replace, opts)
    return substitute(subj, regex, replace, opts, false)
end


local function re_gsub(subj, regex, replace, opts)
    return substitute(subj, regex, replace, opts, true)
end


-- ngx.re.opt("jit_stack_size", size)
function _M.set_jit_stack_size(size)
    if cached_count > 0 then
        error("changing jit stack size is not allowed when some regexs have "
              .. "already been compiled and cached", 3)
    end
    if type(size) ~= "number" then
        error("bad argument #1 to 'set_jit_stack_size' (cannot convert '"
              .. type(size) .. "' to 'int')", 3)
    end
    if C.mg_ffi_regex_set_jit_stack_size(size, errbuf, ERRBUF_SIZE) ~= 0 then
        error(ffi_string(errbuf), 3)
    end
end


local re = ngx.re
re.match = re_match
re.find = re_find
re.gmatch = re_gmatch
re.sub = re_sub
re.gsub = re_gsub


return _M
