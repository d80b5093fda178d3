/*
 * CRC-32 as nginx computes it for ngx.crc32_short and ngx.crc32_long: the
 * standard reflected CRC-32 (polynomial 0xEDB88320, initial value and final
 * xor 0xFFFFFFFF; zlib's crc32()). The two differ only in speed: the short
 * variant takes a nibble per lookup in a 64-byte table that stays in cache,
 * the long one a byte per lookup in a 1 KiB table.
 */
#include "mg_ffi.h"

#define POLY 0xedb88320u

/* the CRC of each 4-bit value */
static const uint32_t nibble_table[16] = {
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
    0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
    0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

/* the CRC of each byte value, computed bit by bit when the shared object
 * loads (before any caller can race on it) */
static uint32_t byte_table[256];

__attribute__((constructor)) static void init_byte_table(void)
{
    uint32_t c;
    int i, bit;

    for (i = 0; i < 256; i++) {
        c = (uint32_t) i;
        for (bit = 0; bit < 8; bit++) {
            c = (c >> 1) ^ (c & 1 ? POLY : 0);
        }
        byte_table[i] = c;
    }
}

unsigned int mg_ffi_crc32_short(const unsigned char *src, size_t len)
{
    uint32_t crc = 0xffffffff;
    size_t i;

    for (i = 0; i < len; i++) {
        /* low nibble first: the CRC is reflected */
        crc = nibble_table[(crc ^ src[i]) & 0x0f] ^ (crc >> 4);
        crc = nibble_table[(crc ^ (src[i] >> 4)) & 0x0f] ^ (crc >> 4);
    }

    return (unsigned int) (crc ^ 0xffffffff);
}

unsigned int mg_ffi_crc32_long(const unsigned char *src, size_t len)
{
    uint32_t crc = 0xffffffff;
    size_t i;

    for (i = 0; i < len; i++) {
        crc = byte_table[(crc ^ src[i]) & 0xff] ^ (crc >> 8);
    }

    return (unsigned int) (crc ^ 0xffffffff);
}
