"""Hand-written CPython port of bench/vm/methods.lua: the floor for tier 0 (see bench/run_vm.py).

Lua's metatable classes become __slots__ classes (Vec.new is Vec(...), the two-level __index chain is
Particle(Vec)); closures are nested functions with nonlocal, one fresh callback per round as in the Lua.
"""

import sys


class Vec:
    """A 2D vector."""

    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)

    def dot(self, o):
        return self.x * o.x + self.y * o.y

    def len2(self):
        return self.dot(self)


class Particle(Vec):
    """A Vec with a velocity; Vec's methods are inherited."""

    __slots__ = ("vel",)

    def __init__(self, x, y, vx, vy):
        self.x = x
        self.y = y
        self.vel = Vec(vx, vy)

    def step(self, dt):
        self.x = self.x + self.vel.x * dt
        self.y = self.y + self.vel.y * dt


def make_counter():
    count = 0

    def counter(by):
        nonlocal count
        count += by
        return count

    return counter


def each(lst, fn):
    for i, item in enumerate(lst, 1):
        fn(item, i)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000

    particles = [Particle(i, -i, (i % 5) * 0.25, (i % 3) * 0.5) for i in range(1, 65)]

    acc = Vec(0, 0)
    counter = make_counter()
    energy = 0
    rounds = n / len(particles)
    for _ in range(int(rounds)):
        # A fresh closure per round capturing locals of this round.
        dt = 0.01
        round_sum = 0

        # Called only within this round, so capturing the loop's dt is safe.
        def visit(p, i):
            nonlocal round_sum
            p.step(dt)  # noqa: B023
            round_sum = round_sum + p.len2() * 1e-6 + i
            counter(1)

        each(particles, visit)
        first = particles[0]
        acc = acc.add(first.scale(0.5))
        energy = energy + round_sum + first.vel.dot(first.vel)

    print("methods(%d): calls=%d acc=(%.6f, %.6f) energy=%.6f" % (n, counter(0), acc.x, acc.y, energy))


if __name__ == "__main__":
    main()
