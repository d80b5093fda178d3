/*
 * Block buffering and padding shared by the digests (digest.h).
 */
#include <string.h>

#include "digest.h"

void mg_digest_update(uint32_t *state, uint64_t *bytes, unsigned char *block,
                      const unsigned char *src, size_t len,
                      mg_digest_block_pt transform)
{
    size_t used = (size_t) (*bytes & 63), room;

    if (len == 0) {
        return;     /* src may then be NULL, which memcpy must not see */
    }

    *bytes += len;

    if (used) {
        /* top up the partial block first */
        room = 64 - used;
        if (len < room) {
            memcpy(block + used, src, len);
            return;
        }
        memcpy(block + used, src, room);
        transform(state, block);
        src += room;
        len -= room;
    }

    /* whole blocks straight from the input, no copy */
    for (; len >= 64; src += 64, len -= 64) {
        transform(state, src);
    }

    memcpy(block, src, len);
}

void mg_digest_pad(uint32_t *state, uint64_t *bytes, unsigned char *block,
                   mg_digest_block_pt transform, int big_endian)
{
    static const unsigned char pad[64] = { 0x80 };
    unsigned char length[8];
    uint64_t bits = *bytes * 8;
    size_t used = (size_t) (*bytes & 63);
    int i;

    for (i = 0; i < 8; i++) {
        length[i] = (unsigned char) (bits >> (big_endian ? 56 - 8 * i : 8 * i));
    }
    mg_digest_update(state, bytes, block, pad, used < 56 ? 56 - used : 120 - used,
                     transform);
    mg_digest_update(state, bytes, block, length, 8, transform);
}
