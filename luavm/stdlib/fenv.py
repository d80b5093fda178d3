"""Function environments (getfenv, setfenv, module): where a Lua function's globals live.

Tier-0 code reads and writes globals through the name `G` (compiler.py). In
a chunk's main function it is a free variable (the cell of the chunk's
factory); in every other Lua function a keyword-only parameter whose default,
bound when the closure is made, is that closure's environment. A running
frame keeps its own `G`, so setfenv on a level changes the frame as well as
its function. A main function that uses no global has no `G` at all: the
environment set on it is only remembered, for getfenv. The functions of a
chunk may stand in with the globals table for an environment of their own
(stand_in) until Lua code asks for it.
"""
from __future__ import annotations

import types
import weakref
from typing import Callable

from .. import coroutine as co_impl
from ..codeinfo import CODEINFO
from ..value import Table
from ..callstack import function_of, set_frame_var

ENV = "G"

# environments given to Lua functions that have no `G` of their own
_remembered: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

# a coroutine's own globals, once setfenv(0, t) ran in it (each Lua thread
# has an environment: what builtins such as print and load use); the main
# thread's is state.globals, which a coroutine shares until then
_thread_envs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def thread_env(state, co=None) -> Table:
    """The globals of a thread (the running one by default)."""
    co = co_impl.current() if co is None else co
    env = _thread_envs.get(co) if co is not None else None
    return state.globals if env is None else env


def set_thread_env(state, t: Table) -> None:
    """setfenv(0, t): the running thread's globals."""
    co = co_impl.current()
    if co is None:
        state.globals = t
    else:
        _thread_envs[co] = t


def _taken(env) -> None:
    """Lua code got hold of env (getfenv) or took it from a function
    (setfenv, module): tell its owner, if its class has an `on_taken`
    (gateway.lua_tables: the environments of request handlers, which runs
    that cannot tell them apart may share until then)."""
    on_taken = getattr(type(env), "on_taken", None)
    if on_taken is not None:
        on_taken()


# Code objects of chunks whose functions read the globals table itself
# while no Lua code asks for their environment: code -> (that table, what
# makes an environment of their own); see stand_in
_stand_ins: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def stand_in(code: types.CodeType, globals_: Table, make_env: Callable[[], Table]) -> None:
    """The functions of a chunk (code: its main function's, which holds
    the others') may run with globals_ as their environment in place of an empty one of their own
    that reads through to it, as long as nothing can tell: they assign no
    global, and no Lua code asks for their environment. When Lua code does
    (getfenv, setfenv, module), the function asked about gets make_env()
    first (gateway.worker: handlers that assign no global)."""
    stack = [code]
    while stack:
        co = stack.pop()
        _stand_ins[co] = (globals_, make_env)
        stack.extend(c for c in co.co_consts if isinstance(c, types.CodeType))


def _stand_in_ended(code: types.CodeType, env) -> Table | None:
    """For a function of a stand_in chunk whose environment is still the
    globals table: the environment of its own it gets now (its maker is
    told so); else None."""
    found = _stand_ins.get(code) if _stand_ins else None
    if found is None or env is not found[0]:
        return None
    return found[1]()


def is_lua_function(f) -> bool:
    code = getattr(f, "__code__", None)
    return code is not None and id(code) in CODEINFO


def get_env(f) -> Table | None:
    """The environment of a Lua function, or None if f has none of its own."""
    env = _env_of(f)
    own = _stand_in_ended(f.__code__, env) if env is not None else None
    if own is not None:
        _set_env(f, own)
        env = own
    _taken(env)
    return env


def _env_of(f) -> Table | None:
    if not is_lua_function(f):
        return None
    code = f.__code__
    if ENV in code.co_freevars:
        return f.__closure__[code.co_freevars.index(ENV)].cell_contents
    defaults = f.__kwdefaults__
    if defaults and ENV in defaults:
        return defaults[ENV]
    return _remembered.get(f)


def set_env(f, t: Table) -> bool:
    """Give a Lua function a new environment; False if f is not a Lua function."""
    if not is_lua_function(f):
        return False
    get_env(f)          # the owner of the environment it had is told
    _set_env(f, t)
    return True


def _set_env(f, t: Table) -> None:
    code = f.__code__
    if ENV in code.co_freevars:
        f.__closure__[code.co_freevars.index(ENV)].cell_contents = t
        return
    defaults = f.__kwdefaults__
    if defaults and ENV in defaults:
        defaults[ENV] = t
    else:
        _remembered[f] = t


def frame_env(frame: types.FrameType) -> Table | None:
    """The environment a running Lua frame reads its globals from."""
    env = frame.f_locals.get(ENV)
    if env is None:
        fn = function_of(frame)
        env = _env_of(fn) if fn is not None else None
    else:
        own = _stand_in_ended(frame.f_code, env)
        if own is not None:
            fn = function_of(frame)
            if fn is not None:
                _set_env(fn, own)
            set_frame_var(frame, ENV, own)
            env = own
    _taken(env)
    return env


def set_frame_env(frame: types.FrameType, t: Table):
    """setfenv on a running Lua frame: the frame and its function both change.

    Returns the frame's function (None if it cannot be found).
    """
    frame_env(frame)        # the owner of the environment it had is told
    fn = function_of(frame)
    if fn is not None:
        _set_env(fn, t)
    if ENV in frame.f_code.co_varnames or ENV in frame.f_code.co_freevars:
        set_frame_var(frame, ENV, t)
    return fn
