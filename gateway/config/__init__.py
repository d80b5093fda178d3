"""Conf loading: a file in either syntax -> the directive tree -> the typed model.

The syntax follows the file name: `.yaml`/`.yml` is YAML, anything else
nginx.conf syntax. `-g` directives are nginx syntax, applied before the file's.
"""
from __future__ import annotations

import os

from . import nginx_syntax, yaml_syntax
from .model import Main
from .tree import COMMAND_LINE, ConfError


def load(path: str, prefix: str, global_directives: str = "") -> Main:
    """The model of a conf file; raises ConfError in nginx's words."""
    # Imported here, not above: build needs gateway.variables, and the
    # compiled hot-path modules import this package (for its model) while
    # gateway.variables itself is being imported.
    from .build import build

    path = os.path.abspath(path if os.path.isabs(path) else os.path.join(prefix, path))
    base_dir = os.path.dirname(path)
    if path.endswith((".yaml", ".yml")):
        tree = yaml_syntax.parse_file(path)
    else:
        tree = nginx_syntax.parse_file(path)
    if global_directives:
        tree = nginx_syntax.parse_text(global_directives, COMMAND_LINE, base_dir) + tree
    return build(tree, path, os.path.abspath(prefix))


__all__ = ["load", "ConfError", "Main"]
