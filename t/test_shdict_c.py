"""The shared dictionary helper (gateway/csrc/shdict.c) through cffi: values,
expiry, counters, lists, eviction, and a zone seen across fork()."""
from __future__ import annotations

import os
import random
import time

import pytest

from gateway.csrc import ffi, lib

T_NIL, T_BOOL, T_NUM, T_STR, T_LIST = (lib.MG_FFI_SHDICT_TNIL, lib.MG_FFI_SHDICT_TBOOLEAN,
                                       lib.MG_FFI_SHDICT_TNUMBER, lib.MG_FFI_SHDICT_TSTRING,
                                       lib.MG_FFI_SHDICT_TLIST)
OK, DECLINED, ERROR = lib.MG_FFI_SHDICT_OK, lib.MG_FFI_SHDICT_DECLINED, lib.MG_FFI_SHDICT_ERROR
ADD, REPLACE, SAFE = lib.MG_FFI_SHDICT_ADD, lib.MG_FFI_SHDICT_REPLACE, lib.MG_FFI_SHDICT_SAFE


class Dict:
    """A thin Python face over one zone, for the tests."""

    def __init__(self, size: int) -> None:
        self.d = ffi.gc(lib.mg_ffi_shdict_create(size), lib.mg_ffi_shdict_destroy)
        self.err = ffi.new("const char **")
        self.forcible = ffi.new("int *")

    def store(self, key: bytes, value, ttl_ms: int = 0, op: int = 0, flags: int = 0):
        if value is None:
            t, s, n = T_NIL, b"", 0.0
        elif isinstance(value, bool):
            t, s, n = T_BOOL, b"", float(value)
        elif isinstance(value, float):
            t, s, n = T_NUM, b"", value
        else:
            t, s, n = T_STR, value, 0.0
        rc = lib.mg_ffi_shdict_store(self.d, op, key, len(key), t, s, len(s), n, ttl_ms, flags,
                                     self.err, self.forcible)
        return rc, (ffi.string(self.err[0]) if rc != OK else None), self.forcible[0]

    def get(self, key: bytes, stale: bool = False):
        t, num, flags, is_stale = (ffi.new("int *"), ffi.new("double *"), ffi.new("int *"),
                                   ffi.new("int *"))
        small = ffi.new("unsigned char[8]")
        buf = ffi.new("unsigned char **", small)
        size = ffi.new("size_t *", 8)
        assert lib.mg_ffi_shdict_get(self.d, key, len(key), stale, t, buf, size, num, flags,
                                     is_stale) == OK
        if t[0] == T_NIL:
            return None
        if t[0] == T_STR:
            value = ffi.buffer(buf[0], size[0])[:]
            if buf[0] != small:
                lib.mg_ffi_shdict_free_buf(buf[0])
        elif t[0] == T_BOOL:
            value = bool(num[0])
        else:
            value = num[0]
        return (value, flags[0], bool(is_stale[0])) if stale else value

    def incr(self, key: bytes, by: float, init: float | None = None, ttl_ms: int = 0):
        value = ffi.new("double *", by)
        rc = lib.mg_ffi_shdict_incr(self.d, key, len(key), value, init is not None, init or 0.0,
                                    ttl_ms, self.err, self.forcible)
        return value[0] if rc == OK else ffi.string(self.err[0])

    def push(self, key: bytes, value, left: bool = False):
        t = T_NUM if isinstance(value, float) else T_STR
        s = b"" if t == T_NUM else value
        n = value if t == T_NUM else 0.0
        r = lib.mg_ffi_shdict_push(self.d, key, len(key), left, t, s, len(s), n, self.err)
        return r if r >= 0 else ffi.string(self.err[0])

    def pop(self, key: bytes, left: bool = False):
        t, num = ffi.new("int *"), ffi.new("double *")
        small = ffi.new("unsigned char[4]")
        buf, size = ffi.new("unsigned char **", small), ffi.new("size_t *", 4)
        rc = lib.mg_ffi_shdict_pop(self.d, key, len(key), left, t, buf, size, num, self.err)
        if rc != OK:
            return ffi.string(self.err[0])
        if t[0] == T_NIL:
            return None
        if t[0] == T_NUM:
            return num[0]
        value = ffi.buffer(buf[0], size[0])[:]
        if buf[0] != small:
            lib.mg_ffi_shdict_free_buf(buf[0])
        return value

    def keys(self, max_count: int = 0) -> list[bytes]:
        need = lib.mg_ffi_shdict_get_keys(self.d, max_count, ffi.NULL, 0)
        buf = ffi.new("unsigned char[]", need)
        assert lib.mg_ffi_shdict_get_keys(self.d, max_count, buf, need) == need
        raw, out, at = ffi.buffer(buf, need)[:], [], 0
        while at < need:
            n = int.from_bytes(raw[at:at + 4], "little")
            out.append(raw[at + 4:at + 4 + n])
            at += 4 + n
        return out

    def free(self) -> int:
        return lib.mg_ffi_shdict_free_space(self.d)


def test_values_of_every_type_and_flags() -> None:
    d = Dict(1 << 20)
    assert d.store(b"s", b"x" * 100, flags=42)[0] == OK
    assert d.store(b"n", 3.5)[0] == OK and d.store(b"t", True)[0] == OK and d.store(b"f", False)[0] == OK
    assert d.store(b"e", b"")[0] == OK
    assert (d.get(b"s"), d.get(b"n"), d.get(b"t"), d.get(b"f"), d.get(b"e")) == (
        b"x" * 100, 3.5, True, False, b"")
    assert d.get(b"s", stale=True) == (b"x" * 100, 42, False)
    assert d.get(b"missing") is None
    assert d.store(b"s", None)[0] == OK and d.get(b"s") is None      # nil deletes


def test_add_and_replace() -> None:
    d = Dict(1 << 20)
    assert d.store(b"k", b"1", op=ADD)[:2] == (OK, None)
    assert d.store(b"k", b"2", op=ADD)[:2] == (DECLINED, b"exists")
    assert d.store(b"new", b"2", op=REPLACE)[:2] == (DECLINED, b"not found")
    assert d.store(b"k", b"3", op=REPLACE)[0] == OK and d.get(b"k") == b"3"


def test_expiry_ttl_stale_and_flushes() -> None:
    d = Dict(1 << 20)
    d.store(b"short", b"v", ttl_ms=50)
    d.store(b"long", b"w", ttl_ms=100000)
    d.store(b"ever", b"z")
    assert lib.mg_ffi_shdict_get_ttl(d.d, b"ever", 4) == 0
    assert 99000 < lib.mg_ffi_shdict_get_ttl(d.d, b"long", 4) <= 100000
    assert lib.mg_ffi_shdict_get_ttl(d.d, b"nope", 4) == DECLINED
    time.sleep(0.08)
    assert d.get(b"short") is None and d.get(b"short", stale=True) == (b"v", 0, True)
    assert lib.mg_ffi_shdict_set_expire(d.d, b"short", 5, 1000) == DECLINED
    assert lib.mg_ffi_shdict_set_expire(d.d, b"ever", 4, 30) == OK
    assert sorted(d.keys()) == [b"ever", b"long"]
    assert lib.mg_ffi_shdict_flush_expired(d.d, 0) == 1
    assert d.get(b"short", stale=True) is None
    lib.mg_ffi_shdict_flush_all(d.d)
    assert d.get(b"long") is None and d.get(b"long", stale=True) is None and d.keys() == []


def test_incr() -> None:
    d = Dict(1 << 20)
    assert d.incr(b"c", 1) == b"not found"
    assert d.incr(b"c", 1, init=10, ttl_ms=100000) == 11
    assert d.incr(b"c", -2.5) == 8.5
    assert lib.mg_ffi_shdict_get_ttl(d.d, b"c", 1) > 0
    d.store(b"s", b"text")
    assert d.incr(b"s", 1, init=0) == b"not a number"


def test_lists() -> None:
    d = Dict(1 << 20)
    assert d.push(b"l", b"a") == 1 and d.push(b"l", 2.0) == 2 and d.push(b"l", b"z", left=True) == 3
    assert lib.mg_ffi_shdict_llen(d.d, b"l", 1, d.err) == 3
    assert [d.pop(b"l", left=True), d.pop(b"l"), d.pop(b"l")] == [b"z", 2.0, b"a"]
    assert d.pop(b"l") is None and lib.mg_ffi_shdict_llen(d.d, b"l", 1, d.err) == 0
    d.store(b"s", b"x")
    assert d.push(b"s", b"v") == b"value not a list" and d.pop(b"s") == b"value not a list"
    assert d.get(b"l") is None


def test_eviction_is_forcible_and_safe_stores_refuse() -> None:
    d = Dict(lib.MG_FFI_SHDICT_MIN_SIZE * 4)
    forcible = 0
    for i in range(200):
        rc, err, forced = d.store(b"k%d" % i, b"v" * 300)
        assert rc == OK, err
        forcible |= forced
    assert forcible == 1
    assert d.get(b"k199") == b"v" * 300 and d.get(b"k0") is None     # the oldest went
    assert d.store(b"big", b"x" * 300, op=SAFE)[:2] == (ERROR, b"no memory")
    assert d.store(b"huge", b"x" * (1 << 20))[:2] == (ERROR, b"no memory")


def test_memory_comes_back_and_matches_a_model() -> None:
    d = Dict(1 << 20)
    empty = d.free()
    model: dict[bytes, bytes] = {}
    rng = random.Random(7)
    for _ in range(5000):
        key = b"k%d" % rng.randrange(300)
        if rng.random() < 0.3:
            d.store(key, None)
            model.pop(key, None)
        else:
            value = os.urandom(rng.randrange(0, 600))
            assert d.store(key, value)[0] == OK
            model[key] = value
    assert all(d.get(k) == v for k, v in model.items())
    assert sorted(d.keys()) == sorted(model)
    for k in model:
        d.store(k, None)
    assert d.free() == empty            # freed blocks merged back into one


def test_a_zone_is_shared_across_fork() -> None:
    d = Dict(1 << 20)
    d.store(b"before", b"parent")
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            code = 0 if d.get(b"before") == b"parent" else 3
            d.store(b"from_child", b"hello")
            for _ in range(1000):
                d.incr(b"n", 1, init=0)
        finally:
            os._exit(code)
    for _ in range(1000):
        d.incr(b"n", 1, init=0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert d.get(b"from_child") == b"hello" and d.get(b"n") == 2000.0


@pytest.mark.parametrize("size", [0, 100])
def test_a_small_zone_is_rounded_up(size: int) -> None:
    d = Dict(size)
    assert lib.mg_ffi_shdict_capacity(d.d) == lib.MG_FFI_SHDICT_MIN_SIZE


def test_named_zones_are_found_and_kept_while_the_size_stays() -> None:
    a = lib.mg_ffi_shdict_open(b"test_named", 10, 1 << 16)
    assert lib.mg_ffi_shdict_lookup(b"test_named", 10) == a
    assert lib.mg_ffi_shdict_open(b"test_named", 10, 1 << 16) == a
    b = lib.mg_ffi_shdict_open(b"test_named", 10, 1 << 17)
    assert b != a and lib.mg_ffi_shdict_lookup(b"test_named", 10) == b
    assert lib.mg_ffi_shdict_lookup(b"test_nope", 9) == ffi.NULL
