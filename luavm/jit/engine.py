"""The process-wide native code engine: LLVM modules in, entry addresses out.

One MCJIT engine for the whole process (llvmlite 0.50, LLVM 22: the new pass
builder, no llvm.initialize()). MCJIT never frees code, so what is compiled
is bounded: the object code of every region is measured (through the object
cache's notification) and a compile that would pass the bound is refused.
llvmlite is imported on the first compile, not at start-up.
"""
from __future__ import annotations

import time

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
        self.code_bytes = 0
        self.modules = 0
        self._last_size = 0
        self.runtime = False

    def load_runtime(self) -> None:
        """What regions that use tables call (lower_runtime.py), compiled
        on the first such region: regions on numbers alone do without."""
        from .lower_runtime import FUNCTIONS, GLOBALS, runtime_module
        if self.runtime:
            return
        self.runtime = True
        self.compile(str(runtime_module(self.triple)), [], 1 << 62)
        for name in FUNCTIONS:
            self.llvm.add_symbol(name, self.mcjit.get_function_address(name))
        for name in GLOBALS:
            self.llvm.add_symbol(name, self.mcjit.get_global_value_address(name))

    def _notify(self, module, buffer: bytes) -> None:
        self._last_size = len(buffer)

    def compile(self, ir_text: str, names: list[str], limit_bytes: int):
        """Optimise and compile one module; the addresses of `names`, the
        optimised IR text and the compile time in ms."""
        llvm = self.llvm
        if self.code_bytes >= limit_bytes:
            raise CodeLimit
        t0 = time.perf_counter()
        mod = llvm.parse_assembly(ir_text)
        mod.verify()
        pto = llvm.create_pipeline_tuning_options(speed_level=2)
        pb = llvm.create_pass_builder(self.tm, pto)
        pb.getModulePassManager().run(mod, pb)
        self.mcjit.add_module(mod)
        self.mcjit.finalize_object()
        addresses = [self.mcjit.get_function_address(n) for n in names]
        self.code_bytes += self._last_size
        self.modules += 1
        return addresses, str(mod), (time.perf_counter() - t0) * 1e3


def engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = Engine()
    return _engine
