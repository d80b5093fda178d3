"""luavm: Moongate's Lua 5.1 VM (LuaJIT dialect), usable on its own like `luajit`.

Lua source goes lexer -> parser -> AST -> tier 0 (Python code), and hot code
on to tier 1 (native code through llvmlite). The embedding API is
`luavm.state.LuaState`; the `luavm` command is `luavm.cli`. The package knows
nothing of HTTP: `gateway` embeds it.
"""

__version__ = "0.1.0"
