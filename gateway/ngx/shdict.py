"""ngx.shared.DICT: lua_shared_dict zones over the C helper (shdict.c).

This is the Python builtin path; lualib/resty/core/shdict.lua is the FFI
one and replaces these methods when resty.core loads. Both follow
lua-resty-core's conventions: a dict called with `.` instead of `:` raises
`bad "zone" argument`; bad keys give `nil, "nil key"` / `"empty key"` /
`"key too long"`; stores return `ok, err, forcible`.

Each dict is a table whose [1] is a light userdata holding the zone's
address (as in OpenResty), with one metatable of methods shared by all.
The zones are made when the worker's Lua state is built, in the master
before it forks, so every worker process sees the same memory.
"""
from __future__ import annotations

from luavm.auxlib import lua_error
from luavm.runtime import tostring
from luavm.value import LightUserdata, Multi, Table, tonum, type_name

from ..csrc import ffi, lib

T_NIL, T_BOOL, T_NUM, T_STR, T_LIST = (lib.MG_FFI_SHDICT_TNIL, lib.MG_FFI_SHDICT_TBOOLEAN,
                                       lib.MG_FFI_SHDICT_TNUMBER, lib.MG_FFI_SHDICT_TSTRING,
                                       lib.MG_FFI_SHDICT_TLIST)
OK, DECLINED = lib.MG_FFI_SHDICT_OK, lib.MG_FFI_SHDICT_DECLINED
OP_ADD, OP_REPLACE, OP_SAFE = lib.MG_FFI_SHDICT_ADD, lib.MG_FFI_SHDICT_REPLACE, lib.MG_FFI_SHDICT_SAFE
KEY_MAX = 65535
STR_BUF = 4096          # values up to this size are read without a malloc
DEFAULT_KEYS = 1024.0   # get_keys' default max_count


class Buffers:
    """The out-parameters of the C calls, made once per worker."""

    def __init__(self) -> None:
        self.type = ffi.new("int *")
        self.num = ffi.new("double *")
        self.flags = ffi.new("int *")
        self.stale = ffi.new("int *")
        self.small = ffi.new("unsigned char[]", STR_BUF)
        self.buf = ffi.new("unsigned char **")
        self.size = ffi.new("size_t *")
        self.err = ffi.new("const char **")
        self.forcible = ffi.new("int *")

    def reset(self) -> None:
        self.buf[0] = self.small
        self.size[0] = STR_BUF

    def string(self) -> bytes:
        data = ffi.buffer(self.buf[0], self.size[0])[:]
        if self.buf[0] != self.small:
            lib.mg_ffi_shdict_free_buf(self.buf[0])
        return data

    def value(self):
        """The value a get or pop left in the buffers (None for nil)."""
        t = self.type[0]
        if t == T_STR:
            return self.string()
        if t == T_NUM:
            return self.num[0]
        if t == T_BOOL:
            return self.num[0] != 0
        return None


def _key(key) -> bytes | Multi:
    """The key as bytes, or the `nil, err` resty.core returns for it."""
    if key is None:
        return Multi((None, b"nil key"))
    if key.__class__ is not bytes:
        key = tostring(key)
    if not key:
        return Multi((None, b"empty key"))
    if len(key) > KEY_MAX:
        return Multi((None, b"key too long"))
    return key


def _value(value) -> tuple[int, bytes, float] | None:
    if value.__class__ is bytes:
        return T_STR, value, 0.0
    if value.__class__ is float:
        return T_NUM, b"", value
    if value is None:
        return T_NIL, b"", 0.0
    if value is True or value is False:
        return T_BOOL, b"", 1.0 if value else 0.0
    return None


def _number(v, what: str) -> float:
    if v.__class__ is float:
        return v
    n = tonum(v)
    if n is None:
        raise lua_error(f"bad {what} arg: number expected, got {type_name(v)}")
    return n


def install(ngx: Table, w) -> None:
    """ngx.shared: one table per lua_shared_dict of the conf."""
    http = w.http
    zones: dict[int, object] = {}       # the address in dict[1] -> the zone cdata
    bufs = Buffers()

    def zone_of(d):
        if d.__class__ is Table:
            handle = d.get(1.0)
            if handle.__class__ is LightUserdata:
                zone = zones.get(handle.address)
                if zone is not None:
                    return zone
        raise lua_error('bad "zone" argument')

    def store(op: int):
        def method(d=None, key=None, value=None, exptime=None, flags=None, *_):
            zone = zone_of(d)
            ttl = 0.0 if exptime is None else _number(exptime, "exptime")
            if ttl < 0:
                raise lua_error('bad "exptime" argument')
            k = _key(key)
            if k.__class__ is Multi:
                return k
            v = _value(value)
            if v is None:
                return Multi((None, b"bad value type"))
            uflags = 0 if flags is None else int(_number(flags, "flags"))
            rc = lib.mg_ffi_shdict_store(zone, op, k, len(k), v[0], v[1], len(v[1]), v[2],
                                         int(ttl * 1000), uflags, bufs.err, bufs.forcible)
            forcible = bufs.forcible[0] == 1
            if rc == OK:
                return Multi((True, None, forcible))
            return Multi((False, ffi.string(bufs.err[0]), forcible))
        return method

    def get(d=None, key=None, *_):
        return _get(d, key, False)

    def get_stale(d=None, key=None, *_):
        return _get(d, key, True)

    def _get(d, key, stale: bool):
        zone = zone_of(d)
        k = _key(key)
        if k.__class__ is Multi:
            return k
        bufs.reset()
        lib.mg_ffi_shdict_get(zone, k, len(k), stale, bufs.type, bufs.buf, bufs.size, bufs.num,
                              bufs.flags, bufs.stale)
        if bufs.type[0] == T_NIL:
            return None
        value = bufs.value()
        flags = float(bufs.flags[0]) if bufs.flags[0] else None
        if stale:
            return Multi((value, flags, bufs.stale[0] == 1))
        return value if flags is None else Multi((value, flags))

    set_ = store(0)

    def delete(d=None, key=None, *_):
        return set_(d, key, None)

    def incr(d=None, key=None, value=None, init=None, init_ttl=None, *_):
        zone = zone_of(d)
        k = _key(key)
        if k.__class__ is Multi:
            return k
        by = _number(value, "value")
        has_init = init is not None
        start = _number(init, "init") if has_init else 0.0
        ttl = 0.0
        if init_ttl is not None:
            ttl = _number(init_ttl, "init_ttl")
            if ttl < 0:
                raise lua_error('bad "init_ttl" argument')
            if not has_init:
                raise lua_error('must provide "init" when providing "init_ttl"')
        bufs.num[0] = by
        rc = lib.mg_ffi_shdict_incr(zone, k, len(k), bufs.num, has_init, start, int(ttl * 1000),
                                    bufs.err, bufs.forcible)
        if rc != OK:
            return Multi((None, ffi.string(bufs.err[0])))
        if not has_init:
            return bufs.num[0]
        return Multi((bufs.num[0], None, bufs.forcible[0] == 1))

    def push(left: bool):
        def method(d=None, key=None, value=None, *_):
            zone = zone_of(d)
            k = _key(key)
            if k.__class__ is Multi:
                return k
            v = _value(value)
            if v is None or v[0] not in (T_STR, T_NUM):
                return Multi((None, b"bad value type"))
            n = lib.mg_ffi_shdict_push(zone, k, len(k), left, v[0], v[1], len(v[1]), v[2],
                                       bufs.err)
            if n < 0:
                return Multi((None, ffi.string(bufs.err[0])))
            return float(n)
        return method

    def pop(left: bool):
        def method(d=None, key=None, *_):
            zone = zone_of(d)
            k = _key(key)
            if k.__class__ is Multi:
                return k
            bufs.reset()
            rc = lib.mg_ffi_shdict_pop(zone, k, len(k), left, bufs.type, bufs.buf, bufs.size,
                                       bufs.num, bufs.err)
            if rc != OK:
                return Multi((None, ffi.string(bufs.err[0])))
            return bufs.value()
        return method

    def llen(d=None, key=None, *_):
        zone = zone_of(d)
        k = _key(key)
        if k.__class__ is Multi:
            return k
        n = lib.mg_ffi_shdict_llen(zone, k, len(k), bufs.err)
        if n < 0:
            return Multi((None, ffi.string(bufs.err[0])))
        return float(n)

    def ttl(d=None, key=None, *_):
        zone = zone_of(d)
        k = _key(key)
        if k.__class__ is Multi:
            return k
        ms = lib.mg_ffi_shdict_get_ttl(zone, k, len(k))
        if ms == DECLINED:
            return Multi((None, b"not found"))
        return ms / 1000

    def expire(d=None, key=None, exptime=None, *_):
        zone = zone_of(d)
        if exptime is None:
            raise lua_error('bad "exptime" argument')
        seconds = _number(exptime, "exptime")
        if seconds < 0:
            raise lua_error('bad "exptime" argument')
        k = _key(key)
        if k.__class__ is Multi:
            return k
        if lib.mg_ffi_shdict_set_expire(zone, k, len(k), int(seconds * 1000)) == DECLINED:
            return Multi((None, b"not found"))
        return True

    def flush_all(d=None, *_):
        lib.mg_ffi_shdict_flush_all(zone_of(d))
        return None

    def flush_expired(d=None, max_count=None, *_):
        zone = zone_of(d)
        n = 0 if max_count is None else int(_number(max_count, "max_count"))
        return float(lib.mg_ffi_shdict_flush_expired(zone, n))

    def get_keys(d=None, max_count=None, *_):
        zone = zone_of(d)
        n = int(_number(DEFAULT_KEYS if max_count is None else max_count, "max_count"))
        return Table({float(i): key for i, key in enumerate(read_keys(zone, n), 1)})

    def capacity(d=None, *_):
        return float(lib.mg_ffi_shdict_capacity(zone_of(d)))

    def free_space(d=None, *_):
        return float(lib.mg_ffi_shdict_free_space(zone_of(d)))

    methods = Table({
        b"get": get, b"get_stale": get_stale, b"set": set_, b"safe_set": store(OP_SAFE),
        b"add": store(OP_ADD), b"safe_add": store(OP_ADD | OP_SAFE),
        b"replace": store(OP_REPLACE), b"delete": delete, b"incr": incr,
        b"lpush": push(True), b"rpush": push(False), b"lpop": pop(True), b"rpop": pop(False),
        b"llen": llen, b"ttl": ttl, b"expire": expire, b"flush_all": flush_all,
        b"flush_expired": flush_expired, b"get_keys": get_keys, b"capacity": capacity,
        b"free_space": free_space,
    })
    meta = Table({b"__index": methods})
    shared = Table()
    for name, size in (http.lua_shared_dict.items() if http is not None else ()):
        raw = name.encode()
        zone = open_zone(raw, size, f'lua_shared_dict zone "{name}"')
        address = int(ffi.cast("uintptr_t", zone))
        zones[address] = zone
        d = Table({1.0: LightUserdata(address)})
        d.meta = meta
        shared[raw] = d
    ngx[b"shared"] = shared


def open_zone(name: bytes, size: int, what: str):
    """A named shared memory zone: made in the master, so the workers it
    forks share it; a reload keeps one whose size stays, with its data."""
    zone = lib.mg_ffi_shdict_open(name, len(name), size)
    if zone == ffi.NULL:
        raise OSError(ffi.errno, f"cannot allocate the {what}")
    return zone


def read_keys(zone, max_count: int) -> list[bytes]:
    """get_keys: the live keys, most recently used first."""
    size = lib.mg_ffi_shdict_get_keys(zone, max_count, ffi.NULL, 0)
    while True:
        buf = ffi.new("unsigned char[]", size)
        need = lib.mg_ffi_shdict_get_keys(zone, max_count, buf, size)
        if need <= size:
            break
        size = need             # another worker added keys meanwhile
    raw = ffi.buffer(buf, need)[:]
    keys, at = [], 0
    while at + 4 <= need:
        n = int.from_bytes(raw[at:at + 4], "little")
        keys.append(raw[at + 4:at + 4 + n])
        at += 4 + n
    return keys
