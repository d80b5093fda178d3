/*
 * SHA-1 (FIPS 180-4): a streaming context (hmac.c builds on it) and the
 * one-shot helper of ngx.sha1_bin.
 */
#include <string.h>

#include "digest.h"
#include "mg_ffi.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static void transform(uint32_t *state, const unsigned char *block)
{
    uint32_t w[80], a, b, c, d, e, f, k, tmp;
    int i;

    /* the block as 16 big-endian words, expanded to the 80 of the schedule */
    for (i = 0; i < 16; i++) {
        w[i] = (uint32_t) block[i * 4] << 24
               | (uint32_t) block[i * 4 + 1] << 16
               | (uint32_t) block[i * 4 + 2] << 8
               | (uint32_t) block[i * 4 + 3];
    }
    for (; i < 80; i++) {
        tmp = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
        w[i] = ROTL(tmp, 1);
    }

    a = state[0];
    b = state[1];
    c = state[2];
    d = state[3];
    e = state[4];

    for (i = 0; i < 80; i++) {
        if (i < 20) {
            f = (b & c) | (~b & d);             /* choose */
            k = 0x5a827999;
        } else if (i < 40) {
            f = b ^ c ^ d;                      /* parity */
            k = 0x6ed9eba1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);    /* majority */
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        tmp = ROTL(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = ROTL(b, 30);
        b = a;
        a = tmp;
    }

    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
}

void mg_ffi_sha1_init(mg_ffi_sha1_ctx_t *ctx)
{
    ctx->state[0] = 0x67452301;
    ctx->state[1] = 0xefcdab89;
    ctx->state[2] = 0x98badcfe;
    ctx->state[3] = 0x10325476;
    ctx->state[4] = 0xc3d2e1f0;
    ctx->bytes = 0;
}

void mg_ffi_sha1_update(mg_ffi_sha1_ctx_t *ctx, const unsigned char *src,
                       size_t len)
{
    mg_digest_update(ctx->state, &ctx->bytes, ctx->block, src, len, transform);
}

void mg_ffi_sha1_final(mg_ffi_sha1_ctx_t *ctx, unsigned char *dst)
{
    int i;

    mg_digest_pad(ctx->state, &ctx->bytes, ctx->block, transform, 1);

    for (i = 0; i < MG_FFI_SHA1_LEN; i++) {
        dst[i] = (unsigned char) (ctx->state[i >> 2] >> (24 - 8 * (i & 3)));
    }
}

void mg_ffi_sha1_bin(const unsigned char *src, size_t len, unsigned char *dst)
{
    mg_ffi_sha1_ctx_t ctx;

    mg_ffi_sha1_init(&ctx);
    mg_ffi_sha1_update(&ctx, src, len);
    mg_ffi_sha1_final(&ctx, dst);
}
