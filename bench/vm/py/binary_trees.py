"""Hand-written CPython port of bench/vm/binary_trees.lua: the floor for tier 0 (see bench/run_vm.py).

A node is a list [left, right] and a leaf a fresh empty list (not a tuple: () is a shared singleton,
so leaves would cost no allocation, unlike the Lua's {}).
"""

import sys


def make(depth):
    if depth == 0:
        return []
    depth -= 1
    return [make(depth), make(depth)]


def check(tree):
    """Number of nodes in the tree."""
    if not tree:
        return 1
    return 1 + check(tree[0]) + check(tree[1])


def main():
    max_depth = int(sys.argv[1]) if len(sys.argv) > 1 else 13
    min_depth = 4
    if max_depth < min_depth + 2:
        max_depth = min_depth + 2

    stretch = max_depth + 1
    print("stretch tree of depth %d\t check: %d" % (stretch, check(make(stretch))))

    long_lived = make(max_depth)

    for depth in range(min_depth, max_depth + 1, 2):
        iters = 2 ** (max_depth - depth + min_depth)
        total = 0
        for _ in range(iters):
            total += check(make(depth))
        print("%d\t trees of depth %d\t check: %d" % (iters, depth, total))

    print("long lived tree of depth %d\t check: %d" % (max_depth, check(long_lived)))


if __name__ == "__main__":
    main()
