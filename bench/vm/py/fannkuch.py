"""Hand-written CPython port of bench/vm/fannkuch.lua: the floor for tier 0 (see bench/run_vm.py).

Copies, flips and rotations stay explicit element loops, as in the Lua (no slice tricks); lists are 0-based.
"""

import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 9

    perm = list(range(1, n + 1))
    count = [0] * (n + 1)  # indexed 1..n like the Lua, by rotation size
    work = [0] * n

    max_flips = checksum = index = 0
    r = n
    while True:
        # Reset the rotation counters below r.
        while r != 1:
            count[r] = r
            r -= 1

        # Count the flips of this permutation, on a copy.
        first = perm[0]
        if first != 1:
            for i in range(n):
                work[i] = perm[i]
            flips = 0
            k = first
            while k != 1:
                # Reverse work[0..k-1].
                lo = 0
                hi = k - 1
                while lo < hi:
                    work[lo], work[hi] = work[hi], work[lo]
                    lo += 1
                    hi -= 1
                flips += 1
                k = work[0]
            if flips > max_flips:
                max_flips = flips
            if index % 2 == 0:
                checksum += flips
            else:
                checksum -= flips

        # Next permutation: rotate the first r+1 elements left by one until a
        # counter is not yet exhausted.
        done = False
        while True:
            if r == n:
                done = True
                break
            p0 = perm[0]
            for i in range(r):
                perm[i] = perm[i + 1]
            perm[r] = p0
            count[r + 1] -= 1
            if count[r + 1] > 0:
                break
            r += 1
        if done:
            break
        index += 1

    print(checksum)
    print("Pfannkuchen(%d) = %d" % (n, max_flips))


if __name__ == "__main__":
    main()
