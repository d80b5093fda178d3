"""The process-wide native code engine: LLVM modules in, entry addresses out.

One MCJIT engine for the whole process (llvmlite 0.50, LLVM 22: the new pass
builder, no llvm.initialize()). MCJIT never frees code, so what is compiled
is bounded: the object code of every region is measured (through the object
cache's notification) and a compile that would pass the bound is refused.

A module's text names the addresses that differ between processes by
symbols bound here (lower_table.bound), and its functions by the TAG
placeholder: both become the module's key, a digest of its text, so the
object code of a module compiled before, in this process or another, is
taken from the code cache (codecache.py) instead of LLVM. On x86-64 Linux
such code is linked by objload.py, and LLVM (~50 ms to load) is loaded
only when something must be compiled.
"""
from __future__ import annotations

import time
from typing import Callable

from . import objload
from .codecache import CodeCache, default_directory
from .lower_table import TAG, bindings, symbol
from .shape import Shape, entry, read_entry, runtime_shape

_engine = None


class CodeLimit(Exception):
    """The bound on compiled code (jit.opt maxmcode, in KB) is reached."""


class Compiler:
    """LLVM's side: optimising and compiling modules, and linking the
    objects objload.py refuses."""

    def __init__(self, symbols: dict[str, int]) -> None:
        import llvmlite.binding as llvm
        self.llvm = llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        for name, address in symbols.items():
            llvm.add_symbol(name, address)
        target = llvm.Target.from_default_triple()
        # this machine's CPU and features: without SSE4.1, floor (every
        # integral test and array index) is a call to libm's
        self.tm = target.create_target_machine(
            cpu=llvm.get_host_cpu_name(), features=llvm.get_host_cpu_features().flatten(),
            opt=2, jit=True)
        self.triple = llvm.get_process_triple()
        self.machine = "|".join((llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten(),
                                 ".".join(map(str, llvm.llvm_version_info))))
        self.mcjit = llvm.create_mcjit_compiler(llvm.parse_assembly(""), self.tm)
        self.mcjit.set_object_cache(self._notify, lambda module: None)
        self._last_object = b""

    def _notify(self, module, buffer: bytes) -> None:
        self._last_object = buffer

    def compile(self, text: str) -> tuple[bytes, str]:
        """The object code of a module's text, linked, and the optimised IR."""
        llvm = self.llvm
        mod = llvm.parse_assembly(text)
        mod.verify()
        pto = llvm.create_pipeline_tuning_options(speed_level=2)
        pb = llvm.create_pass_builder(self.tm, pto)
        pb.getModulePassManager().run(mod, pb)
        self.mcjit.add_module(mod)
        self.mcjit.finalize_object()
        return self._last_object, str(mod)

    def link(self, code: bytes) -> None:
        self.mcjit.add_object_file(self.llvm.ObjectFileRef.from_data(code))
        self.mcjit.finalize_object()

    def address(self, name: str) -> int:
        return self.mcjit.get_global_value_address(name)


class Engine:
    def __init__(self) -> None:
        from .lower_cache import libc_addresses
        from .lower_table import addresses
        # what linked code may refer to: the C API and the C library
        # functions it calls, the runtime module, each module's bindings
        self.symbols: dict[str, int] = addresses() | libc_addresses()
        self.compiler: Compiler | None = None       # LLVM, when it is needed
        host = objload.host()
        self.links_alone = host is not None     # objload links cached code here
        if host is None:        # no LLVM-free linking here: LLVM tells the target
            host = self._compiler().triple, self._compiler().machine
        self.triple, machine = host
        self.cache = CodeCache(default_directory(), f"{self.triple}|{machine}")
        # whether compiled code is kept on disk (regions' shapes are only for it)
        self.caching = self.cache.directory is not None
        self.keys: dict[str, int] = {}          # a module's digest -> times compiled here
        self.linked: list[objload.Linked] = []  # objects objload placed: kept alive
        self.code_bytes = 0
        self.modules = 0
        self.runtime = False

    def _compiler(self) -> Compiler:
        if self.compiler is None:
            self.compiler = Compiler(self.symbols)
        return self.compiler

    def bind(self, name: str, address: int) -> None:
        self.symbols[name] = address
        if self.compiler is not None:
            self.compiler.llvm.add_symbol(name, address)

    def load_runtime(self) -> None:
        """What regions that use tables call (lower_runtime.py), compiled
        on the first such region: regions on numbers alone do without."""
        from .lower_runtime import FUNCTIONS, GLOBALS, runtime_module
        if self.runtime:
            return
        self.runtime = True
        names = [*FUNCTIONS, *GLOBALS]
        addresses, _, _ = self.compile_region(runtime_shape(self.triple),
                                              lambda: runtime_module(self.triple), names,
                                              1 << 62, [], None)
        for name, address in zip(names, addresses):
            self.bind(name, address)

    def compile_region(self, shape: Shape | None, lower: Callable, names: list[str],
                       limit_bytes: int, keep: list, nursery: list | None,
                       optimised: bool = False):
        """A region's code: the addresses of `names` (with TAG), the
        optimised IR text (None when the code came from the cache; with
        `optimised` it never does) and the time taken in ms.

        Linked from the cache through its shape (shape.py, None: it has
        none) without lowering it, when an earlier compile left an index
        entry; else lowered (lower() gives the llvmlite.ir.Module), then
        compiled or linked from the cache by the module's text, and the
        index entry written. `keep` and `nursery` are the region's, whose
        objects the code holds."""
        from .lower_runtime import uses_runtime
        if shape is not None and not optimised:
            found = self._link_shape(shape, names, limit_bytes, keep, nursery)
            if found is not None:
                return found
        kept = len(keep)
        module = lower()
        runtime = uses_runtime(module)
        if runtime:
            self.load_runtime()
        addresses, ir_text, ms, key = self._compile(module, names, limit_bytes, optimised)
        recipe = None if shape is None else shape.recipe(list(bindings(module)), keep, kept,
                                                          nursery)
        if recipe is not None:
            self.cache.store(shape.key, entry(key, runtime, recipe))
        return addresses, ir_text, ms

    def _link_shape(self, shape: Shape, names: list[str], limit_bytes: int, keep: list,
                    nursery: list | None):
        """compile_region's way without lowering; None when the cache has
        no entry for the shape, or not the code it names."""
        t0 = time.perf_counter()
        index = read_entry(self.cache.load(shape.key))
        if index is None:
            return None
        key, runtime, recipe = index
        name = self._next_name(key)
        code = self.cache.load(name)
        addresses = None if code is None else shape.bind(recipe, keep, nursery)
        if addresses is None:
            return None
        if self.code_bytes >= limit_bytes:
            raise CodeLimit
        if runtime:
            self.load_runtime()
        self.keys[key] = self.keys.get(key, 0) + 1
        for i, address in enumerate(addresses):
            self.bind(symbol(i).replace(TAG, name), address)
        return self._finish(code, self._link(code), names, name, None, t0)

    def _compile(self, module, names: list[str], limit_bytes: int, optimised: bool):
        """One module optimised and compiled, or its object code linked from
        the cache: compile_region's result and the module's key (its text's
        digest)."""
        if self.code_bytes >= limit_bytes:
            raise CodeLimit
        t0 = time.perf_counter()
        text = str(module)
        key = self.cache.key(text)
        name = self._next_name(key)
        self.keys[key] = self.keys.get(key, 0) + 1
        for address, tagged in bindings(module).items():
            self.bind(tagged.replace(TAG, name), address)
        code = None if optimised else self.cache.load(name)
        ir_text = None
        if code is None:
            code, ir_text = self._compiler().compile(text.replace(TAG, name))
            self.cache.store(name, code)
            address = self.compiler.address
        else:
            address = self._link(code)
        return (*self._finish(code, address, names, name, ir_text, t0), key)

    def _finish(self, code: bytes, address: Callable, names: list[str], name: str,
                ir_text: str | None, t0: float):
        self.code_bytes += len(code)
        self.modules += 1
        return ([address(n.replace(TAG, name)) for n in names], ir_text,
                (time.perf_counter() - t0) * 1e3)

    def _link(self, code: bytes):
        """Cached code linked: by objload where it can, else by MCJIT; how
        to find its symbols."""
        if self.links_alone:
            try:
                linked = objload.link(code, self.symbols.get)
            except objload.Refused:
                pass
            else:
                self.linked.append(linked)
                return linked.symbols.__getitem__
        self._compiler().link(code)
        return self.compiler.address

    def _next_name(self, key: str) -> str:
        """The name in symbols and in the cache of the next copy of a
        module: its key, and a count when this process compiled the same
        text before (each copy binds its own addresses to its own symbols)."""
        before = self.keys.get(key, 0)
        return key if before == 0 else f"{key}_{before}"


def engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = Engine()
    return _engine
