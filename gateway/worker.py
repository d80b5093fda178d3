"""The per-worker runtime: the Lua state, the ngx table, the compiled
handlers, the logs and clocks. Everything a request touches that outlives
it lives here, and only here (one Worker per process).
"""
from __future__ import annotations

import asyncio
import dataclasses
import functools
from pathlib import Path

from luavm.parser import LuaSyntaxError
from luavm.state import LuaState
from luavm.stdlib import cjson, fenv
from luavm.stdlib.debug import call_traceback
from luavm.value import LuaError, Table, fmt_number, intern_keys, type_name

from . import csrc, limits, logs, lua_tables
from .config.model import LuaChunk, Main, script_ops
from .lua_file import LoadError, read_lua_file, syntax_error_text
from .http import DateCache
from .ngx import api, base
from .ngx.time import Clock
from .flow import Finalize
from .request import Request
from .variables import Template
from .worker_state import WorkerState

LOG_ERR = logs.LEVEL_NUMBER["error"]


def _lualib_dir() -> Path:
    """lualib/: shipped inside the package, or at the root of a source tree."""
    here = Path(__file__).resolve().parent
    installed = here / "lualib"
    return installed if installed.is_dir() else here.parent / "lualib"


LUALIB_DIR = _lualib_dir()
LUALIB_PATH = f"{LUALIB_DIR}/?.lua;{LUALIB_DIR}/?/init.lua".encode()


# What nginx says it was doing (its log action) in the phases whose lines
# carry one: Lua code's own lines (ngx.log, errors) included.
LOG_ACTIONS = {base.LOG: " while logging request", base.BALANCER: " while connecting to upstream"}
# the same, for a request proxy_pass answers: its filters run as nginx
# reads the upstream's head and sends the body on
PROXIED_ACTIONS = {**LOG_ACTIONS, base.HEADER_FILTER: " while reading response header from upstream",
                   base.BODY_FILTER: " while sending to client"}


class StartupError(Exception):
    """The gateway cannot start; the message is nginx's wording."""




class Worker(WorkerState):
    def __init__(self, main: Main) -> None:
        self.main = main
        self.http = main.http
        self.error_log = logs.ErrorLog([(_log_path(main, p), lvl) for p, lvl in main.error_log])
        self.clock = Clock()
        self.dates = DateCache()
        self.dates.refresh(self.clock.now())
        self.request: Request | None = None      # the request whose thread runs now
        self.phase = base.INIT                   # the phase when no request runs
        self.connections = 0                      # connection numbers (*N in error.log)
        self.open_connections: set = set()        # server.Connection, for a graceful stop
        self.active_requests = 0
        self.exiting = False
        self.worker_id = 0
        self.declared_vars = declared_variables(main)
        self.templates: dict[str, Template] = {}
        self.access_logs: dict[str, logs.LogFile] = {}
        self.balancers: dict[str, object] = {}    # upstream name -> proxy.Upstreams
        self.proxy_plans: dict[int, object] = {}  # id(location conf) -> proxy.ProxyPlan
        self.functions: dict[int, object] = {}    # id(LuaChunk) -> compiled factory
        # id(LuaChunk) -> its main function, made once to read _G itself,
        # while share_envs (see WorkerState.enter_handler)
        self.mains: dict[int, object] = {}
        self.share_envs = True
        self.code_cache = self.http is None or self.http.conf.lua_code_cache
        # (id(LuaChunk), path) -> the chunk of a file named with variables
        self.file_chunks: dict[tuple[int, str], LuaChunk] = {}
        self.htpasswd_files: dict = {}            # gateway.auth_basic's cache of the files read
        self.upstream_tls: dict = {}              # proxy_pass https:// contexts (gateway.tls)
        self.limit_req_zones = limits.open_zones(self.http.limit_req_zones if self.http else {},
                                                 "limit_req")
        self.limit_conn_zones = limits.open_zones(self.http.limit_conn_zones if self.http else {},
                                                  "limit_conn")
        self.state = LuaState()
        self._setup_lua()

    def _setup_lua(self) -> None:
        st = self.state
        g = st.globals
        package = g[b"package"]
        http = self.http
        if http is not None and http.lua_package_path:
            package[b"path"] = _lua_path(http.lua_package_path, package[b"path"], self.main)
        # lualib/ (resty.core, ngx.*) comes after the user's path, so their
        # own modules of the same names win, as in OpenResty
        package[b"path"] = package[b"path"] + b";" + LUALIB_PATH
        if http is not None and http.lua_package_cpath:
            package[b"cpath"] = _lua_path(http.lua_package_cpath, package[b"cpath"], self.main)
        # ffi.C resolves the C helpers (mg_ffi_*), for lualib's modules
        st.ffi_libraries.append(csrc.library_path())
        self.ngx = api.build(self)
        g[b"ngx"] = self.ngx
        package[b"loaded"][b"ngx"] = self.ngx
        if http is None or http.lua_load_resty_core is not False:
            self._load_resty_core()
        # OpenResty bundles lua-cjson; its null is ngx.null there too
        cjson.preload(st, null=self.ngx[b"null"])
        # the API's field names, as the objects Lua code's names are
        intern_keys(g)
        # Each handler run gets fresh globals that read through to _G, as
        # lua-nginx-module gives each request's coroutine; a chunk that
        # assigns no global reads _G itself until Lua code asks (enter_handler).
        self.globals = g
        self.new_env = lua_tables.environments(g, self._env_taken)

    def _load_resty_core(self) -> None:
        """lua_load_resty_core on: `require "resty.core"` puts the FFI versions
        of the ngx API (lualib/resty/core/*.lua) over the builtins. A failure
        is a startup error, logged as OpenResty words it."""
        st = self.state
        # modules lualib has in Lua (ngx.base64) load from there, not from
        # the builtins' package.preload
        preload = st.globals[b"package"][b"preload"]
        for name in [k for k in dict.keys(preload) if type(k) is bytes]:
            if (LUALIB_DIR / (name.decode("latin-1").replace(".", "/") + ".lua")).is_file():
                preload.pop(name, None)
        try:
            st.call(st.globals[b"require"], b"resty.core")
        except LuaError as exc:
            msg = ("lua_load_resty_core failed to load the resty.core module from "
                   f"{LUALIB_DIR} (reason: {error_text(exc.value)})")
            self.error_log.log(logs.LEVEL_NUMBER["emerg"], msg)
            self.error_log.close()
            raise StartupError(msg) from None

    def tick(self) -> None:
        """The first event of a loop turn that finds the time stale (a
        read, a timer, an upstream's answer) re-reads the clock, as nginx
        updates its time after every wait for events; the Date header
        follows it."""
        clock = self.clock
        clock.update()
        clock.stale = False
        asyncio.get_running_loop().call_soon(clock.expire)
        if clock.sec != self.dates.second:
            self.dates.refresh(clock.sec)

    # -- Lua handlers ---------------------------------------------------------------------
    def factory(self, chunk: LuaChunk):
        """The compiled chunk (once, with lua_code_cache on); raises LuaError
        with lua-nginx-module's message when it cannot be loaded."""
        f = self.functions.get(id(chunk))
        if f is not None:
            return f
        source = chunk.source if chunk.source is not None else read_lua_file(chunk.path)
        try:
            f = self.state.factory(source, chunk.chunkname)
        except LuaSyntaxError as exc:
            raise LoadError(syntax_error_text(chunk.path, exc), 500) from None
        if self.code_cache:
            self.functions[id(chunk)] = f
        return f

    def file_chunk(self, req: Request, chunk: LuaChunk) -> LuaChunk:
        """A *_by_lua_file chunk with nginx variables in its path: the chunk
        of the file this request's values name, one per file, compiled and
        cached as any other."""
        path = self.main.path(self.template(chunk.path_template).render(req).decode("latin-1"))
        key = (id(chunk), path)
        found = self.file_chunks.get(key)
        if found is None:
            found = dataclasses.replace(chunk, chunkname="@" + path, path=path, path_template=None)
            self.file_chunks[key] = found
        return found

    def _main(self, req: Request, chunk: LuaChunk):
        """The main function of a handler run, made with its environment."""
        if chunk.path_template is not None:
            chunk = self.file_chunk(req, chunk)     # the file this request's values name
            main = self.mains.get(id(chunk))
            if main is not None:
                return main
        make = self.factory(chunk)
        if not (self.share_envs and self.code_cache) or make.writes_globals:
            return make(self.new_env())
        main = self.mains[id(chunk)] = make(self.globals)
        fenv.stand_in(main.__code__, self.globals, functools.partial(self._own_env, id(chunk)))
        return main

    def _env_taken(self) -> None:
        """Lua code got hold of a handler's environment: from now on every
        run has its own."""
        self.share_envs = False
        self.mains.clear()

    def _own_env(self, chunk_id: int) -> Table:
        """The environment of its own a function of a handler reading _G
        gets when Lua code asks for it (fenv.stand_in): one per request
        and chunk, so the functions a run made before share it."""
        self._env_taken()
        req = self.request
        if req is None:
            return self.new_env()
        if req.own_envs is None:
            req.own_envs = {}
        env = req.own_envs.get(chunk_id)
        if env is None:
            env = req.own_envs[chunk_id] = self.new_env()
        return env

    def run_set(self, req: Request, chunk: LuaChunk) -> bytes:
        """set_by_lua: ngx.arg holds the arguments; the first result, as a string."""
        req.arg = [self.template(a).render(req) for a in chunk.args]
        try:
            results = self.run_handler(req, chunk, base.SET)
        except LuaError as exc:
            self.log_lua_error(req, exc, "failed to run set_by_lua*: ")
            raise Finalize(500) from None
        value = results[0] if results else None
        if type(value) is float:
            return fmt_number(value)
        return value if type(value) is bytes else b""

    def run_filter(self, req: Request, chunk: LuaChunk, phase: int) -> bool:
        """A header or body filter, run from inside the output of another
        phase's handler: that phase is current again afterwards. False
        when it died of an error (logged)."""
        outer = req.phase
        try:
            self.run_handler(req, chunk, phase)
        except (base.Exit, base.Exec):
            pass
        except LuaError as exc:
            self.log_lua_error(req, exc, f"failed to run {base.CONTEXT_NAMES[phase]}: ")
            return False
        finally:
            req.phase = outer
        return True

    def run_body_filter(self, req: Request, chunk: LuaChunk, data: bytes, last: bool):
        """body_filter_by_lua sees ngx.arg[1] (the chunk) and ngx.arg[2] (eof)
        and may change both: their values after it, or None when it died."""
        req.arg = [data, last]
        ok = self.run_filter(req, chunk, base.BODY_FILTER)
        new_data, new_last = req.arg
        req.arg = None
        return (new_data, bool(new_last)) if ok else None

    # -- logging --------------------------------------------------------------------------
    def log_context(self, req: Request | None, upstream: str = "") -> str:
        """`, client: ..., server: ..., request: "...", upstream: "...",
        host: "..."`, as nginx ends its error.log lines."""
        if req is None:
            return ""
        if req.conn is None:
            return ", context: ngx.timer"
        state = req.upstream_state
        actions = LOG_ACTIONS if state is None else PROXIED_ACTIONS
        parts = [actions.get(req.phase, ""), f", client: {req.conn.peer[0]}"]
        parts.append(f", server: {req.server.first_name if req.server else ''}")
        main = req.main()                   # a subrequest logs its main request's line
        parts.append(f', request: "{main.request_line.decode("latin-1")}"')
        if main is not req:
            parts.append(f', subrequest: "{req.uri.decode("latin-1")}"')
        if not upstream and state is not None:
            upstream = state.url(req)       # nginx names it once proxying began
        if upstream:
            parts.append(f', upstream: "{upstream}"')
        host = req.header(b"host")
        if host is not None:
            parts.append(f', host: "{host.decode("latin-1")}"')
        referer = req.header(b"referer")
        if referer is not None:
            parts.append(f', referrer: "{referer.decode("latin-1")}"')
        return "".join(parts)

    def log_lua_error(self, req: Request, exc: LuaError, prefix: str | None = None) -> None:
        """A handler's Lua error in lua-nginx-module's words: `prefix` (the
        entry thread's by default), the message, the traceback of a thread
        (with its coroutine) or of a handler run whole ("failed to run
        ..."); a chunk that could not be loaded, as it is."""
        msg = error_text(exc.value)
        if prefix is None:
            prefix = "lua entry thread aborted: runtime error: "
        tb = exc.traceback
        if type(exc) is LoadError:
            prefix = ""
        elif tb and prefix.startswith("lua entry"):
            lines = tb.decode("utf-8", "replace").split("\n", 1)
            msg += "\n" + lines[0] + "\ncoroutine 0:" + ("\n" + lines[1] if len(lines) > 1 else "")
        elif prefix.startswith("failed to run"):
            # the handler's own stack, even when it ran inside another's
            # call (a filter from ngx.say): lua-nginx-module runs it apart
            msg += "\n" + call_traceback(exc.__traceback__).decode("utf-8", "replace")
        self.error_log.log(LOG_ERR, prefix + msg, req.number, self.log_context(req))

    def access_log(self, req: Request, path: str, fmt: str) -> None:
        f = self.access_logs.get(path)
        if f is None:
            f = self.access_logs[path] = logs.LogFile(path)
        template = logs.COMBINED if fmt == "combined" else self.http.log_formats.get(fmt)
        if template is None:
            return
        f.write(self.template(template).render(req, _log_escape) + b"\n")

    def template(self, text: str) -> Template:
        t = self.templates.get(text)
        if t is None:
            t = self.templates[text] = Template(text)
        return t

    def close(self) -> None:
        for f in self.access_logs.values():
            f.close()
        self.state.close()
        self.error_log.close()


def declared_variables(main: Main) -> frozenset[bytes]:
    """The variables `set`, `set_by_lua` and auth_request_set define
    anywhere: ngx.var may write them."""
    names: set[bytes] = set()

    def walk(owner) -> None:
        for op in script_ops(owner.script):
            if op.kind in ("set", "set_by_lua"):
                names.add(op.args[0].lower().encode())
        names.update(name for name, _ in owner.conf.auth_request_set)
        for loc in getattr(owner, "locations", ()):
            walk(loc)

    if main.http is not None:
        for srv in main.http.servers:
            walk(srv)
    return frozenset(names)


def error_text(value) -> str:
    """A Lua error object as lua-nginx-module prints it."""
    if type(value) is bytes:
        return value.decode("utf-8", "surrogateescape")
    if type(value) is float:
        return fmt_number(value).decode()
    if value is None:
        return "nil"
    return f"(error object is a {type_name(value)} value)"


def _log_escape(value: bytes) -> bytes:
    """access_log's default escaping: `"`, `\\` and bytes outside 0x20-0x7e as \\xHH."""
    if all(0x20 <= b < 0x7f and b not in (0x22, 0x5c) for b in value):
        return value
    return b"".join(bytes([b]) if 0x20 <= b < 0x7f and b not in (0x22, 0x5c) else b"\\x%02X" % b
                    for b in value)


def _lua_path(value: str, default: bytes, main: Main) -> bytes:
    """lua_package_path: `;;` stands for the default path; `$prefix` for -p."""
    value = value.replace("$prefix", main.prefix.rstrip("/") + "/")
    text = value.encode()
    if b";;" in text:
        text = text.replace(b";;", b";" + default + b";", 1)
    return text


def _log_path(main: Main, path: str) -> str:
    return path if path == "stderr" else main.path(path)

