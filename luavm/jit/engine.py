"""The process-wide native code engine: LLVM modules in, entry addresses out.

One MCJIT engine for the whole process (llvmlite 0.50, LLVM 22: the new pass
builder, no llvm.initialize()). MCJIT never frees code, so what is compiled
is bounded: the object code of every region is measured (through the object
cache's notification) and a compile that would pass the bound is refused.
llvmlite is imported on the first compile, not at start-up.

A module's text names the addresses that differ between processes by
symbols bound here (lower_table.bound), and its functions by the TAG
placeholder: both become the module's key, a digest of its text, so the
object code of a module compiled before, in this process or another, is
taken from the code cache (codecache.py) instead of LLVM.
"""
from __future__ import annotations

import time

from .codecache import CodeCache, default_directory
from .lower_table import TAG, bindings

_engine = None


class CodeLimit(Exception):
    """The bound on compiled code (jit.opt maxmcode, in KB) is reached."""


class Engine:
    def __init__(self) -> None:
        import llvmlite.binding as llvm

        from .lower_cache import libc_addresses
        from .lower_table import addresses
        self.llvm = llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        # the C API and the C library functions that native code calls
        for name, address in (addresses() | libc_addresses()).items():
            llvm.add_symbol(name, address)
        target = llvm.Target.from_default_triple()
        # this machine's CPU and features: without SSE4.1, floor (every
        # integral test and array index) is a call to libm's
        self.tm = target.create_target_machine(
            cpu=llvm.get_host_cpu_name(), features=llvm.get_host_cpu_features().flatten(),
            opt=2, jit=True)
        self.triple = llvm.get_process_triple()
        self.mcjit = llvm.create_mcjit_compiler(llvm.parse_assembly(""), self.tm)
        self.mcjit.set_object_cache(self._notify, lambda module: None)
        self.cache = CodeCache(default_directory(), "|".join((
            self.triple, llvm.get_host_cpu_name(),
            llvm.get_host_cpu_features().flatten(), ".".join(map(str, llvm.llvm_version_info)))))
        self.keys: dict[str, int] = {}          # a module's digest -> times compiled here
        self.code_bytes = 0
        self.modules = 0
        self._last_object = b""
        self.runtime = False

    def load_runtime(self) -> None:
        """What regions that use tables call (lower_runtime.py), compiled
        on the first such region: regions on numbers alone do without."""
        from .lower_runtime import FUNCTIONS, GLOBALS, runtime_module
        if self.runtime:
            return
        self.runtime = True
        self.compile(runtime_module(self.triple), [], 1 << 62)
        for name in FUNCTIONS:
            self.llvm.add_symbol(name, self.mcjit.get_function_address(name))
        for name in GLOBALS:
            self.llvm.add_symbol(name, self.mcjit.get_global_value_address(name))

    def _notify(self, module, buffer: bytes) -> None:
        self._last_object = buffer

    def compile(self, module, names: list[str], limit_bytes: int, optimised: bool = False):
        """Optimise and compile one module (an llvmlite.ir.Module), or link
        its cached object code: the addresses of `names` (with TAG), the
        optimised IR text (None when the code came from the cache; with
        `optimised` it never does) and the time taken in ms."""
        llvm = self.llvm
        if self.code_bytes >= limit_bytes:
            raise CodeLimit
        t0 = time.perf_counter()
        text = str(module)
        key = self._key(text)
        for address, symbol in bindings(module).items():
            llvm.add_symbol(symbol.replace(TAG, key), address)
        code = None if optimised else self.cache.load(key)
        ir_text = None
        if code is None:
            mod = llvm.parse_assembly(text.replace(TAG, key))
            mod.verify()
            pto = llvm.create_pipeline_tuning_options(speed_level=2)
            pb = llvm.create_pass_builder(self.tm, pto)
            pb.getModulePassManager().run(mod, pb)
            self.mcjit.add_module(mod)
            self.mcjit.finalize_object()
            code = self._last_object
            self.cache.store(key, code)
            ir_text = str(mod)
        else:
            self.mcjit.add_object_file(llvm.ObjectFileRef.from_data(code))
            self.mcjit.finalize_object()
        addresses = [self.mcjit.get_function_address(n.replace(TAG, key)) for n in names]
        self.code_bytes += len(code)
        self.modules += 1
        return addresses, ir_text, (time.perf_counter() - t0) * 1e3

    def _key(self, text: str) -> str:
        """The module's name in symbols and in the cache: its digest, and
        a count when this process compiled the same text before (each copy
        binds its own addresses to its own symbols)."""
        key = self.cache.key(text)
        n = self.keys.get(key, 0)
        self.keys[key] = n + 1
        return key if n == 0 else f"{key}_{n}"


def engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = Engine()
    return _engine
