"""The build steps the package metadata (pyproject.toml) cannot say.

- cffi's setuptools hook runs gateway/csrc/build.py and compiles the
  extension module gateway._helpers, for `pip install .` and the editable
  install alike.
- The modules every request runs through (COMPILED) are compiled by Cython
  into extension modules next to their sources, which they shadow: the same
  Python code, run without the interpreter's bytecode loop. The slotted
  classes (and the conf's dataclasses) whose fields the hot path reads
  most (Request, Connection, the upstream connection, Location, LocConf,
  ...) become C structs through the .pxd file beside their module, and the
  functions that take them are declared there with them typed. Without
  the compiled modules (`make pure`), the .py files run as they are.
- lualib/ (the FFI-first ngx API in Lua) ships inside the package as
  gateway/lualib, where gateway/worker.py looks first; an editable install
  reads it from the source tree instead.
"""
import os
import shutil
from pathlib import Path

import greenlet
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LUALIB = ROOT / "lualib"
# Measured one by one under callgrind (bench/RESULTS.md, session 29): the
# server, the phases and output, the ngx API a handler calls per request,
# and the proxy; and the conf model (session 30), whose location, settings,
# server and proxy_pass classes every request reads. Others gain little
# and would only lengthen the build.
# These modules test a value's type with type(v), which compiled is a
# pointer compare (v.__class__ is an attribute lookup there, though the
# faster of the two interpreted); but `v.__class__ is Table` where v may be
# one of gateway.lua_tables' Table subclasses, which answer Table to it.
COMPILED = [
    "gateway.request", "gateway.server", "gateway.output", "gateway.phases", "gateway.worker",
    "gateway.threads", "gateway.deadline", "gateway.variables", "gateway.lua_tables",
    "gateway.http", "gateway.routing", "gateway.body", "gateway.proxy", "gateway.balancer",
    "gateway.ngx.base", "gateway.ngx.output", "gateway.ngx.var", "gateway.ngx.request",
    "gateway.ngx.response", "gateway.ngx.uthread", "gateway.config.model",
    "gateway.worker_state",
]
# Python's semantics kept: annotations are documentation, never C types
# (Cython would refuse a dict subclass where `dict` is written); a typed
# Request that is None raises AttributeError instead of crashing.
DIRECTIVES = {"language_level": 3, "annotation_typing": False, "nonecheck": True}


class BuildPyWithLualib(build_py):
    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            shutil.copytree(LUALIB, Path(self.build_lib) / "gateway" / "lualib",
                            ignore=shutil.ignore_patterns("*~", ".*"), dirs_exist_ok=True)


class BuildExtInPlace(build_ext):
    """An editable install builds the extension modules next to their
    sources, as `setup.py build_ext --inplace` does: where its imports find
    them, and where `make` (Makefile, COMPILED) finds them up to date."""

    def run(self) -> None:
        if getattr(self, "editable_mode", False):
            self.inplace = True
        super().run()


def compiled_modules() -> list[Extension]:
    # MOONGATE_COMPILE=0: none (`make install` installs so, then compiles
    # them in place itself, where build_ext keeps its objects from one run
    # to the next and recompiles only what changed)
    if os.environ.get("MOONGATE_COMPILE") == "0":
        return []
    # build/cython holds the generated C, out of the source tree
    # greenlet.h: gateway/cgreenlet.pxd declares greenlet's type from it
    include = [os.path.dirname(greenlet.__file__)]
    extensions = [Extension(name, [name.replace(".", "/") + ".py"], include_dirs=include)
                  for name in COMPILED]
    return cythonize(extensions, compiler_directives=DIRECTIVES, build_dir="build/cython",
                     include_path=[str(ROOT)], nthreads=os.cpu_count() or 1, quiet=True)


setup(cffi_modules=["gateway/csrc/build.py:ffibuilder"],
      ext_modules=compiled_modules(),
      cmdclass={"build_py": BuildPyWithLualib, "build_ext": BuildExtInPlace},
      options={"build_ext": {"parallel": os.cpu_count() or 1}})
