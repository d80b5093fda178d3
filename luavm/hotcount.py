"""Hot counters: what tier 0 emits so that tier 1 (luavm/jit) finds hot code.

A mixin of the compiler. For each region that region selection
(jit/region.py) finds, the function around it takes the region's JitSite as
a keyword-only default `_tJ<n>` (bound once, read as a fast local), and:

  a function region starts with
      _tJ1.count -= 1
      if _tJ1.count < 0:
          _r = _tJ1.enter((params..., upvalues...), G)
          if _r is not NR: return _r

  a loop region starts each turn with (on-stack entry at the loop's head)
      _tJ2.count -= 1
      if _tJ2.count < 0:
          _r = _tJ2.enter((counter, limit, step, outer locals...), G)
          if _r is not NR:
              x = _r[1]; ...                         # outer locals it assigned
              if _r[0] is RS:                        # it ran some turns, then exited:
                  i = forskip(_tI2, _r[-1])          # this turn is the next one
              else:
                  if _r[0] is not NR: return _r[0]  # the loop returned
                  break

  a loop that cannot compile ticks once per entry, so that -jv can say why.

Hot path: a tick is an attribute decrement and a test (~25 ns); nothing
else runs until the count is out. Without a JIT (luavm -joff) no site is made
and the code is tier 0's alone.
"""
from __future__ import annotations

import ast as py

from . import ast
from .jit.region import function_site, loop_parents, loop_site


def _load(name: str) -> py.Name:
    return py.Name(name, py.Load())


def _site_number(name: str) -> int:
    """n of a site's default `_tJ<n>`."""
    return int(name[len("_tJ"):])


def _store(name: str) -> py.Name:
    return py.Name(name, py.Store())


class HotCounters:
    """Mixin for compiler.Compiler: needs self.jit, self.jit_sites,
    self.loop_sites, self.res, self.chunkname, self.fs (with jit_params),
    self.out and self.at."""

    def new_site(self, site) -> str:
        """Register a site; the name of its keyword-only default."""
        self.jit_sites.append(self.jit.new_site(site))
        n = len(self.jit_sites) - 1
        self.fs.jit_params.append(n)
        return f"_tJ{n}"

    def jit_defaults(self) -> tuple[list, list]:
        """The keyword-only parameters binding this function's sites."""
        names = [f"_tJ{n}" for n in self.fs.jit_params]
        values = [py.Subscript(_load("JS"), py.Constant(n), py.Load())
                  for n in self.fs.jit_params]
        return names, values

    def var_value(self, var) -> py.expr:
        if var.boxed:
            return py.Subscript(_load(var.pyname), py.Constant(0), py.Load())
        return _load(var.pyname)

    def var_target(self, var) -> py.expr:
        if var.boxed:
            return py.Subscript(_load(var.pyname), py.Constant(0), py.Store())
        return _store(var.pyname)

    def tick(self, name: str, then: list) -> list:
        """`name.count -= 1; if name.count < 0: then`"""
        count = py.Attribute(_load(name), "count", py.Store())
        dec = self.at(py.AugAssign(count, py.Sub(), py.Constant(1)))
        out = py.Compare(py.Attribute(_load(name), "count", py.Load()), [py.Lt()],
                         [py.Constant(0)])
        return [dec, self.at(py.If(out, then, []))]

    def enter(self, name: str, values: list) -> py.stmt:
        call = py.Call(py.Attribute(_load(name), "enter", py.Load()),
                       [py.Tuple(values, py.Load()), _load("G")], [])
        return self.at(py.Assign([_store("_r")], call))

    def not_run(self, e) -> py.Compare:
        return py.Compare(e, [py.IsNot()], [_load("NR")])

    # -- functions --
    def function_prologue(self, node: ast.Function) -> None:
        if self.jit is None:
            return
        site = function_site(node, self.res, self.chunkname)
        if site is None:
            return
        name = self.new_site(site)
        ret = self.at(py.If(self.not_run(_load("_r")), [self.at(py.Return(_load("_r")))], []))
        for stmt in self.tick(name, [self.enter(name, [self.var_value(v) for v in site.vars]),
                                     ret]):
            self.out.append(stmt)

    # -- loops --
    def loop_site(self, s) -> tuple[str, object] | None:
        """Before a loop: its site, and for a loop that cannot compile its
        entry tick (emitted here)."""
        if self.jit is None:
            return None
        made = self.loop_sites.get(id(s))   # tier 0 may compile a loop twice (versioned)
        if made is None:
            site = loop_site(s, self.fs.scope.node, self.res, self.chunkname)
            made = self.loop_sites[id(s)] = (self.new_site(site), site)
            self.jit_sites[-1].parent = self.enclosing_site(s)
        name, site = made
        if site.kind == "nyi":
            for stmt in self.tick(name, [self.enter(name, [])]):
                self.out.append(stmt)
            return None
        return name, site

    def enclosing_site(self, s):
        """The JitSite of the loop s is nested in, if that one may compile."""
        fs = self.fs
        if fs.loop_parents is None:
            fs.loop_parents = loop_parents(fs.scope.node.body)
        parent = fs.loop_parents.get(id(s))
        made = self.loop_sites.get(id(parent)) if parent is not None else None
        if made is None or made[1].kind != "loop":
            return None
        return self.jit_sites[_site_number(made[0])]

    def for_state(self, s: ast.NumFor) -> list:
        """Names for a compilable numeric for's start, limit, step and
        iterator: kept for the whole loop, since entering the region
        mid-loop needs the first three and resuming after it the last."""
        n = _site_number(self.loop_sites[id(s)][0])
        return [_load(f"_t{part}{n}") for part in "ABCI"]

    def loop_entry(self, found, state: list, counter=None) -> list:
        """The statements at the head of a compilable loop's body; state is
        a numeric for's (counter, limit, step, iterator), counter its
        scope.Var."""
        if found is None:
            return []
        name, site = found
        r = _load("_r")
        first = py.Subscript(r, py.Constant(0), py.Load())
        taken = [self.at(py.Assign([self.var_target(var)],
                                   py.Subscript(r, py.Constant(k), py.Load())))
                 for k, var in enumerate(site.outs, 1)]
        finished = [self.at(py.Break())]
        if site.has_return:
            finished.insert(0, self.at(py.If(self.not_run(first), [self.at(py.Return(first))],
                                             [])))
        if counter is None:     # a while or repeat resumes by running its body
            taken.append(self.at(py.If(py.Compare(first, [py.IsNot()], [_load("RS")]),
                                       finished, [])))
        else:
            turns = py.Subscript(r, py.Constant(-1), py.Load())
            resumed = [self.at(py.Assign([self.var_target(counter)],
                                         py.Call(_load("forskip"), [state[3], turns], [])))]
            taken.append(self.at(py.If(py.Compare(first, [py.Is()], [_load("RS")]),
                                       resumed, finished)))
        values = state[:3] + [self.var_value(v) for v in site.vars]
        return self.tick(name, [self.enter(name, values),
                                self.at(py.If(self.not_run(r), taken, []))])
