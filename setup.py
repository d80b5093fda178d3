"""The build steps the package metadata (pyproject.toml) cannot say.

- cffi's setuptools hook runs gateway/csrc/build.py and compiles the
  extension module gateway._helpers, for `pip install .` and the editable
  install alike.
- lualib/ (the FFI-first ngx API in Lua) ships inside the package as
  gateway/lualib, where gateway/worker.py looks first; an editable install
  reads it from the source tree instead.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LUALIB = Path(__file__).resolve().parent / "lualib"


class BuildPyWithLualib(build_py):
    def run(self) -> None:
        super().run()
        if not getattr(self, "editable_mode", False):
            shutil.copytree(LUALIB, Path(self.build_lib) / "gateway" / "lualib",
                            ignore=shutil.ignore_patterns("*~", ".*"), dirs_exist_ok=True)


setup(cffi_modules=["gateway/csrc/build.py:ffibuilder"],
      cmdclass={"build_py": BuildPyWithLualib})
