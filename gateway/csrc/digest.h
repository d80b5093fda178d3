/*
 * The part md5.c and sha1.c share: feeding input to a 64-byte block
 * function through a partial-block buffer, and the final padding (not part
 * of the ffi API).
 */
#ifndef MG_DIGEST_H
#define MG_DIGEST_H

#include <stddef.h>
#include <stdint.h>

typedef void (*mg_digest_block_pt)(uint32_t *state, const unsigned char *block);

/* Adds len bytes of src to a digest whose input so far counts *bytes and
 * whose partial block is `block`; whole blocks go to `transform`. */
void mg_digest_update(uint32_t *state, uint64_t *bytes, unsigned char *block,
                      const unsigned char *src, size_t len,
                      mg_digest_block_pt transform);

/* Pads the input as MD5 and SHA-1 do (0x80, zeros up to 56 mod 64, then
 * the bit length, little- or big-endian) and runs the last block(s). */
void mg_digest_pad(uint32_t *state, uint64_t *bytes, unsigned char *block,
                   mg_digest_block_pt transform, int big_endian);

#endif
