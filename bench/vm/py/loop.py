"""Hand-written CPython port of bench/vm/loop.lua: the floor for tier 0 (see bench/run_vm.py).

The loop counter is a Python int (i * 0.5 and (i % 10) * 0.001 give the same
doubles as Lua's float counter); the accumulators are floats.
"""

import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000000

    total, x, y = 0.0, 0.5, 0.0
    for i in range(1, n + 1):
        f = i * 0.5
        total += f / (f + 1.0)
        # Contractive recurrences: x and y stay bounded and any rounding
        # difference decays instead of growing, so the printed digits are stable.
        x = x * 0.999 + (i % 10) * 0.001
        y = y * 0.5 + x - 2.25

    print("loop(%d) = %.6f %.6f %.6f" % (n, total, x, y))


if __name__ == "__main__":
    main()
