"""Hand-written CPython port of bench/vm/spectral_norm.lua: the floor for tier 0 (see bench/run_vm.py).

Vectors are 0-based lists of floats (Lua's are 1-based tables); a() is called once
per matrix element as in Lua, and n is passed as an argument where Lua reads it as
an upvalue.
"""

import sys
from math import sqrt


def a(i, j):
    ij = i + j
    return 1.0 / (ij * (ij + 1) * 0.5 + i + 1)


def mul_av(n, v, out):
    """out = A * v"""
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(i, j) * v[j]
        out[i] = s


def mul_atv(n, v, out):
    """out = A^T * v"""
    for i in range(n):
        s = 0.0
        for j in range(n):
            s += a(j, i) * v[j]
        out[i] = s


def mul_atav(n, v, out, tmp):
    """out = A^T * A * v, through a scratch vector."""
    mul_av(n, v, tmp)
    mul_atv(n, tmp, out)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 350

    u, v, tmp = [1.0] * n, [0.0] * n, [0.0] * n
    for _ in range(10):
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)

    vbv, vv = 0.0, 0.0
    for i in range(n):
        vbv += u[i] * v[i]
        vv += v[i] * v[i]
    print("%.9f" % sqrt(vbv / vv))


if __name__ == "__main__":
    main()
