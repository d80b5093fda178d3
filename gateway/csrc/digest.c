/*
 * Block buffering shared by the digests (digest.h).
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
