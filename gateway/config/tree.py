"""The directive tree: what both conf syntaxes parse to, before any meaning.

nginx.conf and YAML are two spellings of one thing: a tree of directives,
each a name, its arguments and maybe a block of directives, remembered with
the file and line it came from so every later error can point there.
`gateway.config.build` gives the tree its meaning (the typed model).
"""
from __future__ import annotations

from dataclasses import dataclass, field


# The file name of the directives of a `-g` option: nginx gives them no line
# ("... in command line").
COMMAND_LINE = "command line"


class ConfError(Exception):
    """A conf error in nginx's words, already ending with `in FILE:LINE`."""


@dataclass
class Directive:
    name: str
    args: list[str]
    file: str
    line: int
    block: list[Directive] | None = None    # None: `name args;`, a list: `name args { ... }`
    # True for a `*_by_lua_block`: args is [the Lua source of its body],
    # taken verbatim (line 1 of the chunk is the line of its `{`).
    lua: bool = field(default=False)

    def where(self) -> str:
        if self.file == COMMAND_LINE:
            return self.file
        return f"{self.file}:{self.line}"

    def error(self, text: str) -> ConfError:
        return ConfError(f"{text} in {self.where()}")
