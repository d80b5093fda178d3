"""Hand-written CPython port of bench/vm/fib.lua: the floor for tier 0 (see bench/run_vm.py).

Python ints throughout (every value is a small integer, so %d prints the same);
fib is a module-level function, so each recursive call looks itself up as a global
(Lua looks itself up as an upvalue).
"""

import sys


def fib(k):
    if k < 2:
        return k
    return fib(k - 1) + fib(k - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 33
    print("fib(%d) = %d" % (n, fib(n)))


if __name__ == "__main__":
    main()
