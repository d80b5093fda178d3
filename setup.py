"""The C helpers' build step; the package metadata is in pyproject.toml.

cffi's setuptools hook runs gateway/csrc/build.py and compiles the extension
module gateway._helpers, for `pip install .` and the editable install alike.
"""
from setuptools import setup

setup(cffi_modules=["gateway/csrc/build.py:ffibuilder"])
