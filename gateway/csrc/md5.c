/*
 * MD5 (RFC 1321): a streaming context and one-shot helpers for ngx.md5 and
 * ngx.md5_bin. Written for clarity over the last few percent of speed: one
 * loop over the 64 steps, the round picked per step.
 */
#include <string.h>

#include "digest.h"
#include "mg_ffi.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

/* T[i] = floor(|sin(i + 1)| * 2^32), the RFC's table */
static const uint32_t T[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
    0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
    0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
    0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
    0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
    0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
    0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* left-rotation amounts: four per round, repeated over its 16 steps */
static const unsigned char SHIFT[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21},
};

static void transform(uint32_t *state, const unsigned char *block)
{
    uint32_t x[16], a, b, c, d, f, tmp;
    int i, k;

    /* the block as 16 little-endian words, whatever the host's byte order */
    for (i = 0; i < 16; i++) {
        x[i] = (uint32_t) block[i * 4]
               | (uint32_t) block[i * 4 + 1] << 8
               | (uint32_t) block[i * 4 + 2] << 16
               | (uint32_t) block[i * 4 + 3] << 24;
    }

    a = state[0];
    b = state[1];
    c = state[2];
    d = state[3];

    for (i = 0; i < 64; i++) {
        /* the round's function and the word order it reads the block in */
        switch (i >> 4) {
        case 0:
            f = (b & c) | (~b & d);
            k = i;
            break;
        case 1:
            f = (b & d) | (c & ~d);
            k = (5 * i + 1) & 15;
            break;
        case 2:
            f = b ^ c ^ d;
            k = (3 * i + 5) & 15;
            break;
        default:
            f = c ^ (b | ~d);
            k = (7 * i) & 15;
            break;
        }
        tmp = d;
        d = c;
        c = b;
        f += a + T[i] + x[k];
        b += ROTL(f, SHIFT[i >> 4][i & 3]);
        a = tmp;
    }

    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

void mg_ffi_md5_init(mg_ffi_md5_ctx_t *ctx)
{
    ctx->state[0] = 0x67452301;
    ctx->state[1] = 0xefcdab89;
    ctx->state[2] = 0x98badcfe;
    ctx->state[3] = 0x10325476;
    ctx->bytes = 0;
}

void mg_ffi_md5_update(mg_ffi_md5_ctx_t *ctx, const unsigned char *src,
                       size_t len)
{
    mg_digest_update(ctx->state, &ctx->bytes, ctx->block, src, len, transform);
}

void mg_ffi_md5_final(mg_ffi_md5_ctx_t *ctx, unsigned char *dst)
{
    int i;

    mg_digest_pad(ctx->state, &ctx->bytes, ctx->block, transform, 0);

    for (i = 0; i < 16; i++) {
        dst[i] = (unsigned char) (ctx->state[i >> 2] >> (8 * (i & 3)));
    }
}

void mg_ffi_md5(const unsigned char *src, size_t len, unsigned char *dst)
{
    mg_ffi_md5_ctx_t ctx;

    mg_ffi_md5_init(&ctx);
    mg_ffi_md5_update(&ctx, src, len);
    mg_ffi_md5_final(&ctx, dst);
}

void mg_ffi_md5_hex(const unsigned char *src, size_t len, unsigned char *dst)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char bin[MG_FFI_MD5_LEN];
    int i;

    mg_ffi_md5(src, len, bin);
    for (i = 0; i < MG_FFI_MD5_LEN; i++) {
        dst[2 * i] = (unsigned char) digits[bin[i] >> 4];
        dst[2 * i + 1] = (unsigned char) digits[bin[i] & 15];
    }
}
