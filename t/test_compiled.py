"""The hot-path modules compiled by Cython (setup.py COMPILED) keep the
plain modules' meaning: their .pxd files declare the classes' fields as the
.py files list them, the build made every module the list names, and a
compiled Request behaves as the Python class does."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import GATEWAY, compiled_modules
from gateway import output
from gateway.request import Request
from gateway.server import Connection

REPO = GATEWAY.parent


def pxd_fields(pxd: Path, cls: str) -> list[str]:
    """The `cdef public object` fields of a class in a .pxd, in order."""
    body = pxd.read_text().split(f"cdef class {cls}:", 1)[1]
    fields = []
    for line in body.splitlines():
        m = re.match(r"\s+cdef public object (.*)", line)
        if m:
            fields += [name.strip() for name in m.group(1).split(",")]
    return fields


@pytest.mark.parametrize("cls, pxd", [(Request, "request.pxd"), (Connection, "server.pxd")])
def test_pxd_declares_the_slots(cls: type, pxd: str) -> None:
    slots = [name for name in cls.__slots__ if name != "__dict__"]
    assert pxd_fields(GATEWAY / pxd, cls.__name__) == slots


def listed_modules() -> list[str]:
    tree = ast.parse((REPO / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no COMPILED list")


def test_every_listed_module_is_compiled_or_none_is() -> None:
    built = {".".join(p.relative_to(REPO).with_suffix("").with_suffix("").parts)
             for p in compiled_modules()}
    if not built:
        pytest.skip("plain Python (`make pure`): nothing compiled to check")
    assert built == set(listed_modules())
    assert Path(output.__file__).suffix == ".so"


def test_a_request_keeps_python_semantics() -> None:
    req = Request(None, 1, 0.0)
    assert req.body_size == 0               # a class default, no instance field yet
    req.body_size = 5                       # lands in the instance's __dict__
    assert req.body_size == 5 and Request(None, 2, 0.0).body_size == 0
    req.status = 204                        # a declared field
    assert req.status == 204
    with pytest.raises(AttributeError):
        req.no_such_field_anywhere          # noqa: B018
    with pytest.raises(AttributeError):
        output.write_out(None, None, True)  # a typed Request that is None: an error, not a crash
