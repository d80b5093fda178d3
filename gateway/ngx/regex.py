"""ngx.re: match, find, gmatch, sub, gsub, and the `ngx.re` module (split,
opt), over the PCRE2 helper of gateway/csrc/regex.c.

This is the Python builtin path; it behaves as lua-resty-core's Lua code
does on OpenResty (resty.core.regex and ngx.re), which is what an OpenResty
user meets: subjects go through tostring, a non-string regex or options
argument fails where resty.core's `#regex` / `#opts` would, runtime failures
come back as `nil, err` (`nil, nil, err` for find, sub and gsub), and an
empty match moves the next search one byte on.

Two differences come from the engine: messages quote PCRE2
(`pcre2_compile() failed: missing closing parenthesis in "(a"`) and exec
failures carry PCRE2's codes (-33 bad offset, -22 bad UTF-8, ...) where
Debian's OpenResty, linked with the old PCRE, says -24, -10, ...
"""
from __future__ import annotations

from luavm.auxlib import lua_error
from luavm.runtime import call1, index, setindex, tostring
from luavm.value import EMPTY, Multi, Table, type_name

from ..csrc import ffi, lib
from ..logs import LEVEL_NUMBER

ERRBUF_SIZE = 128       # resty.core's MAX_ERR_MSG_LEN: longer messages are cut
NOMATCH = lib.MG_FFI_REGEX_NOMATCH
ONCE = lib.MG_FFI_REGEX_ONCE
DUPNAMES = lib.MG_FFI_REGEX_DUPNAMES
INT_MAX = 2**31 - 1
LOG_ERR = LEVEL_NUMBER["error"]
LOG_WARN = LEVEL_NUMBER["warn"]
TEMPLATE_ERROR = b"failed to compile the replacement template"


class Regex:
    """A compiled regex: the C handle and what Python reads of it once."""
    __slots__ = ("ptr", "ncap", "names", "dup", "caps", "npairs", "templates")

    def __init__(self, ptr) -> None:
        self.ptr = ptr
        self.ncap = ptr.ncaptures
        self.caps = ptr.captures
        self.npairs = 2 * (self.ncap + 1)
        self.dup = bool(ptr.flags & DUPNAMES)
        # (name, group) in the name table's order (sorted by name)
        size, table = ptr.name_entry_size, ptr.name_table
        self.names = [(ffi.string(table + i * size + 2), table[i * size] << 8 | table[i * size + 1])
                      for i in range(ptr.name_count)]
        self.templates: dict[bytes, object] | None = {} if ptr.cached else None

    def exec(self, subj: bytes, pos: int) -> int:
        return lib.mg_ffi_regex_exec(self.ptr, subj, len(subj), pos)

    def offsets(self) -> list[int]:
        """The capture offsets of the last exec (-1 for a group not set)."""
        return ffi.unpack(self.caps, self.npairs)


def _exec_error(rc: int) -> bytes:
    if rc == lib.MG_FFI_REGEX_NOMEM:
        return b"no memory"
    return b"pcre_exec() failed: %d" % rc


class Engine:
    """The compile side of one worker: option strings parsed once, and the
    handles of the compile-once cache by (regex, flags)."""

    def __init__(self, w) -> None:
        self.w = w
        self.flags: dict[bytes, int] = {}
        self.once: dict[tuple[bytes, int], Regex] = {}
        self.errbuf = ffi.new("char[]", ERRBUF_SIZE)
        http = w.http
        cache_max = http.lua_regex_cache_max_entries if http is not None else None
        self.cache_max = lib.MG_FFI_REGEX_CACHE_MAX_DEFAULT if cache_max is None else cache_max
        lib.mg_ffi_regex_cache_max(self.cache_max)
        lib.mg_ffi_regex_set_match_limit((http.lua_regex_match_limit if http is not None else 0)
                                         or 0)

    def parse_opts(self, opts) -> int:
        if opts is None or opts is False:
            return 0
        flags = self.flags.get(opts) if opts.__class__ is bytes else None
        if flags is not None:
            return flags
        if opts.__class__ is not bytes:
            raise lua_error(f"attempt to get length of local 'opts' (a {type_name(opts)} value)")
        out = ffi.new("int *")
        bad = lib.mg_ffi_regex_parse_opts(opts, len(opts), out)
        if bad:
            letter = opts[bad - 1:bad].decode("latin-1")
            raise lua_error(f'unknown flag "{letter}" (flags "{opts.decode("latin-1")}")')
        self.flags[opts] = out[0]
        return out[0]

    def compile(self, regex, opts) -> Regex | bytes:
        """The compiled regex, or the compile error's text."""
        if regex.__class__ is not bytes:
            raise lua_error(f"attempt to get length of local 'regex' (a {type_name(regex)} value)")
        flags = self.parse_opts(opts)
        if flags & ONCE:
            found = self.once.get((regex, flags))
            if found is not None:
                return found
        ptr = lib.mg_ffi_regex_compile(regex, len(regex), flags, self.errbuf, ERRBUF_SIZE)
        if ptr == ffi.NULL:
            return ffi.string(self.errbuf)
        if ptr.cached:
            re = self.once[(regex, flags)] = Regex(ptr)
            return re
        if flags & ONCE and self.cache_max > 0:
            # nginx stops caching (it never evicts) and says so every time
            self.log(LOG_WARN, f"lua exceeding regex cache max entries ({self.cache_max})", True)
        # a handle of our own: freed with its last reference
        return Regex(ffi.gc(ptr, lib.mg_ffi_regex_free))

    def template(self, re: Regex, replace: bytes):
        """The compiled template (a cdata), or None after logging why not."""
        if re.templates is not None:
            tpl = re.templates.get(replace)
            if tpl is not None:
                return tpl
        ptr = lib.mg_ffi_regex_tpl_compile(re.ptr, replace, len(replace), 0,
                                           self.errbuf, ERRBUF_SIZE)
        if ptr == ffi.NULL:
            # OpenResty logs the template's problem outside any request
            self.log(LOG_ERR, ffi.string(self.errbuf).decode("utf-8", "surrogateescape"), False)
            return None
        tpl = ffi.gc(ptr, lib.mg_ffi_regex_tpl_free)
        if re.templates is not None and len(re.templates) < self.cache_max:
            re.templates[replace] = tpl
        return tpl

    def log(self, level: int, msg: str, in_request: bool) -> None:
        w = self.w
        req = w.request if in_request else None
        w.error_log.log(level, msg, req.number if req else 0,
                        w.log_context(req) if req else "")


# -- reading arguments as resty.core does -----------------------------------------------

def _subject(subj) -> bytes:
    return subj if subj.__class__ is bytes else tostring(subj)


def _start(ctx) -> int:
    """The 0-based start offset from ctx.pos (1-based; absent or <= 0: 0)."""
    if ctx is None or ctx is False:
        return 0
    if ctx.__class__ is not Table:
        raise lua_error(f"attempt to index local 'ctx' (a {type_name(ctx)} value)")
    pos = index(ctx, b"pos")
    if pos is None or pos is False:
        return 0
    if pos.__class__ is not float:
        raise lua_error(f"attempt to compare {type_name(pos)} with number")
    if pos <= 0:
        return 0
    return _c_int(pos - 1)


def _c_int(x: float) -> int:
    """A Lua number as the C int a LuaJIT ffi call would pass."""
    if x != x:
        return 0
    return int(max(min(x, INT_MAX), -INT_MAX - 1))


def _check_res(res) -> Table | None:
    if res is None or res is False:
        return None
    if res.__class__ is not Table:
        raise lua_error(f"attempt to index local 'res' (a {type_name(res)} value)")
    return res


def _captures(re: Regex, subj: bytes, res: Table | None) -> Table:
    """The captures table: [0] the match, [n] the groups (false when not
    set), and the named groups (with D: arrays of the values that are set)."""
    caps = re.offsets()
    if res is None:
        res = Table()
    for i in range(re.ncap + 1):
        start = caps[2 * i]
        res[float(i)] = subj[start:caps[2 * i + 1]] if start >= 0 else False
    if re.names:
        if re.dup:
            for name, group in re.names:
                start = caps[2 * group]
                if start >= 0:
                    old = res.get(name)
                    if old.__class__ is Table:
                        old[float(old.length() + 1)] = subj[start:caps[2 * group + 1]]
                    else:
                        res[name] = Table({1.0: subj[start:caps[2 * group + 1]]})
        else:
            for name, group in re.names:
                res[name] = res[float(group)]
    return res


# -- the API -------------------------------------------------------------------------

def install(ngx: Table, w) -> None:
    """ngx.re in the ngx table, and `require "ngx.re"` (split, opt)."""
    engine = Engine(w)
    compile_ = engine.compile

    def match(subj=None, regex=None, opts=None, ctx=None, res=None, *_):
        subj = _subject(subj)
        re = compile_(regex, opts)
        if re.__class__ is bytes:
            return Multi((None, re))
        rc = re.exec(subj, _start(ctx))
        if rc == NOMATCH:
            return None
        if rc < 0:
            return Multi((None, _exec_error(rc)))
        if ctx is not None and ctx is not False:
            setindex(ctx, b"pos", float(re.caps[1] + 1))
        return _captures(re, subj, _check_res(res))

    def find(subj=None, regex=None, opts=None, ctx=None, nth=None, *_):
        subj = _subject(subj)
        re = compile_(regex, opts)
        if re.__class__ is bytes:
            return Multi((None, None, re))
        rc = re.exec(subj, _start(ctx))
        if rc == NOMATCH:
            return None
        if rc < 0:
            return Multi((None, None, _exec_error(rc)))
        caps = re.offsets()
        if ctx is not None and ctx is not False:
            setindex(ctx, b"pos", float(caps[1] + 1))
        if nth is None or nth is False:
            nth = 0.0
        elif nth.__class__ is not float:
            raise lua_error(f"attempt to compare {type_name(nth)} with number")
        elif nth < 0:
            nth = 0.0
        if nth > re.ncap:
            return Multi((None, None, b"nth out of bound"))
        if nth >= rc:
            return Multi((None, None))
        n = int(nth)
        start, end = caps[2 * n], caps[2 * n + 1]
        if start < 0 or end < 0:
            return Multi((None, None))
        return Multi((float(start + 1), float(end)))

    def gmatch(subj=None, regex=None, opts=None, *_):
        subj = _subject(subj)
        re = compile_(regex, opts)
        if re.__class__ is bytes:
            return Multi((None, re))
        size = len(subj)
        state = [0]     # the next start offset; None once exhausted

        def iterate(_self=None, *_):
            pos = state[0]
            if pos is None:
                return None
            rc = re.exec(subj, pos)
            if rc < 0:
                state[0] = None
                return None if rc == NOMATCH else Multi((None, _exec_error(rc)))
            start, end = re.caps[0], re.caps[1]
            if end == start:
                end += 1        # an empty match: the next try one byte on
                if end > size:
                    state[0] = None
                    return _captures(re, subj, None)
            state[0] = end
            return _captures(re, subj, None)

        # resty.core's iterator is a callable table, not a function
        it = Table()
        it.meta = Table({b"__call": iterate})
        return it

    def substitute(subj, regex, replace, opts, global_: bool):
        if type_name(replace) == "function":
            return _sub_function(subj, regex, replace, opts, global_)
        if replace.__class__ is not bytes:
            replace = tostring(replace)
        re = compile_(regex, opts)
        if re.__class__ is bytes:
            return Multi((None, None, re))
        tpl = engine.template(re, replace)
        if tpl is None:
            return Multi((None, None, TEMPLATE_ERROR))
        subj = _subject(subj)
        out = ffi.new("const unsigned char **")
        out_len = ffi.new("size_t *")
        count = lib.mg_ffi_regex_subst(re.ptr, tpl, subj, len(subj), global_, out, out_len)
        if count < 0:
            return Multi((None, None, _exec_error(count)))
        if count == 0:
            return Multi((subj, 0.0))
        return Multi((ffi.buffer(out[0], out_len[0])[:], float(count)))

    def _sub_function(subj, regex, func, opts, global_: bool):
        re = compile_(regex, opts)
        if re.__class__ is bytes:
            return Multi((None, None, re))
        subj = _subject(subj)
        size = len(subj)
        parts = []
        count = pos = copied = 0
        while True:
            rc = re.exec(subj, pos)
            if rc == NOMATCH:
                break
            if rc < 0:
                return Multi((None, None, _exec_error(rc)))
            count += 1
            # read the offsets before the callback: it may use this regex too
            start, end = re.caps[0], re.caps[1]
            piece = call1(func, _captures(re, subj, None))
            parts.append(subj[copied:start])
            parts.append(piece if piece.__class__ is bytes else tostring(piece))
            copied = pos = end
            if end == start:
                pos += 1
                if pos > size:
                    break
            if not global_:
                break
        if count == 0:
            return Multi((subj, 0.0))
        parts.append(subj[copied:])
        return Multi((b"".join(parts), float(count)))

    def sub(subj=None, regex=None, replace=None, opts=None, *_):
        return substitute(subj, regex, replace, opts, False)

    def gsub(subj=None, regex=None, replace=None, opts=None, *_):
        return substitute(subj, regex, replace, opts, True)

    def split(subj=None, regex=None, opts=None, ctx=None, max_=None, res=None, *_):
        return _split(compile_, subj, regex, opts, ctx, max_, res)

    def opt(option=None, value=None, *_):
        if option == b"jit_stack_size":
            if lib.mg_ffi_regex_cache_count() > 0:
                raise lua_error("changing jit stack size is not allowed when some "
                                "regexs have already been compiled and cached")
            if value.__class__ is not float:
                raise lua_error(f"bad argument #1 to 'set_jit_stack_size' "
                                f"(cannot convert '{type_name(value)}' to 'int')")
            if lib.mg_ffi_regex_set_jit_stack_size(_c_int(value), engine.errbuf,
                                                   ERRBUF_SIZE) != 0:
                raise lua_error(ffi.string(engine.errbuf).decode("utf-8", "surrogateescape"))
            return EMPTY
        raise lua_error("unrecognized option name")

    re_table = Table()
    for name, fn in ((b"match", match), (b"find", find), (b"gmatch", gmatch),
                     (b"sub", sub), (b"gsub", gsub)):
        re_table[name] = fn
    ngx[b"re"] = re_table

    # require "ngx.re": lua-resty-core's module (split and opt live only there)
    module = Table({b"split": split, b"opt": opt, b"version": b"0.1.25"})
    package = w.state.globals[b"package"]
    package[b"preload"][b"ngx.re"] = lambda *_: module


def _split(compile_, subj, regex, opts, ctx, max_, res):
    """ngx.re.split: the pieces between matches; a first capture group's
    value goes in between them. Empty matches and `max` follow resty.core:
    trailing empty pieces are dropped unless max > 0, and the ctx table
    keeps the last 0-based search offset."""
    subj = _subject(subj)
    user_ctx = ctx is not None and ctx is not False
    if user_ctx:
        if ctx.__class__ is not Table:
            raise lua_error(f"attempt to index local 'ctx' (a {type_name(ctx)} value)")
        pos = index(ctx, b"pos")
        if pos is None or pos is False:
            pos = 1.0
            setindex(ctx, b"pos", pos)
    else:
        pos = 1.0
    if max_ is None or max_ is False:
        max_ = 0.0
    elif max_.__class__ is not float:
        raise lua_error(f"attempt to compare number with {type_name(max_)}")
    if res is None or res is False:
        res = Table()
    elif res.__class__ is not Table:
        raise lua_error("res is not a table")
    if pos.__class__ is not float:
        raise lua_error(f"attempt to compare number with {type_name(pos)}")
    size = len(subj)
    if pos > size:
        res.pop(1.0, None)
        return res
    re = compile_(regex, opts)
    if re.__class__ is bytes:
        return Multi((None, re))

    piece = pos                 # 1-based start of the current piece
    search = _c_int(pos - 1)    # 0-based offset of the next search
    last_empty = None           # where the last empty match was (1-based)
    n = 0
    count = 1

    def done(value):
        if user_ctx:
            setindex(ctx, b"pos", float(search))
        return value

    while max_ <= 0 or count < max_:
        rc = re.exec(subj, max(search, 0))
        if rc == NOMATCH:
            break
        if rc < 0:
            return done(Multi((None, _exec_error(rc))))
        caps = re.offsets()
        start, end = caps[0], caps[1]
        search = end + 1 if start == end else end
        first_group = None
        if re.ncap > 0 and rc > 1:
            first_group = subj[caps[2]:caps[3]]
        start += 1          # 1-based, and the end as the first byte after the match
        end += 1
        # resty.core's bookkeeping: once an empty match was seen, each piece
        # restarts where the latest one was
        if last_empty is not None:
            piece = last_empty
        if start == end:
            last_empty = start
        if start > piece or last_empty is None:
            count += 1
            n += 1
            res[float(n)] = subj[max(int(piece) - 1, 0):start - 1]
            if first_group is not None:
                n += 1
                res[float(n)] = first_group
            piece = end
            if piece > size:
                break
    if max_ <= 0 and piece > size:
        while n > 0 and res.get(float(n)) == b"":
            res.pop(float(n))
            n -= 1
    else:
        n += 1
        res[float(n)] = subj[max(int(piece) - 1, 0):]
    res.pop(float(n + 1), None)
    return done(res)

