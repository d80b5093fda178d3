"""Hand-written CPython port of bench/vm/tables.lua: the floor for tier 0 (see bench/run_vm.py).

The string-keyed map is a dict (delete is `del`), arrays are lists grown by append, and the small
records are dict literals (a class would add an __init__ call the Lua table constructor does not make).
"""

import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 150

    nkeys = 5000
    keys = ["key" + str(i) for i in range(1, nkeys + 1)]
    missing = ["absent" + str(i) for i in range(1, 101)]

    checksum = 0
    for rnd in range(1, n + 1):
        # Fill a map with string keys.
        tmap = {}
        for i, k in enumerate(keys, 1):
            tmap[k] = i + rnd

        # Look every key up, plus some misses.
        hits = 0
        for k in reversed(keys):
            hits += tmap[k]
        for k in missing:
            if k not in tmap:
                hits += 1

        # Update in place, then delete every third key.
        for i in range(0, nkeys, 2):
            k = keys[i]
            tmap[k] = tmap[k] * 2
        for i in range(2, nkeys, 3):
            del tmap[keys[i]]

        # Count what is left by iterating over the map.
        left = total = 0
        for v in tmap.values():
            left += 1
            total += v

        # Arrays: appends (the Lua's t[#t+1] and table.insert), then a walk.
        arr = []
        append = arr.append
        for i in range(1, nkeys + 1):
            append(i)
        for i in range(1, nkeys + 1):
            append(i * 2)
        asum = 0
        for v in arr:
            asum += v

        # A small record per key: the "array of structs" shape.
        recs = [{"id": i, "name": keys[i - 1], "score": i % 17} for i in range(1, 1001)]
        best = 0
        for r in recs:
            if r["score"] > best:
                best = r["score"]

        checksum = (checksum + hits + left + total + asum + len(arr) + best) % 1000000007

    print("tables(%d): checksum %d" % (n, checksum))


if __name__ == "__main__":
    main()
