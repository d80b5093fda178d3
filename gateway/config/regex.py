"""The regexes of a conf (location ~, rewrite, server_name ~, if ~), written
for PCRE, as Python's re reads them: PCRE's named groups `(?<name>...)`
and `(?'name'...)` become re's `(?P<name>...)`; lookbehinds `(?<=` and
`(?<!` stay as they are."""
from __future__ import annotations

import re

_NAMED_GROUP = re.compile(r"\(\?<(?![=!])(\w+)>|\(\?'(\w+)'")


def compile_conf_regex(pattern: str, flags: int = 0) -> re.Pattern:
    """Compile a conf regex; re.error for one Python's re cannot read."""
    return re.compile(_NAMED_GROUP.sub(_python_group, pattern), flags)


def _python_group(m: re.Match) -> str:
    return f"(?P<{m.group(1) or m.group(2)}>"
