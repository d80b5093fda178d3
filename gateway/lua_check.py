"""`moongate -t`: compile every Lua chunk of a conf without running any."""
from __future__ import annotations

from luavm.parser import LuaSyntaxError, parse
from luavm.value import LuaError

from .config.model import LuaChunk, Main, if_locations, script_ops
from .lua_file import read_lua_file, syntax_error_text

PHASE_FIELDS = ("rewrite_by_lua", "access_by_lua", "header_filter_by_lua",
                "body_filter_by_lua", "log_by_lua")


def chunks(main: Main) -> list[LuaChunk]:
    """Every LuaChunk of the conf, once each, in conf order."""
    found: dict[int, LuaChunk] = {}

    def add(chunk: LuaChunk | None) -> None:
        if chunk is not None:
            found.setdefault(id(chunk), chunk)

    def walk(owner) -> None:
        for name in PHASE_FIELDS:
            add(getattr(owner.conf, name))
        for op in script_ops(owner.script):
            add(op.lua)
        add(getattr(owner, "content_by_lua", None))
        for loc in (*owner.locations, *if_locations(owner.script)):
            walk(loc)

    http = main.http
    if http is not None:
        add(http.init_by_lua)
        add(http.init_worker_by_lua)
        for name in PHASE_FIELDS:
            add(getattr(http.conf, name))
        for srv in http.servers:
            walk(srv)
    return list(found.values())


def compile_all(main: Main) -> list[str]:
    """The errors of every chunk that does not compile, as -t reports them."""
    from luavm.state import chunk_display_name
    errors = []
    for chunk in chunks(main):
        if chunk.path_template is not None:
            continue        # its file is known only per request
        try:
            source = chunk.source if chunk.source is not None else read_lua_file(chunk.path)
            parse(source, chunk_display_name(chunk.chunkname))
        except LuaSyntaxError as exc:
            errors.append(f"{syntax_error_text(chunk.path, exc)} in {chunk.where}")
        except LuaError as exc:         # the file cannot be read
            errors.append(f"{exc.value.decode('latin-1')} in {chunk.where}")
    return errors
