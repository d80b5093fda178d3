"""Hand-written CPython port of bench/vm/strings.lua: the floor for tier 0 (see bench/run_vm.py).

Works on str; Lua patterns become `re` patterns compiled once ([0-9]/[A-Za-z] for %d/%a, as in the C
locale), and gsub with a function becomes re.sub with a function that upper-cases the match.
"""

import re
import sys

KEY_VAL_RE = re.compile(r"([A-Za-z]+)=([0-9]+)")
RATIO_RE = re.compile(r"ratio=([0-9.]+)")
DIGIT_RE = re.compile(r"[0-9]")
WORD_RE = re.compile(r"[A-Za-z]+")


def upper_match(m):
    return m[0].upper()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 80000

    find_key_val = KEY_VAL_RE.search
    match_ratio = RATIO_RE.search
    mask_digits = DIGIT_RE.subn
    sub_words = WORD_RE.sub

    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]
    nwords = len(words)

    total_len = hsh = replaced = found = 0
    batch = []
    for i in range(1, n + 1):
        w = words[i % nwords]
        # A record like a log line.
        rec = "%s-%05d: %s=%d; ratio=%.3f; hex=%x" % (w, i, w, i * 7 % 1000, i / 7, i)

        # Plain find of a separator, then slices on both sides of it.
        colon = rec.find(":")
        head = rec[:colon]
        tail = rec[colon + 2:]

        # Pattern find with captures, and match.
        m = find_key_val(tail)
        if m:
            key, val = m.groups()
            # Lua's s..e is 1-based inclusive: e - s == end - start - 1.
            found += m.end() - m.start() - 1 + len(key) + int(val) % 10
        ratio = match_ratio(rec)[1]

        # gsub with a string replacement and with a function replacement.
        masked, k = mask_digits("#", rec)
        replaced += k
        shout = sub_words(upper_match, head)

        # Concatenation of the pieces.
        line = shout + "|" + ratio + "|" + masked[-12:]
        batch.append(line)

        # Join a batch, fold it into the checksum, start a new batch.
        if len(batch) == 64 or i == n:
            joined = "\n".join(batch)
            total_len += len(joined)
            for j in range(0, len(joined), 97):
                hsh = (hsh * 31 + ord(joined[j])) % 1000000007
            batch = []

    print("strings(%d): len=%d found=%d replaced=%d hash=%d" % (n, total_len, found, replaced, hsh))


if __name__ == "__main__":
    main()
