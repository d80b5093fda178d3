"""The hot-path modules compiled by Cython (setup.py COMPILED) keep the
plain modules' meaning: their .pxd files declare the classes' fields as the
.py files list them, the build made every module the list names, and a
compiled Request and the conf's dataclasses behave as the Python classes do."""
from __future__ import annotations

import ast
import dataclasses
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GATEWAY, compiled_modules
from gateway import output
from gateway.config.model import Location, LocConf, ProxyPass
from gateway.request import Request

REPO = GATEWAY.parent


def pxd_classes() -> list[tuple[str, str, list[str]]]:
    """(module, class, its `cdef public` fields in order) of every class
    the .pxd files declare."""
    found = []
    for pxd in sorted(GATEWAY.rglob("*.pxd")):
        module = ".".join(pxd.relative_to(REPO).with_suffix("").parts)
        cls = None
        for line in pxd.read_text().splitlines():
            m = re.match(r"cdef class (\w+)(?:\(\w+\))?:", line)
            if m:
                cls = (module, m.group(1), [])
                found.append(cls)
            elif not line.startswith((" ", "#")) and line.strip():
                cls = None          # a module-level declaration ends the class
            m = re.match(r"\s+cdef public \w+ (.*)", line)
            if m and cls is not None:
                cls[2].extend(name.strip() for name in m.group(1).split(","))
    return found


@pytest.mark.parametrize("module, name, fields", pxd_classes(), ids=lambda v: v if isinstance(v, str) else "")
def test_pxd_declares_the_fields(module: str, name: str, fields: list[str]) -> None:
    """A slotted class's __slots__, or a dataclass's fields."""
    cls = getattr(importlib.import_module(module), name)
    if dataclasses.is_dataclass(cls):
        assert fields == [f.name for f in dataclasses.fields(cls)]
    else:
        assert fields == [slot for slot in cls.__slots__ if slot != "__dict__"]


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


def test_a_conf_class_keeps_dataclass_semantics() -> None:
    loc = Location("=", "/a", "conf:1")
    assert loc.conf == LocConf() and loc.conf is not Location("=", "/a", "conf:1").conf
    assert loc.script == [] and loc.plain_output is False
    moved = dataclasses.replace(loc, pattern="/b")
    assert (moved.pattern, moved.conf) == ("/b", loc.conf) and moved != loc
    assert repr(loc).startswith("Location(modifier='=', pattern='/a', ")
    assert [f.name for f in dataclasses.fields(ProxyPass)][:2] == ["scheme", "host"]
    assert ProxyPass("https", "h", None, None).default_port == 443     # a property


def test_each_module_imports_first() -> None:
    """A cimport makes a compiled module import the other module at its
    start: a cycle through them fails only when a given module is imported
    first, so each is, in a fresh interpreter."""
    for module in listed_modules():
        done = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                              text=True, cwd=REPO, timeout=60)
        assert done.returncode == 0, f"import {module}:\n{done.stderr}"
