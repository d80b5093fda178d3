"""YAML conf syntax -> the same directive tree as the nginx syntax gives.

Keys are nginx directive names; a value says what follows the name:
- a scalar: the arguments, split as nginx splits words (quotes and escapes
  work: `log_format: main '$remote_addr $status'`); null: no arguments;
- a list: the directive once per element (`listen: [80, "8443 reuseport"]`);
- a mapping: the block of a block directive without arguments (`http`,
  `server`, ...); for one with arguments (`location`, `upstream`, ...) one
  directive per key, the key its arguments and the value its block; for any
  other directive one directive per key, the key its first arguments and the
  value the rest (`lua_shared_dict: {cache: 10m}`).
Lua code (`*_by_lua_block`, `*_by_lua`) is taken verbatim. `include` splices
in other files, YAML or (any other extension) nginx syntax.

Lines come from PyYAML's composed nodes, which keep the text of every scalar
as written: `off` stays "off" although YAML 1.1 would read false.
"""
from __future__ import annotations

import os

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gateway.config import nginx_syntax
from gateway.config.tree import ConfError, Directive

# Block directives whose mapping is their block (they take no arguments).
NO_ARG_BLOCKS = frozenset({"events", "http", "server", "types", "stream", "mail"})
# Block directives whose mapping's keys are their arguments, one block each.
ARG_BLOCKS = frozenset({"location", "upstream", "if", "limit_except", "map", "geo",
                        "split_clients", "charset_map"})
YAML_EXTENSIONS = (".yaml", ".yml")

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Builder:
    """Directives from the nodes of one YAML file."""

    def __init__(self, file: str, base_dir: str):
        self.file = file
        self.base_dir = base_dir

    def error(self, text: str, node: Node) -> ConfError:
        return ConfError(f"{text} in {self.file}:{_line(node)}")

    def directives(self, mapping: MappingNode) -> list[Directive]:
        out: list[Directive] = []
        for key, value in mapping.value:
            if not isinstance(key, ScalarNode) or key.tag == _NULL:
                raise self.error("a directive name must be a string", key)
            if key.value == "include":
                out.extend(self._include(key, value))
            elif isinstance(value, SequenceNode):
                for item in value.value:
                    out.extend(self._one(key.value, _line(item), item))
            else:
                out.extend(self._one(key.value, _line(key), value))
        return out

    def _one(self, name: str, line: int, node: Node) -> list[Directive]:
        """The directive(s) `name` with the value `node` (not a list)."""
        if isinstance(node, SequenceNode):
            raise self.error(f'"{name}" directive cannot take a list inside a list', node)
        if name in NO_ARG_BLOCKS and isinstance(node, MappingNode):
            return [Directive(name, [], self.file, line, block=self.directives(node))]
        if name in NO_ARG_BLOCKS and node.tag == _NULL:
            return [Directive(name, [], self.file, line, block=[])]
        if isinstance(node, MappingNode):
            return [self._keyed(name, key, value) for key, value in node.value]
        return [self._leaf(name, line, [], node)]

    def _keyed(self, name: str, key: Node, value: Node) -> Directive:
        """One key of a mapping given to `name`: its first arguments."""
        if not isinstance(key, ScalarNode):
            raise self.error(f'"{name}" directive cannot take a mapping or list as an argument', key)
        line = _line(key)
        lead = self._split(key)
        if name in ARG_BLOCKS:
            return Directive(name, lead, self.file, line, block=self._block(name, value))
        if not isinstance(value, ScalarNode):
            raise self.error(f'"{name}" directive cannot take a mapping or list as an argument', value)
        return self._leaf(name, line, lead, value)

    def _block(self, name: str, node: Node) -> list[Directive]:
        if isinstance(node, MappingNode):
            return self.directives(node)
        if node.tag == _NULL:
            return []
        raise self.error(f'the block of a "{name}" directive must be a mapping', node)

    def _leaf(self, name: str, line: int, lead: list[str], node: Node) -> Directive:
        if name.endswith(nginx_syntax.LUA_BLOCK_SUFFIX):
            return Directive(name, [*lead, self._lua(node, line)], self.file, line, lua=True)
        if name.endswith("_by_lua"):
            return Directive(name, [*lead, self._lua(node, line)], self.file, line)
        return Directive(name, [*lead, *self._split(node)], self.file, line)

    def _split(self, node: Node) -> list[str]:
        """A scalar's arguments, split and unescaped as nginx does its words."""
        if node.tag == _NULL:
            return []
        text = node.value
        if node.tag == _BOOL and text.lower() in ("true", "false"):
            text = "on" if text.lower() == "true" else "off"
        return nginx_syntax.split_args(text, f"{self.file}:{_line(node)}")

    def _lua(self, node: Node, line: int) -> str:
        """Lua source, verbatim, with its line 1 on the directive's line.

        A block scalar's text begins on the line after `|`; the newlines put
        before it make Lua's line n the conf's line `line + n - 1`, as the
        nginx syntax has it, so Lua errors name the conf's own lines.
        """
        if node.tag == _NULL:
            return ""
        first = _line(node) + (1 if node.style in ("|", ">") else 0)
        return "\n" * (first - line) + node.value

    def _include(self, key: Node, node: Node) -> list[Directive]:
        where = f"{self.file}:{_line(key)}"
        items = node.value if isinstance(node, SequenceNode) else [node]
        out: list[Directive] = []
        for item in items:
            if not isinstance(item, ScalarNode) or len(args := self._split(item)) != 1:
                raise ConfError(f'invalid number of arguments in "include" directive in {where}')
            for path in nginx_syntax.include_paths(args[0], self.base_dir):
                out.extend(_parse_any(path, self.base_dir, where))
        return out


def _parse_any(path: str, base_dir: str, where: str) -> list[Directive]:
    if path.endswith(YAML_EXTENSIONS):
        return parse_file(path, base_dir, where)
    return nginx_syntax.parse_file(path, base_dir, where)


def _compose(data: bytes, file: str) -> Node | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ConfError(f"yaml: invalid UTF-8 in {file}:{line}") from None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = f"{e.context}, {e.problem}" if e.context else e.problem
        raise ConfError(f"yaml: {what} in {file}:{mark.line + 1}") from None
    except yaml.reader.ReaderError as e:
        # a character YAML does not allow (a control character, say)
        line = text.count("\n", 0, e.position) + 1
        raise ConfError(f"yaml: unacceptable character #x{e.character:04x} in {file}:{line}") from None


def parse_file(path: str, base_dir: str | None = None, where: str | None = None) -> list[Directive]:
    """The directives of a YAML conf file, includes expanded.

    `base_dir` and `where` as for nginx_syntax.parse_file.
    """
    if base_dir is None:
        base_dir = os.path.dirname(os.path.abspath(path))
    with nginx_syntax.reading(path, where) as data:
        root = _compose(data, path)
        if root is None:
            return []
        if not isinstance(root, MappingNode):
            raise ConfError(f"the top level of a YAML conf must be a mapping of directives in {path}:{_line(root)}")
        return _Builder(path, base_dir).directives(root)
