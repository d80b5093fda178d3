"""nginx.conf syntax -> the directive tree (tree.py), read as nginx reads it.

The lexer follows nginx's ngx_conf_read_token (src/core/ngx_conf_file.c)
character for character, so a conf nginx accepts gives the same words and a
conf nginx rejects fails with nginx's words at nginx's line. Two facts of
nginx shape everything here:
- a directive's line is where its `;` or `{` is, not where its name is: nginx
  reports errors at the line it has read up to when the directive ends;
- `*_by_lua_block { ... }` bodies are not nginx words at all: lua-nginx-module
  lexes them itself (ngx_http_lua_conf_lua_block_parse), counting braces
  outside Lua strings and comments, and keeps the text between the braces.

`include` is expanded while parsing, so the tree holds no `include`
directives: each included directive keeps its own file and line.
"""
from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum

from gateway.config.tree import ConfError, Directive

SPACE = " \t\r\n"
LUA_BLOCK_SUFFIX = "_by_lua_block"
GLOB_CHARS = "*?["


class Ending(Enum):
    """How ngx_conf_read_token's read ended (its NGX_OK, NGX_CONF_BLOCK_*...)."""
    SEMICOLON = ";"
    BLOCK_START = "{"
    BLOCK_DONE = "}"
    FILE_DONE = ""


# nginx unescapes a word after reading it: \" \' \\ lose the backslash, \t \r
# \n become control characters, any other backslash stays (`\.` in a regex).
_ESCAPE = re.compile(r"""\\(["'\\trn])""")
_ESCAPED = {'"': '"', "'": "'", "\\": "\\", "t": "\t", "r": "\r", "n": "\n"}


def unescape(raw: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], raw)


# The tokens of lua-nginx-module's block lexer (ngx_http_lua_lex.c), in its
# order of preference at one position: braces, long comments before line
# comments, long strings, and short strings, which may not hold a raw newline
# (not even after a backslash: the lexer then skips the quote, and a brace
# after it counts). Checked against nginx 1.22 with lua-nginx-module 0.10.23.
_LUA_TOKEN = re.compile(r"""
    (?P<open>\{) | (?P<close>\})
  | --\[(?P<comment>=*)\[ | --[^\n]*
  | \[(?P<string>=*)\[
  | "(?:[^"\\\n]|\\[^\n])*" | '(?:[^'\\\n]|\\[^\n])*'
""", re.X)


@dataclass
class _Scan:
    """ngx_conf_read_token's state while it reads one directive's words."""
    words: list[str] = field(default_factory=list)
    start: int = 0              # where the current word's text begins
    last_space: bool = True     # between words: the next character may begin one
    need_space: bool = False    # after a closing quote: only a separator may follow
    sharp_comment: bool = False
    quoted: bool = False        # after a backslash: the next character is taken as is
    d_quoted: bool = False
    s_quoted: bool = False
    variable: bool = False      # after `$`: a `{` belongs to the word (`${name}`)


class _Lexer:
    """One file's text (or the -g text) and the position nginx has read to."""

    def __init__(self, text: str, file: str, param: bool):
        self.text = text
        self.file = file
        self.param = param      # the -g text: nginx names no line and allows no block
        self.pos = 0
        self.line = 1

    def where(self) -> str:
        return self.file if self.param else f"{self.file}:{self.line}"

    def error(self, text: str) -> ConfError:
        return ConfError(f"{text} in {self.where()}")

    def read_token(self) -> tuple[Ending, list[str]]:
        """The words of the next directive and what ended them."""
        s = _Scan(start=self.pos)
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            if ch == "\n":
                self.line += 1
                s.sharp_comment = False
            if s.sharp_comment:
                continue
            if s.quoted:
                s.quoted = False
                continue
            if s.need_space and self._after_quote(s, ch):
                return Ending(ch), s.words
            ending = self._begin_word(s, ch) if s.last_space else self._in_word(s, ch)
            if ending is not None:
                return ending, s.words
        if s.words or not s.last_space:
            if self.param:
                raise self.error('unexpected end of parameter, expecting ";"')
            raise self.error('unexpected end of file, expecting ";" or "}"')
        return Ending.FILE_DONE, s.words

    def _after_quote(self, s: _Scan, ch: str) -> bool:
        """After a closing quote: True if `ch` ends the directive."""
        if ch in ";{":
            return True
        if ch in SPACE or ch == ")":
            # nginx lets `)` follow a quote, as in `if ($a = "b")`; it then
            # begins the next word, so it falls through to _begin_word.
            s.last_space, s.need_space = True, False
            return False
        raise self.error(f'unexpected "{ch}"')

    def _begin_word(self, s: _Scan, ch: str) -> Ending | None:
        if ch in SPACE:
            return None
        s.start = self.pos - 1
        if ch in ";{":
            if not s.words:
                raise self.error(f'unexpected "{ch}"')
            return Ending(ch)
        if ch == "}":
            if s.words:
                raise self.error('unexpected "}"')
            return Ending.BLOCK_DONE
        if ch == "#":
            s.sharp_comment = True
            return None
        s.last_space = False
        if ch == "\\":
            s.quoted = True
        elif ch in "\"'":
            s.start += 1
            s.d_quoted, s.s_quoted = ch == '"', ch == "'"
        elif ch == "$":
            s.variable = True
        return None

    def _in_word(self, s: _Scan, ch: str) -> Ending | None:
        if ch == "{" and s.variable:
            return None
        s.variable = False
        if ch == "\\":
            s.quoted = True
            return None
        if ch == "$":
            s.variable = True
            return None
        if s.d_quoted or s.s_quoted:
            if ch != ('"' if s.d_quoted else "'"):
                return None
            s.d_quoted = s.s_quoted = False
            s.need_space = True
        elif ch in SPACE or ch in ";{":
            s.last_space = True
        else:
            return None
        s.words.append(unescape(self.text[s.start:self.pos - 1]))
        return Ending(ch) if ch in ";{" else None

    def read_lua_block(self) -> str:
        """The text between a `*_by_lua_block`'s `{` (just read) and its `}`."""
        start = self.pos
        level = 1
        # lua-nginx-module reports an unclosed block at the last `{` it saw
        open_line = self.line
        while True:
            m = _LUA_TOKEN.search(self.text, self.pos)
            if m is None:
                self.line = open_line
                raise self.error("unexpected end of file, expecting terminating characters for lua code block")
            long_bracket = m.group("comment") if m.group("comment") is not None else m.group("string")
            if long_bracket is not None:
                self._skip_long_bracket(m, long_bracket)
                continue
            self._advance(m.end())
            if m.group("open"):
                level += 1
                open_line = self.line
            elif m.group("close"):
                level -= 1
                if level == 0:
                    return self.text[start:m.start()]

    def _skip_long_bracket(self, m: re.Match[str], equals: str) -> None:
        self._advance(m.start())        # an error names the line of the opening bracket
        close = f"]{equals}]"
        end = self.text.find(close, m.end())
        if end < 0:
            raise self.error(f'Lua code block missing the closing long bracket "{close}", '
                             "the inlined Lua code may be too long")
        self._advance(end + len(close))

    def _advance(self, pos: int) -> None:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos


class _Parser:
    """ngx_conf_parse: directives and blocks from one lexer, includes expanded."""

    def __init__(self, lexer: _Lexer, base_dir: str):
        self.lex = lexer
        self.base_dir = base_dir

    def parse(self) -> list[Directive]:
        return self._block(in_block=False)

    def _block(self, in_block: bool) -> list[Directive]:
        directives: list[Directive] = []
        while True:
            ending, words = self.lex.read_token()
            if ending is Ending.BLOCK_DONE:
                if not in_block:
                    raise self.lex.error('unexpected "}"')
                return directives
            if ending is Ending.FILE_DONE:
                if in_block:
                    raise self.lex.error('unexpected end of file, expecting "}"')
                return directives
            if ending is Ending.BLOCK_START and self.lex.param:
                raise self.lex.error("block directives are not supported in -g option")
            directives.extend(self._directive(ending, words))

    def _directive(self, ending: Ending, words: list[str]) -> list[Directive]:
        name, args = words[0], words[1:]
        file, line = self.lex.file, self.lex.line
        if name == "include":
            return self._include(ending, args)
        if ending is Ending.SEMICOLON:
            return [Directive(name, args, file, line)]
        if name.endswith(LUA_BLOCK_SUFFIX):
            # The line of the `{`, which is where the Lua chunk's line 1 is:
            # lua-nginx-module names the chunk after it too
            # (`content_by_lua(nginx.conf:LINE)`), even when the directive's
            # name stands on an earlier line.
            return [Directive(name, [*args, self.lex.read_lua_block()], file, line, lua=True)]
        return [Directive(name, args, file, line, block=self._block(in_block=True))]

    def _include(self, ending: Ending, args: list[str]) -> list[Directive]:
        if ending is not Ending.SEMICOLON:
            raise self.lex.error('directive "include" is not terminated by ";"')
        if len(args) != 1:
            raise self.lex.error('invalid number of arguments in "include" directive')
        where = self.lex.where()
        directives: list[Directive] = []
        for path in include_paths(args[0], self.base_dir):
            directives.extend(parse_file(path, self.base_dir, where))
        return directives


def include_paths(pattern: str, base_dir: str) -> list[str]:
    """The files an `include` names, as nginx finds them.

    A relative path is relative to the main conf file's directory (nginx's
    conf prefix), whichever file includes it. A pattern with `*`, `?` or `[`
    is a glob: its files in sorted order, maybe none; a plain path is one
    file, which must exist.
    """
    path = os.path.join(base_dir, pattern)
    if not any(c in pattern for c in GLOB_CHARS):
        return [path]
    return sorted(glob.glob(path))


# The conf files being parsed, outermost first: a file that includes itself
# (maybe through others) would be read forever.
_parsing: list[str] = []


@contextmanager
def reading(path: str, where: str | None) -> Iterator[bytes]:
    """The bytes of a conf file, while it is being parsed.

    `where` is the include that names it (None for the main conf file); open
    errors are nginx's: `open() "PATH" failed (2: No such file or directory)`.
    """
    real = os.path.realpath(path)
    if real in _parsing:
        raise ConfError(f'include loop: "{path}" includes itself in {where}')
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        text = f'open() "{path}" failed ({e.errno}: {os.strerror(e.errno)})'
        raise ConfError(text if where is None else f"{text} in {where}") from None
    _parsing.append(real)
    try:
        yield data
    finally:
        _parsing.pop()


def parse_file(path: str, base_dir: str | None = None, where: str | None = None) -> list[Directive]:
    """The directives of an nginx-syntax conf file, includes expanded.

    `base_dir` is where relative includes resolve: by default the file's own
    directory, right for the main conf file. `where` is the include that
    names this file, for its open error.
    """
    if base_dir is None:
        base_dir = os.path.dirname(os.path.abspath(path))
    with reading(path, where) as data:
        # nginx reads bytes; surrogateescape keeps any non-UTF-8 byte as it was
        text = data.decode("utf-8", "surrogateescape")
        return _Parser(_Lexer(text, path, param=False), base_dir).parse()


def parse_text(text: str, file: str, base_dir: str) -> list[Directive]:
    """The directives of a `-g` option, as nginx's ngx_conf_param reads them.

    `file` names them in errors (tree.COMMAND_LINE: nginx gives no line);
    blocks are not allowed, includes resolve against `base_dir`.
    """
    return _Parser(_Lexer(text, file, param=True), base_dir).parse()


# A YAML scalar holds one directive's arguments: nginx's word rules (spaces
# separate, quotes group, backslash escapes), but no `;`, `{`, `}` or `#`,
# which YAML has already dealt with (`lua_package_path: "lualib/?.lua;;"`).
_QUOTED = re.compile(r"""(["'])((?:\\.|(?!\1)[^\\])*)\1""", re.S)
_BARE = re.compile(r"(?:\\.|[^\\\s])+", re.S)
_SPACES = re.compile(r"[ \t\r\n]*")


def split_args(text: str, where: str) -> list[str]:
    """The arguments written in a YAML scalar, unescaped as nginx does."""
    words: list[str] = []
    pos = _SPACES.match(text).end()
    while pos < len(text):
        quote = text[pos] in "\"'"
        m = (_QUOTED if quote else _BARE).match(text, pos)
        if m is None:
            expecting = f"closing {text[pos]}" if quote else "a character after \\"
            raise ConfError(f"unexpected end of value, expecting {expecting} in {where}")
        words.append(unescape(m.group(2) if quote else m.group(0)))
        pos = m.end()
        if quote and pos < len(text) and text[pos] not in SPACE and text[pos] != ")":
            raise ConfError(f'unexpected "{text[pos]}" in {where}')
        pos = _SPACES.match(text, pos).end()
    return words
