"""Hand-written CPython port of bench/vm/mandelbrot.lua: the floor for tier 0 (see bench/run_vm.py).

Coordinates and the z recurrence are floats; the bit packing, counters and hash
are Python ints (exact, as Lua's doubles are below 2^53), using * 2 and % as the
Lua code does rather than bit operators.
"""

import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600

    iterations = 50
    nbytes, set_bits, checksum = 0, 0, 0
    for y in range(n):
        ci = 2.0 * y / n - 1.0
        byte, nbits = 0, 0
        for x in range(n):
            cr = 2.0 * x / n - 1.5
            zr, zi, zr2, zi2 = 0.0, 0.0, 0.0, 0.0
            inside = 1
            for _ in range(iterations):
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    inside = 0
                    break
            byte = byte * 2 + inside
            set_bits += inside
            nbits += 1
            if nbits == 8 or x == n - 1:
                # Pad the last byte of a row with zero bits.
                while nbits < 8:
                    byte *= 2
                    nbits += 1
                checksum = (checksum * 31 + byte) % 1000000007
                nbytes += 1
                byte, nbits = 0, 0

    print("mandelbrot(%d): %d bytes, %d set, checksum %d" % (n, nbytes, set_bits, checksum))


if __name__ == "__main__":
    main()
